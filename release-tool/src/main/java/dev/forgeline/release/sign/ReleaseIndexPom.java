package dev.forgeline.release.sign;

import dev.forgeline.release.common.ReleaseIndex;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.manifest.ReleaseManifest.ArtifactRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The POM that gives the release index a home coordinate ({@code G:forgeline-release-index:V}) in a Maven repository:
 * a repository, Maven Central among them, accepts an artifactId only with a POM, and Central only with a POM that has
 * a name, description, url, licenses, developers and scm. Those are copied from the release's root POM (the one whose
 * parent is not in the release), so the index carries the project's own metadata. Written canonically: the same
 * release gives the same bytes.
 */
public final class ReleaseIndexPom {
    /** Its file name in a release directory, next to the index. */
    public static final String FILE_NAME = ReleaseIndex.POM_FILE_NAME;
    /** The root POM's elements a repository's rules ask of every POM, copied in this order. */
    private static final List<String> COPIED = List.of("url", "licenses", "developers", "scm", "organization");

    private ReleaseIndexPom() {}

    /** The index POM of {@code manifest}'s release, whose POM files lie in {@code releaseDir}. */
    public static byte[] of(Path releaseDir, ReleaseManifest manifest) throws IOException {
        String groupId = manifest.project().groupId();
        String version = manifest.project().version();
        Element root = rootPom(releaseDir, manifest);
        String rootName = root == null ? null : text(root, "name");
        StringBuilder xml = new StringBuilder();
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<project xmlns=\"http://maven.apache.org/POM/4.0.0\"")
                .append(" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"")
                .append(" xsi:schemaLocation=\"http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd\">\n");
        element(xml, 1, "modelVersion", "4.0.0");
        element(xml, 1, "groupId", groupId);
        element(xml, 1, "artifactId", ReleaseIndex.ARTIFACT_ID);
        element(xml, 1, "version", version);
        element(xml, 1, "packaging", "pom");
        element(xml, 1, "name", (rootName == null || rootName.isBlank() ? groupId : rootName) + " release index");
        element(xml, 1, "description", "The signed list of the names and SHA-256 digests of every file of release "
                + groupId + " " + version + " (" + ReleaseIndex.MEDIA_TYPE + "), attached as "
                + ReleaseIndex.ARTIFACT_ID + "-" + version + ".json. forgeline verify checks each file's name and"
                + " digest against it.");
        if (root != null) {
            for (String name : COPIED) {
                Element e = child(root, name);
                if (e != null) {
                    copy(xml, 1, e);
                }
            }
        }
        xml.append("</project>\n");
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The release's root POM: among its POMs (group's, no classifier), the first by artifactId whose parent is not one of them. */
    static Element rootPom(Path releaseDir, ReleaseManifest manifest) throws IOException {
        List<ArtifactRecord> poms = manifest.artifacts().stream()
                .filter(a -> a.classifier() == null && "pom".equals(a.extension())
                        && a.groupId().equals(manifest.project().groupId()))
                .sorted(Comparator.comparing(ArtifactRecord::artifactId))
                .toList();
        Set<String> inRelease = new HashSet<>();
        poms.forEach(p -> inRelease.add(p.groupId() + ":" + p.artifactId()));
        List<Element> roots = new ArrayList<>();
        for (ArtifactRecord pom : poms) {
            Element project = parseOrNull(ManifestStore.artifactFile(releaseDir, pom));
            if (project == null) {
                continue; // not a POM one can read: it cannot be the root either (Central's own rules check says so)
            }
            Element parent = child(project, "parent");
            if (parent == null || !inRelease.contains(text(parent, "groupId") + ":" + text(parent, "artifactId"))) {
                roots.add(project);
            }
        }
        return roots.isEmpty() ? null : roots.get(0);
    }

    private static void copy(StringBuilder xml, int depth, Element e) {
        List<Element> children = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                children.add(c);
            }
        }
        if (children.isEmpty()) {
            element(xml, depth, e.getLocalName() == null ? e.getTagName() : e.getLocalName(), e.getTextContent().trim());
            return;
        }
        String tag = e.getLocalName() == null ? e.getTagName() : e.getLocalName();
        xml.append("  ".repeat(depth)).append('<').append(tag).append(">\n");
        children.forEach(c -> copy(xml, depth + 1, c));
        xml.append("  ".repeat(depth)).append("</").append(tag).append(">\n");
    }

    private static void element(StringBuilder xml, int depth, String tag, String text) {
        xml.append("  ".repeat(depth)).append('<').append(tag).append('>').append(escape(text)).append("</")
                .append(tag).append(">\n");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static Element parseOrNull(Path pom) throws IOException {
        try (InputStream in = Files.newInputStream(pom)) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            javax.xml.parsers.DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler()); // no "[Fatal Error]" on stderr
            return builder.parse(in).getDocumentElement();
        } catch (org.xml.sax.SAXException e) {
            return null;
        } catch (javax.xml.parsers.ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName() == null ? e.getTagName() : e.getLocalName())) {
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
