package dev.forgeline.release.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.testing.CliRun;
import dev.forgeline.release.testing.NginxMavenRepository;
import dev.forgeline.release.testing.SignedSampleRelease;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code publish --staging-repository URL --staging-server-id ID}: the staging repository is logged in to with its
 * own settings.xml server, the target with {@code --server-id}'s; options that do not go together are bad usage.
 */
class PublishStagingOptionsTest {
    private static final String V = "2.0.1";
    private static final String STAGING_PASSWORD = "st-" + Long.toHexString(new java.security.SecureRandom().nextLong());
    private static final String TARGET_PASSWORD = "tg-" + Long.toHexString(new java.security.SecureRandom().nextLong());

    @TempDir
    Path temp;

    @Test
    void publish_stagingRepositoryWithItsOwnServer_stagesVerifiesAndPromotes_noSecretInTheOutput() throws Exception {
        Path release = SignedSampleRelease.create(temp, V);
        Path settings = Files.writeString(temp.resolve("settings.xml"), """
                <settings><servers>
                  <server><id>staging</id><username>stager</username><password>%s</password></server>
                  <server><id>releases</id><username>releaser</username><password>%s</password></server>
                </servers></settings>
                """.formatted(STAGING_PASSWORD, TARGET_PASSWORD));
        try (NginxMavenRepository staging = NginxMavenRepository.serveWithLoginForReads(temp.resolve("staging"),
                        temp.resolve("staging-nginx"), "stager", STAGING_PASSWORD);
                NginxMavenRepository target = NginxMavenRepository.serveWritable(temp.resolve("target"),
                        temp.resolve("target-nginx"), "releaser", TARGET_PASSWORD)) {
            CliRun run = CliRun.of("publish", "--from", release.toString(), "--repository", target.url().toString(),
                    "--server-id", "releases", "--settings", settings.toString(),
                    "--staging-repository", staging.url().toString(), "--staging-server-id", "staging");

            assertEquals(0, run.exitCode(), run.out() + run.err());
            String jar = SignedSampleRelease.versionPath(V) + SignedSampleRelease.ARTIFACT_ID + "-" + V + ".jar";
            assertEquals(Checksums.sha256(release.resolve("artifacts").resolve(Path.of(jar).getFileName())),
                    Checksums.sha256(target.root().resolve(jar)));
            assertTrue(Files.isRegularFile(staging.root().resolve(jar)), "staged first");
            assertTrue(run.err().contains("user 'stager'") && run.err().contains("user 'releaser'"), run.err());
            assertFalse((run.out() + run.err()).contains(STAGING_PASSWORD) || (run.out() + run.err())
                    .contains(TARGET_PASSWORD), "no secret in the output");
        }
    }

    @Test
    void publish_stagingOptionsThatDoNotGoTogether_areBadUsage() {
        CliRun alone = CliRun.of("publish", "--from", temp.toString(), "--repository", "file:repo",
                "--staging-server-id", "staging");
        CliRun withCentral = CliRun.of("publish", "--from", temp.toString(), "--central",
                "--staging-repository", "file:staging");

        assertEquals(2, alone.exitCode(), alone.err());
        assertTrue(alone.err().contains("--staging-server-id needs --staging-repository"), alone.err());
        assertEquals(2, withCentral.exitCode(), withCentral.err());
        assertTrue(withCentral.err().contains("--staging-repository goes with --repository alone"), withCentral.err());
    }
}
