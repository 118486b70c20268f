package dev.forgeline.release.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.common.ReleaseIndex;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.manifest.ReleaseManifest.ArtifactRecord;
import dev.forgeline.release.testing.CliRun;
import dev.forgeline.release.testing.SignedSampleRelease;
import dev.forgeline.release.testing.TestKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release index of names travels with the release: sign writes it with the POM that gives it a coordinate, publish
 * deploys both (signed) as {@code G:forgeline-release-index:V}, and {@code verify --repository} then binds every name
 * it is asked about. An index older than the manifest is never published.
 */
class PublishedIndexTest {
    private static final String G = SignedSampleRelease.GROUP_ID; // the sample project's: sign attests with its release.yaml
    private static final String V = "2.3.4";
    private static final String DIR = "org/example/sample/";
    private static final String A = SignedSampleRelease.ARTIFACT_ID;

    @TempDir
    Path temp;

    @Test
    void publish_signedRelease_deploysTheSignedIndexAndItsPom_andVerifyBindsNamesFromTheRepository() throws Exception {
        Path release = release(temp.resolve("release"));
        Path repository = temp.resolve("repository");
        try (ReleaseRunner runner = runner()) {
            runner.sign(config(), release, (env, clock) -> TestKeys.trusted());
            runner.publish(release, repository.toUri());
        }

        Path index = repository.resolve(DIR + "forgeline-release-index/" + V + "/forgeline-release-index-" + V + ".json");
        assertArrayEquals(Files.readAllBytes(release.resolve(ReleaseIndex.FILE_NAME)), Files.readAllBytes(index));
        for (String suffix : List.of(".asc", ".sigstore.json", ".sha1", ".md5")) {
            assertTrue(Files.isRegularFile(Path.of(index + suffix)), index + suffix);
        }
        Path pom = index.resolveSibling("forgeline-release-index-" + V + ".pom");
        String pomText = Files.readString(pom);
        assertTrue(pomText.contains("<url>https://example.org/idx</url>"), pomText);
        assertTrue(Files.isRegularFile(Path.of(pom + ".asc")), "the index's POM is signed too");
        assertTrue(Files.readString(index.getParent().resolveSibling("maven-metadata.xml")).contains("<version>" + V),
                "the index's coordinate is a Maven version like any other");

        Path keys = release.resolve("keys");
        CliRun bound = CliRun.of("verify", "--repository", repository.toUri().toString(),
                "--coordinate", G + ":" + A + ":" + V + ":linux-x86_64", "--pgp-keys", keys.resolve("pgp-public.asc").toString(),
                "--sigstore-keys", keys.resolve("sigstore-public.pem").toString(), "--require-index");
        assertEquals(0, bound.exitCode(), bound.err() + bound.out());
        assertTrue(bound.out().contains("bound"), bound.out());
    }

    @Test
    void publish_manifestChangedAfterSigning_isRefusedNamingTheIndexAndHowToSignAgain() throws Exception {
        Path release = release(temp.resolve("release"));
        try (ReleaseRunner runner = runner()) {
            runner.sign(config(), release, (env, clock) -> TestKeys.trusted());
        }
        ReleaseManifest signed = ManifestStore.read(release);
        List<ArtifactRecord> fewer = new ArrayList<>(signed.artifacts());
        fewer.remove(fewer.size() - 1); // a file dropped after signing: the index still lists it
        ManifestStore.write(release, signed.withArtifacts(fewer));
        Path repository = temp.resolve("repository");

        ForgelineException e;
        try (ReleaseRunner runner = runner()) {
            e = assertThrows(ForgelineException.class, () -> runner.publish(release, repository.toUri()));
        }

        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains(ReleaseIndex.FILE_NAME), e.getMessage());
        assertTrue(e.hint().contains("forgeline sign --from"), e.hint());
        assertFalse(Files.exists(repository.resolve(DIR)), "nothing published");
    }

    private dev.forgeline.release.config.ReleaseConfig config() throws Exception {
        return new dev.forgeline.release.config.ReleaseConfigLoader().load(
                dev.forgeline.release.testing.TestProjects.copySampleProject(temp.resolve("project")).resolve("release.yaml"));
    }

    private static ReleaseRunner runner() {
        return new ReleaseRunner(Map.of(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    /** An unsigned release of one module: its POM (with the metadata the index POM copies), a jar, a platform jar. */
    private static Path release(Path dir) throws Exception {
        return SignedSampleRelease.unsigned(V, "<name>Idx</name>\n<url>https://example.org/idx</url>").writeTo(dir);
    }
}
