package dev.forgeline.release.sign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.common.ReleaseIndex;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.manifest.ReleaseManifest.ArtifactRecord;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class ReleaseIndexPomTest {
    private static final String G = "org.example";
    private static final String V = "1.2.0";
    private static final String META = """
              <url>https://example.org/project</url>
              <licenses><license><name>Apache-2.0</name><url>https://www.apache.org/licenses/LICENSE-2.0</url></license></licenses>
              <developers><developer><id>ada</id><name>Ada &amp; Co</name></developer></developers>
              <scm><url>https://example.org/scm</url><connection>scm:git:https://example.org/x.git</connection></scm>
            """;

    @TempDir
    Path dir;

    @Test
    void of_multiModuleRelease_copiesTheRootPomsMetadataUnderTheIndexCoordinate() throws Exception {
        ReleaseManifest manifest = manifest(
                pom("parent", "<name>Example</name>" + META, null),
                pom("child", "<name>Child</name><url>https://wrong.example/child</url>", "parent"));

        byte[] bytes = ReleaseIndexPom.of(dir, manifest);
        Document pom = parse(bytes);

        assertEquals(G, text(pom, "groupId"));
        assertEquals(ReleaseIndex.ARTIFACT_ID, text(pom, "artifactId"));
        assertEquals(V, text(pom, "version"));
        assertEquals("pom", text(pom, "packaging"));
        assertEquals("Example release index", text(pom, "name"));
        assertTrue(text(pom, "description").contains(G + " " + V), text(pom, "description"));
        assertEquals("https://example.org/project", text(pom, "url"), "the root's url, not the child's");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < pom.getElementsByTagName("name").getLength(); i++) {
            names.add(pom.getElementsByTagName("name").item(i).getTextContent());
        }
        assertEquals(List.of("Example release index", "Apache-2.0", "Ada & Co"), names);
        assertEquals("scm:git:https://example.org/x.git", text(pom, "connection"));
        assertArrayEquals(bytes, ReleaseIndexPom.of(dir, manifest), "the same release gives the same bytes");
    }

    @Test
    void of_rootWithoutMetadataOrUnreadablePoms_writesAPomWithoutItRatherThanFail() throws Exception {
        ArtifactRecord garbage = record("broken", Files.write(dir.resolve("broken.pom"), new byte[] {(byte) 0xff, 0x00}));
        ReleaseManifest manifest = manifest(pom("lib", "", null), garbage);

        String pom = new String(ReleaseIndexPom.of(dir, manifest), StandardCharsets.UTF_8);

        assertTrue(pom.contains("<artifactId>forgeline-release-index</artifactId>"), pom);
        assertTrue(pom.contains("<name>" + G + " release index</name>"), pom);
        assertFalse(pom.contains("<licenses>"), pom);
        parse(pom.getBytes(StandardCharsets.UTF_8));
    }

    private ArtifactRecord pom(String artifactId, String body, String parent) throws Exception {
        String parentXml = parent == null ? ""
                : "<parent><groupId>" + G + "</groupId><artifactId>" + parent + "</artifactId><version>" + V
                        + "</version></parent>";
        String xml = "<?xml version=\"1.0\"?>\n<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0"
                + "</modelVersion>" + parentXml + "<groupId>" + G + "</groupId><artifactId>" + artifactId
                + "</artifactId><version>" + V + "</version>" + body + "</project>\n";
        return record(artifactId, Files.writeString(dir.resolve(artifactId + ".pom"), xml));
    }

    private ArtifactRecord record(String artifactId, Path file) throws Exception {
        return new ArtifactRecord(G, artifactId, V, null, "pom", null, file.getFileName().toString(), Files.size(file),
                Checksums.sha256(file));
    }

    private static ReleaseManifest manifest(ArtifactRecord... records) {
        return ReleaseManifest.of(new ReleaseManifest.Project(G, V),
                new ReleaseManifest.Source("0123456789abcdef0123456789abcdef01234567", false, 1_700_000_000L),
                new TreeMap<>(), new ArrayList<>(List.of(records)));
    }

    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    private static String text(Document pom, String tag) {
        return pom.getElementsByTagName(tag).item(0).getTextContent();
    }
}
