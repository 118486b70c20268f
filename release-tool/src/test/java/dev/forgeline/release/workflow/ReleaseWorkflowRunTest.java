package dev.forgeline.release.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.forgeline.release.config.ReleaseConfigLoader;
import dev.forgeline.release.sign.KeyGenerator;
import dev.forgeline.release.sign.KeySources;
import dev.forgeline.release.testing.CliRun;
import dev.forgeline.release.testing.Prerequisites;
import dev.forgeline.release.testing.TestProjects;
import dev.forgeline.release.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs .github/workflows/release.yml on this machine, as GitHub would run its x86_64 Linux jobs (see
 * docs/releasing-from-github-actions.md, "Running the workflow here"): a tag of a test commit is released from
 * plan to publish, each job in its own Debian 12 minimal root, and what it published verifies with the keys it
 * exported, by forgeline verify and by stock gpg.
 */
class ReleaseWorkflowRunTest {
    /** What this machine runs: the host target and one cross target built on x86_64 (linux-aarch_64 has an Arm runner). */
    private static final List<String> RUN_HERE = List.of("linux-x86_64", "linux-arm_32");
    private static final List<String> RUNNER_ONLY = List.of("osx-x86_64", "osx-aarch_64", "windows-x86_64");
    /**
     * The root file system, apt's .debs, the caches and the runs: ~/.cache/forgeline-test/workflow, or
     * $FORGELINE_TEST_WORKFLOW_CACHE (the overlays need a file system that can hold an overlay's upper directory, which
     * an overlay, such as a container's root, cannot).
     */
    private static final Path CACHE = System.getenv("FORGELINE_TEST_WORKFLOW_CACHE") != null
            ? Path.of(System.getenv("FORGELINE_TEST_WORKFLOW_CACHE"))
            : Path.of(System.getProperty("user.home"), ".cache", "forgeline-test", "workflow");

    @Test
    void releaseWorkflow_tagOfATestCommit_publishesARepositoryThatVerifiesWithTheExportedKeys() throws Exception {
        requirePrerequisites();
        Path root = TestProjects.repositoryRoot();
        String version = new ReleaseConfigLoader().load(root.resolve("release.yaml")).version();
        Files.createDirectories(CACHE);
        Path runDir = Files.createTempDirectory(CACHE, "run-");
        StepLog log = new StepLog(System.out);

        // The key predates the commit: signatures are dated at the commit (SOURCE_DATE_EPOCH), and gpg refuses a
        // signature older than its key.
        Instant committed = Instant.now().minusSeconds(60);
        String passphrase = "workflow test passphrase";
        String pgpKey = KeyGenerator.pgpSecretKey(KeyGenerator.PgpAlgorithm.ED25519, "Forgeline Workflow Test <workflow@forgeline.invalid>",
                passphrase.toCharArray(), Date.from(committed.minus(Duration.ofDays(1))));
        String sigstoreKey = KeyGenerator.sigstorePrivateKeyPem();
        TestRepository.Commit commit = TestRepository.create(runDir.resolve("repository"), concat(RUN_HERE, RUNNER_ONLY), RUNNER_ONLY,
                version, committed);

        WorkflowRunSettings settings = new WorkflowRunSettings(root.resolve(".github/workflows/release.yml"), commit.repository(),
                commit.tag(), commit.sha(), Map.of("release", Map.of(KeySources.PGP_KEY_ENV, pgpKey,
                        KeySources.PGP_PASSPHRASE_ENV, passphrase, KeySources.SIGSTORE_KEY_ENV, sigstoreKey)),
                runDir, CACHE, Path.of(System.getProperty("user.home"), ".m2", "repository"), Path.of(System.getProperty("java.home")));
        long start = System.nanoTime();
        WorkflowRun.Outcome outcome = new WorkflowRun(settings, log).run();
        log.line("workflow finished in " + (System.nanoTime() - start) / 1_000_000_000 + " s\n" + outcome.summary());

        if (!outcome.failures().isEmpty()) {
            fail("the release workflow failed (jobs kept in " + runDir + "):\n" + outcome.summary());
        }
        assertEquals(JobResult.Result.SUCCESS, outcome.jobs().get("publish"), outcome.summary());
        for (String job : List.of("plan", "build", "stage", "smoke-linux")) {
            assertEquals(JobResult.Result.SUCCESS, outcome.jobs().get(job), job + "\n" + outcome.summary());
        }
        assertEquals(JobResult.Result.NOT_RUN, outcome.jobs().get("smoke-runner"), outcome.summary());
        for (String target : RUNNER_ONLY) {
            assertTrue(outcome.notRun().stream().anyMatch(n -> n.startsWith("build (" + target)), target + " listed as not run: " + outcome.notRun());
            assertTrue(outcome.notRun().stream().anyMatch(n -> n.startsWith("smoke-runner (" + target)), outcome.notRun().toString());
        }

        ArtifactStore artifacts = new ArtifactStore(runDir.resolve("artifacts"));
        Path repository = artifacts.artifact("maven-repository");
        Path keys = artifacts.artifact("release-signed").resolve("keys");
        for (String artifactId : List.of("forgeline-parent", "native-core", "gateway")) {
            CliRun verify = CliRun.of("verify", "--all-of", "dev.forgeline:" + artifactId + ":" + version,
                    "--repository", repository.toUri().toString(), "--pgp-keys", keys.resolve("pgp-public.asc").toString(),
                    "--sigstore-keys", keys.resolve("sigstore-public.pem").toString(),
                    // sign attested in the CI path: the provenance names this workflow, repository and tag
                    "--require-provenance", "--require-sbom", "--builder-id",
                    "https://github.com/" + JobMachine.REPOSITORY + "/.github/workflows/release.yml", "--source-uri",
                    "github.com/" + JobMachine.REPOSITORY, "--source-tag", commit.tag());
            assertEquals(0, verify.exitCode(), artifactId + ":\n" + verify.out() + verify.err());
        }
        gpgVerifiesEverySignature(runDir.resolve("gnupg"), keys.resolve("pgp-public.asc"), repository);
        Commands.deleteTree(runDir);
    }

