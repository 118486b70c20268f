package dev.forgeline.release.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forgeline.release.sign.OidcTokenSource;
import dev.forgeline.release.testing.CliRun;
import dev.forgeline.release.testing.ForgelineProcess;
import dev.forgeline.release.testing.SignableRelease;
import dev.forgeline.release.testing.TestKeys;
import dev.forgeline.release.testing.TestProjects;
import dev.forgeline.release.testing.sigstore.KeylessFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A release signed keyless against the Sigstore stand-ins (OIDC issuer, Fulcio, Rekor on loopback), audited with an
 * identity policy: the signer is the certificate's identity and issuer, each file has its Rekor log entry, and a
 * policy naming someone else shows no signer and fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeylessAuditTest {
    private static final String EMAIL = "release@forgeline.test";
    @RegisterExtension
    static final KeylessFixture keyless = new KeylessFixture();
    private Path release;
    private Path pgpPublic;

    @BeforeAll
    void signKeyless(@TempDir Path dir) throws Exception {
        release = SignableRelease.create(dir.resolve("release"));
        Path pgpKey = Files.writeString(dir.resolve("pgp.asc"), TestKeys.TRUSTED_PGP);
        CliRun sign = ForgelineProcess.run(dir, Map.of(OidcTokenSource.TOKEN_ENV, keyless.emailToken(EMAIL)),
                "sign", "--keyless", "--from", release.toString(), "--pgp-key", pgpKey.toString(),
                "--signing-config", keyless.signingConfigFile().toString(),
                // the attest stage reads the project's release.yaml (the release is the sample project's)
                "--config", TestProjects.copySampleProjectOutsideGit(dir).resolve("release.yaml").toString());
        assertEquals(0, sign.exitCode(), sign.out() + sign.err());
        pgpPublic = Files.writeString(dir.resolve("pgp-public.asc"), TestKeys.trusted().pgpPublicKeyArmored());
    }

    @Test
    void signers_areTheCertificateIdentityAndIssuer_andEachFileHasItsLogEntry() throws Exception {
        CliRun run = audit(EMAIL, "--json");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        JsonNode facts = new ObjectMapper().readTree(run.out()).path("release");
        List<String> signers = new ArrayList<>();
        facts.path("signers").forEach(s -> signers.add(s.path("kind").asText() + " " + s.path("identity").asText() + " "
                + s.path("issuer").asText()));
        assertTrue(signers.contains("keyless " + EMAIL + " " + keyless.issuer()), signers.toString());
        assertEquals(facts.path("files").size(), facts.path("logEntries").size(), facts.path("logEntries").toString());
        List<Long> indexes = new ArrayList<>();
        facts.path("logEntries").forEach(e -> indexes.add(e.path("logIndex").asLong()));
        assertEquals(indexes.size(), indexes.stream().distinct().count(), "one entry per file: " + indexes);
        assertTrue(indexes.stream().allMatch(i -> i >= 0 && i < keyless.sigstore().rekor().size()), indexes.toString());

        CliRun table = audit(EMAIL);
        assertTrue(table.out().contains("Transparency log entries"), table.out());
        assertTrue(table.out().lines().anyMatch(l -> l.matches("  keyless +" + EMAIL + " +" + keyless.issuer() + " .*")),
                table.out());
    }

    @Test
    void anotherIdentity_showsNoKeylessSigner_andFails() {
        CliRun run = audit("someone@else.test");
        assertEquals(1, run.exitCode(), run.out());
        assertTrue(run.out().contains("certificate identity is not the policy's: " + EMAIL), run.out());
        assertTrue(run.out().lines().noneMatch(l -> l.startsWith("  keyless")), run.out());
    }

    private CliRun audit(String identity, String... more) {
        List<String> args = new ArrayList<>(List.of("audit", release.toString(), "--pgp-keys", pgpPublic.toString(),
                "--trusted-root", keyless.trustedRootFile().toString(), "--certificate-identity", identity,
                "--certificate-oidc-issuer", keyless.issuer()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }
}
