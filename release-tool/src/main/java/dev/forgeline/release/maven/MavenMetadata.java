package dev.forgeline.release.maven;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** Reads the parts of a GA-level {@code maven-metadata.xml} the publisher checks: ids and the versions list. */
record MavenMetadata(String groupId, String artifactId, Set<String> versions) {

    static final String FILE_NAME = "maven-metadata.xml";

    MavenMetadata {
        versions = Set.copyOf(versions);
    }

    /** The metadata in {@code file}, or an empty one when the file does not exist. */
    static MavenMetadata readIfExists(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return new MavenMetadata(null, null, Set.of());
        }
        return read(file);
    }

    static MavenMetadata read(Path file) throws IOException {
        Document document;
        try (InputStream in = Files.newInputStream(file)) {
            document = newBuilder().parse(in);
        } catch (SAXException e) {
            throw new IOException("Not a valid maven-metadata.xml: " + file + ": " + e.getMessage(), e);
        }
        Element root = document.getDocumentElement();
        Set<String> versions = new TreeSet<>();
        NodeList versioning = root.getElementsByTagName("versions");
        for (int i = 0; i < versioning.getLength(); i++) {
            NodeList list = ((Element) versioning.item(i)).getElementsByTagName("version");
            for (int j = 0; j < list.getLength(); j++) {
                versions.add(list.item(j).getTextContent().trim());
            }
        }
        return new MavenMetadata(childText(root, "groupId"), childText(root, "artifactId"), versions);
    }

    private static String childText(Element parent, String name) {
        for (var node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element.getTextContent().trim();
            }
        }
        return null;
    }

    private static DocumentBuilder newBuilder() throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            factory.setNamespaceAware(false);
            return factory.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IOException("No usable XML parser in this JVM", e);
        }
    }
}