    /** Stock gpg, its default settings, the exported public key alone: every .asc of the repository is a good signature. */
    private static int gpgVerifiesEverySignature(Path home, Path publicKey, Path repository) throws Exception {
        Files.createDirectories(home);
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Map<String, String> env = Map.of("GNUPGHOME", home.toString());
        Tools.Run imported = Tools.run(home, env, List.of("gpg", "--batch", "--import", publicKey.toString()));
        assertEquals(0, imported.exitCode(), imported.output());
        List<Path> signatures;
        try (Stream<Path> files = Files.walk(repository)) {
            signatures = files.filter(f -> f.toString().endsWith(".asc")).sorted().toList();
        }
        assertTrue(signatures.size() >= 6, "signatures in the published repository: " + signatures);
        for (Path signature : signatures) {
            Path signed = Path.of(signature.toString().replaceFirst("\\.asc$", ""));
            Tools.Run verified = Tools.run(home, env, List.of("gpg", "--batch", "--verify", signature.toString(), signed.toString()));
            assertEquals(0, verified.exitCode(), signature + ":\n" + verified.output());
            assertTrue(verified.output().contains("Good signature from \"Forgeline Workflow Test"), verified.output());
        }
        return signatures.size();
    }

    private static void requirePrerequisites() throws IOException {
        if (!"Linux".equals(System.getProperty("os.name")) || !"amd64".equals(System.getProperty("os.arch"))) {
            Prerequisites.missing("an x86_64 Linux machine (the workflow's Linux jobs run on one)", "run it on x86_64 Linux");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            Prerequisites.missing("root (the jobs' roots are mounted and entered with chroot)", "run the tests as root");
        }
        Prerequisites.command("mmdebstrap", "apt-get install -y mmdebstrap");
        Prerequisites.command("unshare", "apt-get install -y util-linux");
        Prerequisites.command("git", "apt-get install -y git");
        Tools.requireGpg();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
