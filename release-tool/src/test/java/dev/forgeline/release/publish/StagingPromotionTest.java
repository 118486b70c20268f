package dev.forgeline.release.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest.ArtifactRecord;
import dev.forgeline.release.maven.CredentialsSource;
import dev.forgeline.release.maven.PublishException;
import dev.forgeline.release.maven.PublishJournal;
import dev.forgeline.release.maven.RepositoryAccess;
import dev.forgeline.release.maven.RetryPolicy;
import dev.forgeline.release.pipeline.ReleaseRunner;
import dev.forgeline.release.testing.FaultInjectingProxy;
import dev.forgeline.release.testing.ForgelineProcess;
import dev.forgeline.release.testing.NginxMavenRepository;
import dev.forgeline.release.testing.SignedSampleRelease;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code publish --staging-repository}: a signed release deployed to one nginx (the staging repository), its copy
 * there verified, then promoted to another nginx (the target) in the visibility order; both phases journaled, so a run
 * that failed while promoting resumes there without touching the staging repository; a staged copy that fails
 * verification (a file changed on the staging server) promotes nothing.
 */
class StagingPromotionTest {
    private static final String G = SignedSampleRelease.GROUP_ID;
    private static final String V = "3.1.4";
    private static final String A = SignedSampleRelease.ARTIFACT_ID;
    private static final String DIR = SignedSampleRelease.versionPath(V);
    private static final String USER = "deployer";
    private static final String PASSWORD = "pw-" + Long.toHexString(new java.security.SecureRandom().nextLong());

    @TempDir
    Path temp;

    @Test
    void publishThroughStaging_verifiedCopy_isPromotedInTheVisibilityOrder_andARerunUploadsNothing() throws Exception {
        Path release = signedRelease();
        try (NginxMavenRepository staging = nginx("staging"); NginxMavenRepository target = nginx("target")) {
            String progress = publish(release, target.url(), staging.url());

            for (NginxMavenRepository repo : List.of(staging, target)) {
                for (ArtifactRecord a : ManifestStore.read(release).artifacts()) {
                    Path served = repo.root().resolve(G.replace('.', '/') + "/" + a.artifactId() + "/" + V + "/"
                            + Path.of(a.file()).getFileName());
                    assertEquals(a.sha256(), Checksums.sha256(served), served.toString());
                }
            }
            // Staged, then read back in full by the verification, and only then anything sent to the target.
            List<String> stagingLog = staging.accessLog();
            assertTrue(stagingLog.stream().anyMatch(l -> l.contains("\"GET /" + DIR + A + "-" + V + ".jar.asc")),
                    "the verification fetched the signatures from staging: " + stagingLog);
            List<String> targetPuts = puts(target);
            int pom = indexOf(targetPuts, DIR + A + "-" + V + ".pom ");
            int jar = indexOf(targetPuts, DIR + A + "-" + V + ".jar ");
            int metadata = indexOf(targetPuts, "/" + A + "/maven-metadata.xml ");
            assertTrue(jar >= 0 && jar < pom && pom < metadata, "jar, then its POM, metadata last: " + targetPuts);
            assertTrue(progress.contains("phase 2 of 3: verifying the staged copy"), progress);
            assertFalse(progress.contains(PASSWORD), "no secret in the progress");
            String journal = Files.readString(release.resolve(PublishJournal.FILE_NAME));
            assertTrue(journal.contains(StagingPromotion.VERIFIED_ENTRY) && journal.contains(staging.url().toString())
                    && journal.contains(target.url().toString()), journal);
            assertFalse(journal.contains(PASSWORD), "no secret in the journal");

            int stagingRequests = staging.accessLog().size();
            int targetPutsBefore = puts(target).size();
            String again = publish(release, target.url(), staging.url());

            assertTrue(again.contains("verified by an earlier run"), again);
            assertEquals(stagingRequests, staging.accessLog().size(), "the finished staging phases were not run again");
            assertEquals(targetPutsBefore, puts(target).size(), "a rerun uploads nothing");
        }
    }

    @Test
    void publishThroughStaging_failedWhilePromoting_resumesAtPromotionWithoutTouchingStaging() throws Exception {
        Path release = signedRelease();
        try (NginxMavenRepository staging = nginx("staging"); NginxMavenRepository target = nginx("target")) {
            URI down = URI.create("http://127.0.0.1:" + closedPort() + "/");
            PublishException e = assertThrows(PublishException.class, () -> publish(release, down, staging.url()));
            assertEquals(PublishException.Reason.TRANSFER_FAILED, e.reason(), e.getMessage());
            int stagingRequests = staging.accessLog().size();

            // The target is reachable now (its own URL: the journal keeps a record per repository).
            String progress = publish(release, target.url(), staging.url());

            assertTrue(progress.contains("verified by an earlier run"), progress);
            assertEquals(stagingRequests, staging.accessLog().size(), "resumed at the promotion: staging untouched");
            assertTrue(Files.isRegularFile(target.root().resolve(DIR + A + "-" + V + ".pom")));
            assertTrue(Files.readString(target.root().resolve("org/example/sample/" + A + "/maven-metadata.xml"))
                    .contains("<version>" + V + "</version>"));
        }
    }

