package dev.forgeline.release.config;

import java.io.IOException;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The coordinates a pom.xml declares (inheriting groupId and version from its parent element, as
 * Maven does). Enough for the release tool; it is not a Maven model builder.
 */
public record PomCoordinates(String groupId, String artifactId, String version, String packaging) {

    public static PomCoordinates read(Path pom) {
        Document doc = parse(pom);
        Element project = doc.getDocumentElement();
        Element parent = child(project, "parent");
        String groupId = text(project, "groupId");
        String version = text(project, "version");
        if (parent != null) {
            groupId = groupId != null ? groupId : text(parent, "groupId");
            version = version != null ? version : text(parent, "version");
        }
        String packaging = text(project, "packaging");
        return new PomCoordinates(groupId, text(project, "artifactId"), version, packaging == null ? "jar" : packaging);
    }

    static Document parse(Path pom) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(false);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(pom.toFile());
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new ConfigException(pom + ": not a readable pom.xml: " + e.getMessage(), "fix the XML", e);
        }
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }
}
