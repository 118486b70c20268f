package dev.forgeline.release.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgeline.release.common.Jobs;
import dev.forgeline.release.common.SignatureKind;
import dev.forgeline.release.config.ReleaseConfig;
import dev.forgeline.release.config.ReleaseConfigLoader;
import dev.forgeline.release.pipeline.Mode;
import dev.forgeline.release.pipeline.ReleaseRunner;
import dev.forgeline.release.pipeline.RunResults;
import dev.forgeline.release.sign.KeySources;
import dev.forgeline.release.sign.KeylessKeyLoader;
import dev.forgeline.release.sign.OidcTokenSource;
import dev.forgeline.release.sign.SecretSource;
import dev.forgeline.release.sigstore.DsseBundle;
import dev.forgeline.release.sigstore.SigningConfig;
import dev.forgeline.release.testing.SignableRelease;
import dev.forgeline.release.testing.TestKeys;
import dev.forgeline.release.testing.TestProjects;
import dev.forgeline.release.testing.Tools;
import dev.forgeline.release.testing.sigstore.KeylessFixture;
import dev.forgeline.release.verify.ArtifactVerdict;
import dev.forgeline.release.verify.Check;
import dev.forgeline.release.verify.CheckResult;
import dev.forgeline.release.verify.FailureReason;
import dev.forgeline.release.verify.IdentityPolicy;
import dev.forgeline.release.verify.VerificationInputs;
import dev.forgeline.release.verify.VerificationPolicy;
import dev.forgeline.release.verify.VerificationReport;
import dev.forgeline.release.verify.Verifier;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keyless provenance against the Sigstore stand-ins: {@code sign --keyless} (Mode.SIGN_KEYLESS) signs the provenance's
 * DSSE envelope with the run's Fulcio certificate and logs it as a Rekor {@code dsse} entry; verify holds it to the
 * identity policy, sigstore-js and sigstore-java's KeylessVerifier accept it, and a damaged one fails with its reason.
 */
class KeylessProvenanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EMAIL = "provenance@forgeline.test";
    private static final String JAR = "artifacts/sample-native-2.3.4-linux-x86_64.jar";
    private static final String ENVELOPE = "artifacts/sample-native-2.3.4.intoto.jsonl";
    private static final String BUNDLE = "artifacts/sample-native-2.3.4.intoto.bundle.json";
    @RegisterExtension
    static final KeylessFixture keyless = new KeylessFixture();

    @TempDir
    Path dir;

    @Test
    void signKeyless_signsTheProvenanceWithTheRunsCertificate_asARekorDsseEntry_andVerifyHoldsItToTheIdentity()
            throws Exception {
        assertEquals(List.of("sign", "attest"), Mode.SIGN_KEYLESS.stages());
        int logged = keyless.sigstore().rekor().size();
        Path release = signKeyless();

        JsonNode bundle = JSON.readTree(release.resolve(BUNDLE).toFile());
        JsonNode entry = bundle.at("/verificationMaterial/tlogEntries/0");
        assertEquals("dsse", entry.at("/kindVersion/kind").asText(), bundle.toString());
        assertEquals("0.0.1", entry.at("/kindVersion/version").asText());
        JsonNode body = JSON.readTree(Base64.getDecoder().decode(entry.path("canonicalizedBody").asText()));
        DsseBundle parsed = DsseBundle.parse(Files.readAllBytes(release.resolve(BUNDLE)));
        assertEquals(sha256Hex(parsed.payload()), body.at("/spec/payloadHash/value").asText());
        assertEquals("", JSON.readTree(release.resolve(ENVELOPE).toFile()).at("/signatures/0/keyid").asText());
        JsonNode jarBundle = JSON.readTree(release.resolve(JAR + ".sigstore.json").toFile());
        assertEquals(jarBundle.at("/verificationMaterial/certificate/rawBytes").asText(),
                bundle.at("/verificationMaterial/certificate/rawBytes").asText(),
                "the provenance is signed with the certificate the artifacts were signed with");
        // 2 artifacts, the release index, and the provenance: its envelope (dsse) and its two files' bundles.
        assertTrue(keyless.sigstore().rekor().size() > logged + 3, "the provenance is logged too");

        VerificationReport intact = verify(release, identity(EMAIL, keyless.issuer()));
        assertTrue(intact.verified(), intact.table());
        CheckResult provenance = provenanceOf(intact, "sample-native-2.3.4-linux-x86_64.jar");
        assertEquals(CheckResult.Status.PASSED, provenance.status(), intact.table());
        assertEquals(EMAIL, provenance.keyId());

        VerificationReport otherIdentity = verify(release, identity("mallory@forgeline.test", keyless.issuer()));
        assertEquals(FailureReason.PROVENANCE_IDENTITY_MISMATCH,
                provenanceOf(otherIdentity, "sample-native-2.3.4-linux-x86_64.jar").reason(), otherIdentity.table());
        VerificationReport otherIssuer = verify(release, identity(EMAIL, "https://token.actions.githubusercontent.com"));
        assertEquals(FailureReason.PROVENANCE_ISSUER_MISMATCH,
                provenanceOf(otherIssuer, "sample-native-2.3.4-linux-x86_64.jar").reason(), otherIssuer.table());
        VerificationReport keysOnly = verify(release, VerificationPolicy.builder()
                .require(EnumSet.of(SignatureKind.PGP)).trustPgpKeys(TestKeys.trusted().pgpPublicKeyArmored())
                .provenance(new VerificationPolicy.ProvenanceExpectations(true, null, null, null)).build());
        assertEquals(FailureReason.PROVENANCE_NO_IDENTITY_POLICY,
                provenanceOf(keysOnly, "sample-native-2.3.4-linux-x86_64.jar").reason(), keysOnly.table());

        int before = keyless.sigstore().rekor().size();
        RunResults again = run(release);
        assertTrue(again.get("attest", Attested.class).recorded(), "a rerun by the same identity keeps the provenance");
        assertEquals(before, keyless.sigstore().rekor().size(), "and logs nothing new");
    }

    @Test
    void peers_sigstoreJsAndSigstoreJava_acceptTheKeylessProvenanceBundle_andRefuseAnotherIdentity() throws Exception {
        Path release = signKeyless();
        Path bundle = release.resolve(BUNDLE);

        dev.sigstore.KeylessVerifier java = dev.sigstore.KeylessVerifier.builder()
                .trustedRootProvider(dev.sigstore.TrustedRootProvider.from(keyless.trustedRootFile()))
                .build();
        dev.sigstore.bundle.Bundle javaBundle = dev.sigstore.bundle.Bundle.from(bundle, StandardCharsets.UTF_8);
        java.verify(release.resolve(JAR), javaBundle, javaPolicy(EMAIL)); // the jar is a subject of the statement
        assertThrows(dev.sigstore.KeylessVerificationException.class,
                () -> java.verify(release.resolve(JAR), javaBundle, javaPolicy("mallory@forgeline.test")));

        Tools.requireSigstoreJs();
        Tools.Run ok = sigstoreJs(EMAIL, bundle);
        assertEquals(0, ok.exitCode(), ok.output());
        assertTrue(ok.output().contains("OK " + bundle + " application/vnd.in-toto+json"), ok.output());
        Tools.Run other = sigstoreJs("mallory@forgeline.test", bundle);
        assertEquals(1, other.exitCode(), other.output());
        assertTrue(other.output().contains("UNTRUSTED_SIGNER_ERROR"), other.output());
    }

    @Test
    void verify_damagedKeylessProvenance_failsEveryFileWithTheProvenancesReason() throws Exception {
        Path release = signKeyless();
        byte[] intact = Files.readAllBytes(release.resolve(BUNDLE));
        IdentityPolicy identity = identity(EMAIL, keyless.issuer());

        damage(release, intact, b -> {
            ObjectNode envelope = (ObjectNode) b.path("dsseEnvelope");
            envelope.put("payload", Base64.getEncoder().encodeToString(
                    "{\"_type\":\"https://in-toto.io/Statement/v1\"}".getBytes(StandardCharsets.UTF_8)));
        });
        assertEquals(FailureReason.PROVENANCE_SIGNATURE_MISMATCH, provenanceReason(release, identity));

        JsonNode jarEntry = JSON.readTree(release.resolve(JAR + ".sigstore.json").toFile())
                .at("/verificationMaterial/tlogEntries/0");
        damage(release, intact, b -> ((ArrayNode) b.at("/verificationMaterial/tlogEntries")).set(0, jarEntry));
        assertEquals(FailureReason.PROVENANCE_LOG_ENTRY_MISMATCH, provenanceReason(release, identity));

        damage(release, intact, b -> {
            ArrayNode hashes = (ArrayNode) b.at("/verificationMaterial/tlogEntries/0/inclusionProof/hashes");
            hashes.add(Base64.getEncoder().encodeToString(new byte[32]));
        });
        CheckResult forged = provenanceOf(verify(release, identity), "sample-native-2.3.4-linux-x86_64.jar");
        assertEquals(FailureReason.PROVENANCE_KEYLESS_INVALID, forged.reason());
        assertTrue(forged.detail().contains("SIGSTORE_INCLUSION_PROOF_INVALID"), forged.detail());

        damage(release, intact, b -> ((ObjectNode) b.at("/verificationMaterial/tlogEntries/0/inclusionPromise"))
                .put("signedEntryTimestamp", Base64.getEncoder().encodeToString(new byte[70])));
        CheckResult promise = provenanceOf(verify(release, identity), "sample-native-2.3.4-linux-x86_64.jar");
        assertEquals(FailureReason.PROVENANCE_KEYLESS_INVALID, promise.reason());
        assertTrue(promise.detail().contains("SIGSTORE_PROMISE_INVALID"), promise.detail());

        Files.write(release.resolve(BUNDLE), intact);
        Files.write(release.resolve(ENVELOPE), DsseBundle.parse(intact).envelopeJson());
        assertEquals(CheckResult.Status.PASSED, provenanceOf(verify(release, identity),
                "sample-native-2.3.4-linux-x86_64.jar").status(), "the intact files verify again");
    }

    /** A release signed keyless by {@link #EMAIL} with the stand-ins, by ReleaseRunner.signKeyless. */
    private Path signKeyless() throws Exception {
        Path release = SignableRelease.create(dir.resolve("release"));
        RunResults run = run(release);
        assertFalse(run.get("attest", Attested.class).recorded());
        return release;
    }

    private RunResults run(Path release) throws Exception {
        Path project = dir.resolve("sample-project");
        if (!Files.isDirectory(project)) {
            TestProjects.copySampleProjectOutsideGit(dir);
        }
        ReleaseConfig config = new ReleaseConfigLoader().loadFromProject(project);
        Path pgp = Files.writeString(dir.resolve("pgp.asc"), TestKeys.TRUSTED_PGP);
        Path token = keyless.tokenFile(dir.resolve("token"), EMAIL);
        KeylessKeyLoader keys = new KeylessKeyLoader(new KeySources(SecretSource.file(pgp), null, null),
                new OidcTokenSource(token), SigningConfig.parse(Files.readAllBytes(
                        keyless.signingConfigFile()), Instant.now()));
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(k -> k.startsWith("GITHUB_") || k.startsWith("ACTIONS_"));
        try (ReleaseRunner runner = new ReleaseRunner(env, new PrintStream(OutputStream.nullOutputStream()))) {
            return runner.signKeyless(config, release, keys);
        }
    }

    /** Rewrites the provenance bundle from the intact one, and the envelope line to match it. */
    private static void damage(Path release, byte[] intact, Consumer<ObjectNode> change) throws Exception {
        ObjectNode bundle = (ObjectNode) JSON.readTree(intact);
        change.accept(bundle);
        byte[] damaged = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(bundle);
        Files.write(release.resolve(BUNDLE), damaged);
        Files.write(release.resolve(ENVELOPE), DsseBundle.parse(damaged).envelopeJson());
    }

    private FailureReason provenanceReason(Path release, IdentityPolicy identity) throws Exception {
        return provenanceOf(verify(release, identity), "sample-native-2.3.4-linux-x86_64.jar").reason();
    }

    private static IdentityPolicy identity(String email, String issuer) throws Exception {
        return IdentityPolicy.exact(keyless.trustedRoot(),
                email, issuer);
    }

    private static VerificationReport verify(Path release, IdentityPolicy identity) throws Exception {
        return verify(release, VerificationPolicy.builder().require(EnumSet.of(SignatureKind.PGP, SignatureKind.SIGSTORE))
                .trustPgpKeys(TestKeys.trusted().pgpPublicKeyArmored()).identityPolicy(identity)
                .provenance(new VerificationPolicy.ProvenanceExpectations(true, null, null, null)).build());
    }

    private static VerificationReport verify(Path release, VerificationPolicy policy) throws Exception {
        try (Jobs jobs = Jobs.serial()) {
            return new Verifier(policy).verifyBatches(List.of(VerificationInputs.releaseBatch(release)), jobs);
        }
    }

    private static CheckResult provenanceOf(VerificationReport report, String artifact) {
        ArtifactVerdict verdict = report.verdicts().stream().filter(v -> v.artifact().equals(artifact)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + artifact + " in\n" + report.table()));
        return verdict.check(Check.PROVENANCE).orElseThrow(() -> new AssertionError("no provenance check: " + verdict));
    }

    private static dev.sigstore.VerificationOptions javaPolicy(String identity) {
        return dev.sigstore.VerificationOptions.builder().addCertificateMatchers(
                dev.sigstore.VerificationOptions.CertificateMatcher.fulcio()
                        .subjectAlternativeName(dev.sigstore.strings.StringMatcher.string(identity))
                        .issuer(dev.sigstore.strings.StringMatcher.string(keyless.issuer())).build()).build();
    }

    private static Tools.Run sigstoreJs(String identity, Path bundle) throws Exception {
        return Tools.run(Tools.NODE_DIR, Map.of(), List.of("node",
                Tools.NODE_DIR.resolve("verify-keyless-dsse-bundles.js").toString(),
                keyless.trustedRootFile().toString(), identity, keyless.issuer(), bundle.toString()));
    }

    private static String sha256Hex(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
