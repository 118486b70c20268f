package dev.forgeline.release.verify;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The parent a POM names, read from an untrusted file (no DTD, no external entity, at most {@link #POM_BYTES}): only to
 * find where a release keeps its provenance, never trusted for what it says.
 */
final class PomParent {
    private static final long POM_BYTES = 1024 * 1024;

    private PomParent() {}

    /** The parent's artifactId when the parent has {@code groupId} and {@code version}, else empty. */
    static Optional<String> of(Path pom, String groupId, String version) {
        SmallFile bytes = SmallFile.read(pom, POM_BYTES);
        if (bytes.status() != SmallFile.Status.READ) {
            return Optional.empty();
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            Element project = factory.newDocumentBuilder().parse(new ByteArrayInputStream(bytes.bytes()))
                    .getDocumentElement();
            Element parent = child(project, "parent");
            if (parent == null || !groupId.equals(text(parent, "groupId")) || !version.equals(text(parent, "version"))) {
                return Optional.empty();
            }
            return Optional.ofNullable(text(parent, "artifactId"));
        } catch (Exception e) {
            return Optional.empty(); // not a POM we can read: no parent to follow
        }
    }

    private static Element child(Element element, String name) {
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName() != null ? e.getLocalName() : e.getTagName())) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element element, String name) {
        Element child = child(element, name);
        return child == null ? null : child.getTextContent().strip();
    }
}
