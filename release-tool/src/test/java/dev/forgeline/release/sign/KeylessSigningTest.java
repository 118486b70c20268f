package dev.forgeline.release.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forgeline.release.ExitCode;
import dev.forgeline.release.common.FileDigest;
import dev.forgeline.release.common.SignatureKind;
import dev.forgeline.release.testing.Artifacts;
import dev.forgeline.release.testing.CliRun;
import dev.forgeline.release.testing.ForgelineProcess;
import dev.forgeline.release.testing.SignableRelease;
import dev.forgeline.release.testing.TestKeys;
import dev.forgeline.release.testing.TestProjects;
import dev.forgeline.release.testing.sigstore.OidcIssuerStandIn;
import dev.forgeline.release.testing.sigstore.KeylessFixture;
import dev.forgeline.release.verify.ArtifactVerdict;
import dev.forgeline.release.verify.IdentityPolicy;
import dev.forgeline.release.verify.VerificationPolicy;
import dev.forgeline.release.verify.Verifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Keyless signing against the Sigstore stand-ins: tokens, Fulcio, Rekor, the bundle, and the token kept secret. */
class KeylessSigningTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EMAIL = "release@forgeline.test";
    @RegisterExtension
    static final KeylessFixture keyless = new KeylessFixture();

    @TempDir
    Path dir;

    private static VerificationPolicy policy(IdentityPolicy identity) {
        return VerificationPolicy.builder().require(EnumSet.of(SignatureKind.SIGSTORE)).identityPolicy(identity).build();
    }

    @Test
    void sign_withAnEmailToken_writesBundlesWithTheCertificateAndALoggedEntry_thatVerify() throws Exception {
        KeylessSigner signer = keyless.signer(EMAIL);
        assertEquals(EMAIL, signer.keyId());
        int logged = keyless.sigstore().rekor().size();
        Verifier verifier = new Verifier(policy(IdentityPolicy.exact(keyless.trustedRoot(), EMAIL, keyless.issuer())));
        for (int i = 0; i < 3; i++) {
            Path file = Artifacts.create(dir, "a" + i + ".jar", 2000 + i * 700, i);
            Files.write(Artifacts.sibling(file, ".sigstore.json"), signer.sign(FileDigest.of(file)));
            JsonNode bundle = JSON.readTree(Artifacts.sibling(file, ".sigstore.json").toFile());
            assertEquals("application/vnd.dev.sigstore.bundle.v0.3+json", bundle.path("mediaType").asText());
            assertTrue(bundle.at("/verificationMaterial/certificate/rawBytes").isTextual(), bundle.toString());
            JsonNode entry = bundle.at("/verificationMaterial/tlogEntries/0");
            assertEquals(Long.toString(logged + i), entry.path("logIndex").asText());
            assertEquals("hashedrekord", entry.at("/kindVersion/kind").asText());
            assertTrue(entry.at("/inclusionPromise/signedEntryTimestamp").isTextual());
            assertTrue(entry.at("/inclusionProof/checkpoint/envelope").asText().contains("\n\n\u2014 "));
            ArtifactVerdict verdict = verifier.verify(file);
            assertTrue(verdict.verified(), verdict.toString());
        }
        assertEquals(logged + 3, keyless.sigstore().rekor().size(), "one Rekor entry per file");
    }

    @Test
    void cli_signKeyless_withTheTokenInTheEnvironment_signsAndVerifies_andTheTokenAppearsNowhere() throws Exception {
        Path release = SignableRelease.create(dir.resolve("release"));
        Path pgpKey = Files.writeString(dir.resolve("pgp.asc"), TestKeys.TRUSTED_PGP);
        String token = keyless.emailToken(EMAIL);
        CliRun sign = ForgelineProcess.run(dir, Map.of(OidcTokenSource.TOKEN_ENV, token), "sign", "--keyless",
                "--from", release.toString(), "--pgp-key", pgpKey.toString(), "--config", sampleConfig(),
                "--signing-config", keyless.signingConfigFile().toString());
        assertEquals(0, sign.exitCode(), sign.out() + sign.err());
        assertTrue(sign.out().contains("Sigstore identity: " + EMAIL), sign.out());
        assertTrue(sign.out().contains("subject(s), signed keyless"), sign.out());
        assertNowhere(token, sign, release);

        Path pgpPublic = Files.writeString(dir.resolve("pgp-public.asc"), TestKeys.trusted().pgpPublicKeyArmored());
        CliRun verify = CliRun.of("verify", "--release", release.toString(), "--pgp-keys", pgpPublic.toString(),
                "--trusted-root", keyless.trustedRootFile().toString(), "--certificate-identity", EMAIL,
                "--certificate-oidc-issuer", keyless.issuer(), "--require-provenance");
        assertEquals(0, verify.exitCode(), verify.out() + verify.err());
        CliRun other = CliRun.of("verify", "--release", release.toString(), "--pgp-keys", pgpPublic.toString(),
                "--trusted-root", keyless.trustedRootFile().toString(), "--certificate-identity",
                "someone@else.test", "--certificate-oidc-issuer", keyless.issuer(), "--require-provenance");
        assertEquals(ExitCode.CHECK_FAILED.code(), other.exitCode(), other.out());
        assertTrue(other.out().contains("certificate identity is not the policy's: " + EMAIL), other.out());
        assertTrue(other.out().contains("provenance certificate identity is not the policy's: " + EMAIL), other.out());

        int logged = keyless.sigstore().rekor().size();
        CliRun again = ForgelineProcess.run(dir, Map.of(OidcTokenSource.TOKEN_ENV, keyless.emailToken(EMAIL)),
                "sign", "--keyless", "--from", release.toString(), "--pgp-key", pgpKey.toString(),
                "--config", sampleConfig(), "--signing-config", keyless.signingConfigFile().toString());
        assertEquals(0, again.exitCode(), again.out() + again.err());
        assertEquals(logged, keyless.sigstore().rekor().size(), "a rerun by the same identity logs nothing new");
    }

    @Test
    void cli_sign_releaseYamlSaysKeyless_signsKeylessWithoutFlags_andASigstoreKeyFlagOverridesTheFile() throws Exception {
        Path configFile = Path.of(sampleConfig());
        Path project = configFile.getParent();
        Files.createDirectories(project.resolve("sigstore"));
        Files.copy(keyless.signingConfigFile(), project.resolve("sigstore/signing_config.json"));
        keyless.tokenFile(project.resolve("oidc-token"), EMAIL);
        Files.writeString(configFile, Files.readString(configFile) + "signing:\n  mode: keyless\n"
                + "  signingConfig: sigstore/signing_config.json\n  oidcTokenFile: oidc-token\n");
        Path pgpKey = Files.writeString(dir.resolve("pgp.asc"), TestKeys.TRUSTED_PGP);

        Path release = SignableRelease.create(dir.resolve("release"));
        int logged = keyless.sigstore().rekor().size();
        CliRun sign = CliRun.of("sign", "--from", release.toString(), "--pgp-key", pgpKey.toString(), "--config",
                configFile.toString());
        assertEquals(0, sign.exitCode(), sign.out() + sign.err());
        assertTrue(sign.out().contains("Sigstore identity: " + EMAIL), sign.out());
        assertTrue(sign.out().contains("signed keyless"), sign.out());
        assertTrue(keyless.sigstore().rekor().size() > logged, "signed against the file's signing config");

        Path keyed = SignableRelease.create(dir.resolve("keyed"));
        Path sigstoreKey = Files.writeString(dir.resolve("sigstore.pem"), TestKeys.TRUSTED_SIGSTORE);
        CliRun withKey = CliRun.of("sign", "--from", keyed.toString(), "--pgp-key", pgpKey.toString(), "--sigstore-key",
                sigstoreKey.toString(), "--config", configFile.toString());
        assertEquals(0, withKey.exitCode(), withKey.out() + withKey.err());
        assertTrue(withKey.out().contains("Sigstore key: " + TestKeys.trusted().sigstore().keyId()), withKey.out());

        CliRun noPgp = CliRun.of("sign", "--from", keyed.toString(), "--config", configFile.toString());
        assertEquals(ExitCode.USAGE.code(), noPgp.exitCode(), noPgp.out() + noPgp.err());
        assertTrue(noPgp.err().contains("keyless signing still needs the PGP key"), noPgp.err());
        CliRun localRelease = CliRun.of("release", "--local", "--config", configFile.toString(), "--out",
                dir.resolve("out").toString());
        assertEquals(ExitCode.USAGE.code(), localRelease.exitCode(), localRelease.out() + localRelease.err());
        assertTrue(localRelease.err().contains("keyless signing still needs the PGP key"), localRelease.err());
        assertFalse(Files.exists(dir.resolve("out")), "release reads the signing section before it builds anything");
    }

    @Test
    void cli_signKeyless_inGithubActions_takesTheJobsTokenForAudienceSigstore_andNamesTheWorkflow() throws Exception {
        Path release = SignableRelease.create(dir.resolve("release"));
        Path pgpKey = Files.writeString(dir.resolve("pgp.asc"), TestKeys.TRUSTED_PGP);
        String requestToken = "request-token-" + Long.toHexString(System.nanoTime());
        String ref = "forgeline/forgeline/.github/workflows/release.yml@refs/tags/v1.0";
        Map<String, String> env = new HashMap<>();
        env.put(OidcTokenSource.ACTIONS_URL_ENV, keyless.sigstore().oidc().actionsTokenEndpoint(requestToken, ref));
        env.put(OidcTokenSource.ACTIONS_TOKEN_ENV, requestToken);
        CliRun sign = ForgelineProcess.run(dir, env, "sign", "--keyless", "--from", release.toString(), "--pgp-key",
                pgpKey.toString(), "--config", sampleConfig(), "--signing-config", keyless.signingConfigFile().toString());
        assertEquals(0, sign.exitCode(), sign.out() + sign.err());
        assertTrue(sign.out().contains("Sigstore identity: https://github.com/" + ref), sign.out());
        assertNowhere(requestToken, sign, release);

        Path pgpPublic = Files.writeString(dir.resolve("pgp-public.asc"), TestKeys.trusted().pgpPublicKeyArmored());
        CliRun verify = CliRun.of("verify", "--release", release.toString(), "--pgp-keys", pgpPublic.toString(),
                "--trusted-root", keyless.trustedRootFile().toString(), "--certificate-identity-regexp",
                "^https://github\\.com/forgeline/forgeline/\\.github/workflows/release\\.yml@refs/tags/v.*$",
                "--certificate-oidc-issuer", keyless.issuer());
        assertEquals(0, verify.exitCode(), verify.out() + verify.err());
    }

    @Test
    void sign_fulcioRefusesTheToken_failsWithTheServiceExitCode_andTheMessageHoldsNoToken() throws Exception {
        try (OidcIssuerStandIn untrusted = new OidcIssuerStandIn()) {
            String token = untrusted.emailToken(EMAIL);
            KeylessServiceException e = assertThrows(KeylessServiceException.class, () -> KeylessSigner.start(
                    IdentityToken.of(token, "test"), keyless.sigstore().fulcio().url(), keyless.sigstore().rekor().url()));
            assertEquals(ExitCode.SIGNING_SERVICE_FAILED, e.exitCode());
            assertTrue(e.getMessage().contains("Fulcio at " + keyless.sigstore().fulcio().url()
                    + "/api/v2/signingCert refused the request: HTTP 401 (the OIDC issuer"),
                    e.getMessage());
            assertFalse(e.getMessage().contains(token) || String.valueOf(e.hint()).contains(token));

            Path release = SignableRelease.create(dir.resolve("release"));
            Path pgpKey = Files.writeString(dir.resolve("pgp.asc"), TestKeys.TRUSTED_PGP);
            Path tokenFile = Files.writeString(dir.resolve("token"), token + "\n");
            CliRun sign = CliRun.of("sign", "--keyless", "--from", release.toString(), "--pgp-key", pgpKey.toString(),
                    "--config", sampleConfig(), "--oidc-token-file", tokenFile.toString(), "--signing-config",
                    keyless.signingConfigFile().toString());
            assertEquals(ExitCode.SIGNING_SERVICE_FAILED.code(), sign.exitCode(), sign.err());
            assertNowhere(token, sign, release);
        }
    }

    @Test
    void token_noneAnywhere_isAUsageErrorSayingWhereToPutIt() {
        SigningException e = assertThrows(SigningException.class, () -> new OidcTokenSource(null).token(Map.of()));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.hint().contains("id-token: write") && e.hint().contains(OidcTokenSource.TOKEN_ENV), e.hint());
        SigningException notAJwt = assertThrows(SigningException.class, () -> new OidcTokenSource(null)
                .token(Map.of(OidcTokenSource.TOKEN_ENV, "secret-but-not-a-jwt")));
        assertFalse(notAJwt.getMessage().contains("secret-but-not-a-jwt"), notAJwt.getMessage());
        assertTrue(notAJwt.getMessage().contains("$" + OidcTokenSource.TOKEN_ENV), notAJwt.getMessage());
    }

    @Test
    void identityToken_toString_showsIssuerAndSubjectOnly() {
        String token = keyless.emailToken(EMAIL);
        IdentityToken parsed = IdentityToken.of(token, "test");
        assertFalse(parsed.toString().contains(token.split("\\.")[2]));
        assertTrue(parsed.toString().contains(keyless.issuer()), parsed.toString());
    }

    /** The sample project's release.yaml (SignableRelease's root POM is its root module's), copied into the test's dir. */
    private String sampleConfig() throws Exception {
        Path project = dir.resolve("sample-project");
        if (!Files.isDirectory(project)) {
            TestProjects.copySampleProjectOutsideGit(dir);
        }
        return project.resolve("release.yaml").toString();
    }

    /** The secret is in no output and no file of the release. */
    private static void assertNowhere(String secret, CliRun run, Path release) throws Exception {
        assertFalse(run.out().contains(secret), "stdout holds the secret");
        assertFalse(run.err().contains(secret), "stderr holds the secret");
        try (Stream<Path> files = Files.walk(release)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1).contains(secret),
                        file + " holds the secret");
            }
        }
    }

}
