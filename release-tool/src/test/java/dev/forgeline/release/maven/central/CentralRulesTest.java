package dev.forgeline.release.maven.central;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.maven.central.CentralViolation.Rule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CentralRulesTest {
    static final String PARENT_METADATA = CentralRulesTestData.PARENT_METADATA;

    @TempDir
    Path repo;

    @Test
    void check_completeRelease_hasNoViolations() throws IOException {
        writeCompleteRelease();
        assertEquals(List.of(), CentralRules.checkDirectory(repo));
    }

    @Test
    void check_platformJarsWithoutSourcesAndPomOnlyParent_needNoSourcesOrJavadoc() throws IOException {
        writeCompleteRelease();
        // The parent is POM-only and core-1.0-linux-x86_64.jar is a classifier jar: neither needs -sources/-javadoc.
        assertTrue(Files.exists(repo.resolve("org/example/core/1.0/core-1.0-linux-x86_64.jar")));
        assertTrue(Files.notExists(repo.resolve("org/example/core/1.0/core-1.0-linux-x86_64-sources.jar")));
        assertEquals(List.of(), CentralRules.checkDirectory(repo));
    }

    @Test
    void check_brokenRelease_listsEveryViolationAtOnce() throws IOException {
        writeCompleteRelease();
        // A POM without parent and with only name: everything else missing.
        file("org/example/lonely/1.0/lonely-1.0.pom", pom("org.example", "lonely", "1.0", null, "<name>Lonely</name>"));
        // The main jar without its javadoc jar.
        Files.delete(repo.resolve("org/example/core/1.0/core-1.0-javadoc.jar"));
        Files.delete(repo.resolve("org/example/core/1.0/core-1.0-javadoc.jar.asc"));
        // A classifier jar without signature, a POM with a wrong .sha1 and without .md5.
        Files.delete(repo.resolve("org/example/core/1.0/core-1.0-linux-x86_64.jar.asc"));
        Files.writeString(repo.resolve("org/example/core/1.0/core-1.0.pom.sha1"), "0".repeat(40));
        Files.delete(repo.resolve("org/example/core/1.0/core-1.0.pom.md5"));

        List<CentralViolation> violations = CentralRules.checkDirectory(repo);

        Set<String> found = violations.stream().map(v -> v.path() + " " + v.rule()).collect(Collectors.toSet());
        assertEquals(Set.of(
                "org/example/core/1.0/core-1.0.jar " + Rule.SOURCES_OR_JAVADOC_MISSING,
                "org/example/core/1.0/core-1.0-linux-x86_64.jar " + Rule.SIGNATURE_MISSING,
                "org/example/core/1.0/core-1.0.pom.sha1 " + Rule.CHECKSUM_WRONG,
                "org/example/core/1.0/core-1.0.pom " + Rule.CHECKSUM_MISSING,
                "org/example/lonely/1.0/lonely-1.0.pom " + Rule.POM_METADATA), found);
        CentralViolation lonely = violations.stream()
                .filter(v -> v.rule() == Rule.POM_METADATA).findFirst().orElseThrow();
        assertEquals("lacks <description>, <url>, <licenses> (a <license> with a <name>), <developers> (a <developer>"
                + " with a <name> or <id>), <scm> (with a <url>) (in the POM)", lonely.message());

        CentralRulesException e = assertThrows(CentralRulesException.class, () -> CentralRules.require(repo,
                List.of(relativeFiles())));
        assertEquals(ExitCode.CHECK_FAILED, e.exitCode());
        assertEquals(violations, e.violations());
        assertTrue(e.getMessage().contains("in 5 place(s)"), e.getMessage());
        assertTrue(e.getMessage().contains("core-1.0-javadoc.jar next to it"), e.getMessage());
    }

    @Test
    void check_nameIsNotInherited_butTheRestIs() throws IOException {
        writeCompleteRelease();
        file("org/example/core/1.0/core-1.0.pom", pom("org.example", "core", "1.0", "org.example:parent:1.0", ""));

        List<CentralViolation> violations = CentralRules.checkDirectory(repo);

        assertEquals(1, violations.size(), violations.toString());
        assertEquals(Rule.POM_METADATA, violations.get(0).rule());
        assertEquals("lacks <name> (in the POM or a parent POM in this release)", violations.get(0).message());
    }

    @Test
    void check_pomNamingOtherCoordinates_isReported() throws IOException {
        writeCompleteRelease();
        file("org/example/core/1.0/core-1.0.pom", pom("org.example", "other", "1.0", "org.example:parent:1.0",
                "<name>Core</name>"));

        List<CentralViolation> violations = CentralRules.checkDirectory(repo);

        assertEquals(List.of(Rule.POM_COORDINATES), violations.stream().map(CentralViolation::rule).toList());
    }

    private String[] relativeFiles() throws IOException {
        try (var walk = Files.walk(repo)) {
            return walk.filter(Files::isRegularFile).map(p -> repo.relativize(p).toString()).toArray(String[]::new);
        }
    }

    private void writeCompleteRelease() throws IOException {
        file("org/example/parent/1.0/parent-1.0.pom", pom("org.example", "parent", "1.0", null, PARENT_METADATA));
        file("org/example/core/1.0/core-1.0.pom", pom(null, "core", "1.0", "org.example:parent:1.0",
                "<name>Core</name>"));
        file("org/example/core/1.0/core-1.0.jar", "jar");
        file("org/example/core/1.0/core-1.0-sources.jar", "sources");
        file("org/example/core/1.0/core-1.0-javadoc.jar", "javadoc");
        file("org/example/core/1.0/core-1.0-linux-x86_64.jar", "native");
        // Central writes its own metadata: one in the bundle is ignored (no signature or checksums needed).
        Files.writeString(repo.resolve("org/example/core/maven-metadata.xml"), "<metadata/>");
    }

    /** The file, its .asc (presence is what the rules check) and its four checksum files. */
    private void file(String path, String content) throws IOException {
        Path file = repo.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.writeString(file.resolveSibling(file.getFileName() + ".asc"), "-----BEGIN PGP SIGNATURE-----\n");
        Checksums.Digests digests = Checksums.of(file);
        for (Checksums.Algorithm algorithm : Checksums.Algorithm.values()) {
            Files.writeString(algorithm.sidecarOf(file), digests.get(algorithm), StandardCharsets.US_ASCII);
        }
    }

    static String pom(String groupId, String artifactId, String version, String parentGav, String body) {
        String parent = "";
        if (parentGav != null) {
            String[] p = parentGav.split(":");
            parent = "<parent><groupId>" + p[0] + "</groupId><artifactId>" + p[1] + "</artifactId><version>" + p[2]
                    + "</version></parent>";
        }
        return "<?xml version=\"1.0\"?>\n<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0"
                + "</modelVersion>" + parent + (groupId == null ? "" : "<groupId>" + groupId + "</groupId>")
                + "<artifactId>" + artifactId + "</artifactId><version>" + version + "</version>" + body
                + "</project>\n";
    }
}
