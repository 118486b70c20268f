package dev.forgeline.release.maven.central;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * What Central's POM rules look at in one POM: its coordinates, its parent's, and whether it has each required
 * element. Inheritance follows Maven's model: {@code name} is not inherited, the others are.
 */
record PomMetadata(String gav, String parentGav, boolean name, boolean description, boolean url, boolean licenses,
        boolean developers, boolean scm) {

    static PomMetadata read(Path pom) throws IOException {
        Element project;
        try (InputStream in = Files.newInputStream(pom)) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            project = factory.newDocumentBuilder().parse(in).getDocumentElement();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (!"project".equals(project.getLocalName())) {
            throw new IOException("the root element is <" + project.getLocalName() + ">, not <project>");
        }
        Element parent = child(project, "parent");
        String parentGav = parent == null ? null
                : text(parent, "groupId") + ":" + text(parent, "artifactId") + ":" + text(parent, "version");
        String group = text(project, "groupId");
        String version = text(project, "version");
        if (parent != null) {
            group = group.isEmpty() ? text(parent, "groupId") : group;
            version = version.isEmpty() ? text(parent, "version") : version;
        }
        boolean licenses = children(child(project, "licenses"), "license").stream()
                .anyMatch(l -> !text(l, "name").isEmpty());
        boolean developers = children(child(project, "developers"), "developer").stream()
                .anyMatch(d -> !text(d, "name").isEmpty() || !text(d, "id").isEmpty());
        Element scm = child(project, "scm");
        return new PomMetadata(group + ":" + text(project, "artifactId") + ":" + version, parentGav,
                !text(project, "name").isEmpty(), !text(project, "description").isEmpty(),
                !text(project, "url").isEmpty(), licenses, developers, scm != null && !text(scm, "url").isEmpty());
    }

    /** The required elements neither this POM nor (where Maven inherits) its parents in the release have. */
    List<String> missingFields(Function<String, PomMetadata> releasePoms) {
        List<String> missing = new ArrayList<>();
        if (!name) {
            missing.add("<name>");
        }
        if (!inherited(releasePoms, PomMetadata::description)) {
            missing.add("<description>");
        }
        if (!inherited(releasePoms, PomMetadata::url)) {
            missing.add("<url>");
        }
        if (!inherited(releasePoms, PomMetadata::licenses)) {
            missing.add("<licenses> (a <license> with a <name>)");
        }
        if (!inherited(releasePoms, PomMetadata::developers)) {
            missing.add("<developers> (a <developer> with a <name> or <id>)");
        }
        if (!inherited(releasePoms, PomMetadata::scm)) {
            missing.add("<scm> (with a <url>)");
        }
        return missing;
    }

    private boolean inherited(Function<String, PomMetadata> releasePoms, java.util.function.Predicate<PomMetadata> has) {
        PomMetadata pom = this;
        for (int depth = 0; pom != null && depth < 16; depth++) {
            if (has.test(pom)) {
                return true;
            }
            pom = pom.parentGav == null ? null : releasePoms.apply(pom.parentGav);
        }
        return false;
    }

    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        if (parent != null) {
            for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && name.equals(e.getLocalName())) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? "" : e.getTextContent().strip();
    }
}