    @Test
    void publishThroughStaging_killedWithKill9WhilePromoting_nextRunResumesThePromotionAlone() throws Exception {
        Path release = signedRelease();
        try (NginxMavenRepository staging = nginx("staging"); NginxMavenRepository target = nginx("target");
                FaultInjectingProxy slow = FaultInjectingProxy.start(target.port(), 6_000)) {
            Map<String, String> env = Map.of(CredentialsSource.USERNAME_ENV, USER, CredentialsSource.PASSWORD_ENV,
                    PASSWORD);
            String[] args = {"publish", "--from", release.toString(), "--repository", slow.url().toString(),
                "--staging-repository", staging.url().toString(), "--parallel-uploads", "2"};
            ForgelineProcess child = ForgelineProcess.start(temp, env, args);
            Path journalFile = release.resolve(PublishJournal.FILE_NAME);
            Set<String> verifiedAtKill = Set.of();
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (child.isAlive() && System.nanoTime() < deadline) {
                Set<String> verified = verifiedIn(journalFile, slow.url());
                if (verified.size() >= 2) {
                    child.kill9();
                    verifiedAtKill = verifiedIn(journalFile, slow.url());
                    break;
                }
                Thread.sleep(20);
            }
            assertFalse(child.isAlive());
            assertFalse(verifiedAtKill.isEmpty(), "killed while promoting: " + child.await().err());
            assertTrue(PublishJournal.open(journalFile, staging.url()).get(StagingPromotion.VERIFIED_ENTRY).isPresent(),
                    "the verified staged copy was journaled before the promotion began");
            int stagingRequests = staging.accessLog().size();

            dev.forgeline.release.testing.CliRun resumed = ForgelineProcess.run(temp, env, args);

            assertEquals(0, resumed.exitCode(), resumed.err() + resumed.out());
            assertTrue(resumed.err().contains("verified by an earlier run"), resumed.err());
            assertEquals(stagingRequests, staging.accessLog().size(), "resumed at the promotion: staging untouched");
            List<String> targetPuts = puts(target);
            for (String path : verifiedAtKill) {
                assertEquals(1, targetPuts.stream().filter(l -> l.contains("PUT /" + path + " ")).count(),
                        path + " was verified before the kill: uploaded once");
            }
            assertTrue(Files.readString(target.root().resolve("org/example/sample/" + A + "/maven-metadata.xml"))
                    .contains("<version>" + V + "</version>"));
        }
    }

    private static Set<String> verifiedIn(Path journal, URI repository) {
        try {
            Set<String> verified = new java.util.TreeSet<>();
            PublishJournal.open(journal, repository).entries().forEach((path, entry) -> {
                if (entry.state() == PublishJournal.State.verified) {
                    verified.add(path);
                }
            });
            return verified;
        } catch (java.io.IOException e) {
            return Set.of(); // absent yet
        }
    }

    @Test
    void publishThroughStaging_fileChangedOnTheStagingServer_failsVerificationAndPromotesNothing() throws Exception {
        Path release = signedRelease();
        try (NginxMavenRepository staging = nginx("staging"); NginxMavenRepository target = nginx("target")) {
            try (ReleaseRunner runner = runner(new ByteArrayOutputStream())) {
                runner.stage(release, staging.url(), access()); // staged and read back: journaled as verified there
            }
            Path jar = staging.root().resolve(DIR + A + "-" + V + "-linux-x86_64.jar");
            byte[] bytes = Files.readAllBytes(jar);
            bytes[bytes.length / 2] ^= 1; // one bit flipped on the server, after the read-back
            Files.write(jar, bytes);

            PublishException e = assertThrows(PublishException.class,
                    () -> publish(release, target.url(), staging.url()));

            assertEquals(PublishException.Reason.STAGED_COPY_UNVERIFIED, e.reason());
            assertEquals(ExitCode.CHECK_FAILED, e.exitCode());
            assertTrue(e.getMessage().contains("linux-x86_64") && e.getMessage().contains("nothing was promoted"),
                    e.getMessage());
            assertEquals(List.of(), puts(target), "nothing promoted");
            try (Stream<Path> files = Files.walk(target.root())) {
                assertEquals(List.of(target.root()), files.toList(), "the target is empty");
            }
            assertFalse(Files.readString(release.resolve(PublishJournal.FILE_NAME))
                    .contains(StagingPromotion.VERIFIED_ENTRY), "no verified staged copy journaled");
        }
    }

    /** Publishes through staging; returns the progress lines. */
    private String publish(Path release, URI target, URI staging) throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        try (ReleaseRunner runner = runner(progress)) {
            runner.publishThroughStaging(release, target, access(), staging, access());
        }
        return progress.toString(StandardCharsets.UTF_8);
    }

    private static RepositoryAccess access() {
        return new RepositoryAccess(CredentialsSource.environment(),
                new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofSeconds(2)), 4,
                Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    private static ReleaseRunner runner(ByteArrayOutputStream progress) {
        return new ReleaseRunner(Map.of(CredentialsSource.USERNAME_ENV, USER, CredentialsSource.PASSWORD_ENV, PASSWORD),
                new PrintStream(progress, true, StandardCharsets.UTF_8));
    }

    private NginxMavenRepository nginx(String name) throws Exception {
        return NginxMavenRepository.serveWritable(temp.resolve(name + "-served"), temp.resolve(name + "-nginx"), USER,
                PASSWORD);
    }

    private static List<String> puts(NginxMavenRepository nginx) throws Exception {
        return nginx.accessLog().stream().filter(l -> l.contains("\"PUT ")).toList();
    }

    private static int indexOf(List<String> lines, String part) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(part)) {
                return i;
            }
        }
        return -1;
    }

    private static int closedPort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private Path signedRelease() throws Exception {
        return SignedSampleRelease.create(temp, V);
    }
}
