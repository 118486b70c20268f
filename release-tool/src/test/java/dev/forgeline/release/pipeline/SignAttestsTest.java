package dev.forgeline.release.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forgeline.release.attest.AttestStage;
import dev.forgeline.release.config.ReleaseConfig;
import dev.forgeline.release.config.ReleaseConfigLoader;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.sigstore.DsseBundle;
import dev.forgeline.release.testing.CliRun;
import dev.forgeline.release.testing.TestKeys;
import dev.forgeline.release.testing.TestProjects;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI path's signing (docs/releasing-from-github-actions.md): a release built and smoke-tested by separate
 * commands, as the workflow's jobs do, is signed by {@code sign}, which also writes its provenance; under GitHub
 * Actions the provenance names the workflow, and verify holds the release to that identity.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignAttestsTest {
    private static final String WORKFLOW = "acme/sample/.github/workflows/release.yml";

    private Path temp;
    private Path project;
    private ReleaseConfig config;
    private Path smoked;

    @BeforeAll
    void buildAndSmoke(@TempDir Path dir) throws Exception {
        temp = dir;
        project = TestProjects.copySampleProject(dir);
        smoked = dir.resolve("smoked");
        CliRun build = CliRun.of("build", "--config", project.resolve("release.yaml").toString(), "--target",
                "linux-x86_64", "--out", smoked.toString());
        assertEquals(0, build.exitCode(), build.err());
        CliRun smoke = CliRun.of("smoke", "--config", project.resolve("release.yaml").toString(), "--from",
                smoked.toString());
        assertEquals(0, smoke.exitCode(), smoke.err());
        config = new ReleaseConfigLoader().loadFromProject(project);
    }

    @Test
    void sign_underGithubActions_attestsWithTheWorkflowIdentity_andVerifyHoldsTheReleaseToIt() throws Exception {
        Path dir = copy("github");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("GITHUB_ACTIONS", "true");
        env.put("GITHUB_SERVER_URL", "https://github.com");
        env.put("GITHUB_REPOSITORY", "acme/sample");
        env.put("GITHUB_WORKFLOW_REF", WORKFLOW + "@refs/tags/v2.3.4");
        env.put("GITHUB_REF", "refs/tags/v2.3.4");
        env.put("GITHUB_RUN_ID", "42");
        RunResults run;
        try (ReleaseRunner runner = new ReleaseRunner(env, new PrintStream(OutputStream.nullOutputStream()))) {
            run = runner.sign(config, dir, (e, clock) -> TestKeys.trusted());
        }
        assertEquals(List.of("sign", "attest"), Mode.SIGN.stages());
        ReleaseManifest manifest = run.manifest();
        ReleaseManifest.ArtifactRecord envelope = manifest.artifacts().stream()
                .filter(a -> AttestStage.ENVELOPE_EXTENSION.equals(a.extension())).findFirst().orElseThrow();
        assertEquals(2, envelope.signatures().size(), "the provenance is signed like every file");
        JsonNode statement = new ObjectMapper().readTree(DsseBundle.parse(Files.readAllBytes(
                ManifestStore.artifactFile(dir, envelope))).payload());
        assertEquals("https://github.com/" + WORKFLOW + "@refs/tags/v2.3.4",
                statement.at("/predicate/runDetails/builder/id").asText());
        assertEquals("https://github.com/acme/sample/actions/runs/42/attempts/1",
                statement.at("/predicate/runDetails/metadata/invocationId").asText());

        CliRun verified = verify(dir, "--builder-id", "https://github.com/" + WORKFLOW, "--source-uri",
                "github.com/acme/sample", "--source-tag", "v2.3.4");
        assertEquals(0, verified.exitCode(), verified.out() + verified.err());
        CliRun otherRepository = verify(dir, "--source-uri", "github.com/mallory/sample");
        assertEquals(1, otherRepository.exitCode(), otherRepository.out());
        assertTrue(otherRepository.out().contains("provenance names another source repository https://github.com/acme/sample"),
                otherRepository.out());
    }

    @Test
    void cli_signWithTheConfig_writesTheProvenance_andARerunIsDone() throws Exception {
        Path dir = copy("cli");
        Path keys = Files.createDirectories(temp.resolve("keys"));
        Path pgp = Files.writeString(keys.resolve("pgp.asc"), TestKeys.TRUSTED_PGP);
        Path sigstore = Files.writeString(keys.resolve("sigstore.pem"), TestKeys.TRUSTED_SIGSTORE);
        String[] sign = {"sign", "--from", dir.toString(), "--config", project.resolve("release.yaml").toString(),
            "--pgp-key", pgp.toString(), "--sigstore-key", sigstore.toString()};

        CliRun first = CliRun.of(sign);
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.out().contains("Provenance:"), first.out());
        assertTrue(Files.isRegularFile(dir.resolve("artifacts/sample-native-2.3.4.intoto.jsonl")), first.out());
        assertEquals(0, verify(dir, "--builder-id", "https://forgeline.dev/builders/local/v1").exitCode());

        CliRun again = CliRun.of(sign);
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.err().contains(String.format("%-9s done already", "attest")), again.err());
    }

    private CliRun verify(Path dir, String... policy) throws Exception {
        Path trusted = Files.createDirectories(temp.resolve("trusted"));
        Path pgp = Files.writeString(trusted.resolve("pgp.asc"), TestKeys.trusted().pgpPublicKeyArmored());
        Path sigstore = Files.writeString(trusted.resolve("sigstore.pem"), TestKeys.trusted().sigstorePublicKeyPem());
        List<String> args = new java.util.ArrayList<>(List.of("verify", "--release", dir.toString(), "--pgp-keys",
                pgp.toString(), "--sigstore-keys", sigstore.toString(), "--require-provenance", "--require-sbom"));
        args.addAll(List.of(policy));
        return CliRun.of(args.toArray(String[]::new));
    }

    private Path copy(String name) throws Exception {
        Path copy = temp.resolve(name);
        TestProjects.copyTree(smoked, copy);
        return copy;
    }
}
