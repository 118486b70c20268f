package dev.forgeline.release.maven;

import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.common.MavenCoordinates;

import static dev.forgeline.release.maven.Fixtures.GROUP;
import static dev.forgeline.release.maven.Fixtures.jarRelease;
import static dev.forgeline.release.maven.Fixtures.pom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MavenArtifactResolverTest {

    @TempDir
    Path work;

    private Path repo;
    private List<PublishedArtifact> coreRelease;

    /** Publishes core 1.0.0 (jar + linux-x86_64 jar) and bom-like {@code app}, a pom depending on both. */
    @BeforeEach
    void publishRelease() throws Exception {
        repo = work.resolve("repo");
        coreRelease = jarRelease(work, "core", "1.0.0", "linux-x86_64", "osx-aarch_64");
        List<PublishedArtifact> artifacts = new ArrayList<>(coreRelease);
        // app: a pom that depends on core, on core's linux classifier jar, and on a test-scoped artifact that is
        // published nowhere (must not be resolved); its <repositories> must be ignored.
        String appPom = pom("app", "1.0.0", "pom", "core:1.0.0", "core:1.0.0:linux-x86_64", "junit-ish:9:tests:test")
                .replace("</project>", "  <repositories><repository><id>elsewhere</id>"
                        + "<url>http://127.0.0.1:9/never</url></repository></repositories>\n</project>");
        artifacts.add(new PublishedArtifact(GROUP, "app", "1.0.0", null, "pom",
                Fixtures.write(work.resolve("build/app"), "pom.xml", appPom)));
        new MavenPublisher().publish(PublishRequest.toDirectory(repo, artifacts));
    }

    private ResolutionResult resolve(String coordinate) {
        return new MavenArtifactResolver().resolve(
                ResolutionRequest.fromDirectory(MavenCoordinates.parse(coordinate), repo, work.resolve("m2-empty")));
    }

    @Test
    void resolve_publishedPomWithTransitiveClassifierDependency_resolvesFromRepositoryAlone() throws Exception {
        Path local = work.resolve("m2-empty");

        ResolutionResult result = resolve(GROUP + ":app:1.0.0@pom");

        assertEquals(List.of(
                        MavenCoordinates.parse(GROUP + ":app:1.0.0@pom"),
                        MavenCoordinates.parse(GROUP + ":core:1.0.0"),
                        MavenCoordinates.parse(GROUP + ":core:1.0.0:linux-x86_64")),
                result.coordinates());
        for (ResolutionResult.ResolvedArtifact artifact : result.artifacts()) {
            assertTrue(artifact.file().startsWith(local), artifact.file() + " is outside the given local repository");
            assertTrue(Files.isRegularFile(artifact.file()), artifact.toString());
            Path published = repo.resolve(artifact.coordinates().repositoryPath());
            assertEquals(Checksums.sha256(published), Checksums.sha256(artifact.file()), artifact.toString());
        }
        assertEquals(List.of("compile", "compile", "compile"),
                result.artifacts().stream().map(ResolutionResult.ResolvedArtifact::scope).toList());
    }

    @Test
    void resolve_classifierJar_resolvesJustIt() throws Exception {
        ResolutionResult result = resolve(GROUP + ":core:1.0.0:osx-aarch_64");

        assertEquals(List.of(MavenCoordinates.parse(GROUP + ":core:1.0.0:osx-aarch_64")), result.coordinates());
        assertEquals(-1L, Files.mismatch(coreRelease.get(3).file(), result.files().get(0)));
    }

    @Test
    void resolve_missingArtifact_throwsNamingCoordinateAndRepository() {
        ResolutionException e = assertThrows(ResolutionException.class, () -> resolve(GROUP + ":core:9.9.9"));

        assertEquals(ResolutionException.Reason.NOT_FOUND, e.reason());
        assertEquals(GROUP + ":core:9.9.9@pom", e.coordinate().orElseThrow());
        assertEquals(repo.toUri(), e.repository());
        assertTrue(e.getMessage().contains(GROUP + ":core:9.9.9") && e.getMessage().contains(repo.toUri().toString()),
                e.getMessage());
    }

    @Test
    void resolve_missingClassifier_namesTheClassifier() {
        ResolutionException e = assertThrows(ResolutionException.class,
                () -> resolve(GROUP + ":core:1.0.0:windows-x86_64"));

        assertEquals(ResolutionException.Reason.NOT_FOUND, e.reason());
        assertEquals(GROUP + ":core:1.0.0:windows-x86_64", e.coordinate().orElseThrow());
    }

    @Test
    void resolve_missingTransitiveDependency_namesTheDependency() throws Exception {
        new MavenPublisher().publish(PublishRequest.toDirectory(repo, List.of(new PublishedArtifact(
                GROUP, "broken", "1.0.0", null, "pom",
                Fixtures.write(work.resolve("build/broken"), "pom.xml", pom("broken", "1.0.0", "pom", "core:1.0.0",
                        "core:1.0.0:solaris-sparc"))))));

        ResolutionException e = assertThrows(ResolutionException.class, () -> resolve(GROUP + ":broken:1.0.0@pom"));

        assertEquals(ResolutionException.Reason.NOT_FOUND, e.reason());
        assertEquals(GROUP + ":core:1.0.0:solaris-sparc", e.coordinate().orElseThrow());
        assertTrue(e.getMessage().contains("needed by " + GROUP + ":broken:1.0.0@pom"), e.getMessage());
    }

    @Test
    void resolve_tamperedArtifact_failsChecksum() throws Exception {
        Path jar = repo.resolve(MavenCoordinates.parse(GROUP + ":core:1.0.0:linux-x86_64").repositoryPath());
        byte[] content = Files.readAllBytes(jar);
        content[100] ^= 1;
        Files.write(jar, content);

        ResolutionException e = assertThrows(ResolutionException.class, () -> resolve(GROUP + ":app:1.0.0@pom"));

        assertEquals(ResolutionException.Reason.CHECKSUM_MISMATCH, e.reason());
        assertEquals(GROUP + ":core:1.0.0:linux-x86_64", e.coordinate().orElseThrow());
    }

    @Test
    void resolve_unsupportedScheme_rejected() {
        ResolutionException e = assertThrows(ResolutionException.class, () -> new MavenArtifactResolver()
                .resolve(new ResolutionRequest(MavenCoordinates.parse(GROUP + ":core:1.0.0"),
                        URI.create("ftp://example.org/repo"), work.resolve("m2"))));
        assertEquals(ResolutionException.Reason.UNSUPPORTED_REPOSITORY, e.reason());
        assertTrue(e.getMessage().contains("'ftp' is not supported"), e.getMessage());
    }

    /**
     * The release ("app", depending on "core") in one repository, core in another standing for Maven Central: the first
     * resolution keeps core in the cache and nothing of the release; the second needs no upstream at all; and a
     * rebuilt app (same version, other bytes) still comes from the release, never from the cache.
     */
    @Test
    void resolve_withUpstreamCache_keepsOnlyThirdPartyFiles_andReadsThemInsteadOfTheUpstream() throws Exception {
        Path upstream = work.resolve("upstream");
        new MavenPublisher().publish(PublishRequest.toDirectory(upstream, coreRelease));
        Path release = work.resolve("release");
        Path appJar = Fixtures.write(work.resolve("build/app-jar"), "app.jar", Fixtures.bytes(1, 5_000));
        new MavenPublisher().publish(PublishRequest.toDirectory(release, List.of(
                new PublishedArtifact(GROUP, "app", "2.0.0", null, "pom",
                        Fixtures.write(work.resolve("build/app2"), "pom.xml", pom("app", "2.0.0", "jar", "core:1.0.0"))),
                new PublishedArtifact(GROUP, "app", "2.0.0", null, "jar", appJar))));
        Path cache = work.resolve("cache");
        MavenCoordinates app = MavenCoordinates.parse(GROUP + ":app:2.0.0");

        ResolutionResult first = new MavenArtifactResolver().resolve(new ResolutionRequest(app, release.toUri(),
                work.resolve("m2-first")).withUpstream(upstream.toUri()).withUpstreamCache(cache));

        assertEquals(List.of(app, MavenCoordinates.parse(GROUP + ":core:1.0.0")), first.coordinates());
        String core = "dev/forgeline/test/core/1.0.0/";
        assertTrue(Files.isRegularFile(cache.resolve(core + "core-1.0.0.jar")), Fixtures.names(cache).toString());
        assertTrue(Files.isRegularFile(cache.resolve(core + "core-1.0.0.pom")), Fixtures.names(cache).toString());
        assertFalse(Files.exists(cache.resolve("dev/forgeline/test/app")), "the release's own files are never kept");

        Fixtures.write(appJar.getParent(), "app.jar", Fixtures.bytes(2, 5_000)); // rebuilt: other bytes, same version
        Path release2 = work.resolve("release2");
        new MavenPublisher().publish(PublishRequest.toDirectory(release2, List.of(
                new PublishedArtifact(GROUP, "app", "2.0.0", null, "pom", work.resolve("build/app2/pom.xml")),
                new PublishedArtifact(GROUP, "app", "2.0.0", null, "jar", appJar))));
        dev.forgeline.release.io.FileTrees.deleteTree(upstream); // Central is gone: the cache must answer for core

        ResolutionResult second = new MavenArtifactResolver().resolve(new ResolutionRequest(app, release2.toUri(),
                work.resolve("m2-second")).withUpstream(upstream.toUri()).withUpstreamCache(cache));

        assertEquals(first.coordinates(), second.coordinates());
        assertEquals(Checksums.sha256(appJar), Checksums.sha256(second.files().get(0)), "the rebuilt app, from the release");
        assertEquals(Checksums.sha256(first.files().get(1)), Checksums.sha256(second.files().get(1)), "core, from the cache");
    }
}
