package dev.forgeline.release.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgeline.release.common.FileDigest;
import dev.forgeline.release.common.SignatureKind;
import dev.forgeline.release.sign.IdentityToken;
import dev.forgeline.release.sign.KeylessSigner;
import dev.forgeline.release.sigstore.TrustedRoot;
import dev.forgeline.release.testing.Artifacts;
import dev.forgeline.release.testing.sigstore.FulcioStandIn;
import dev.forgeline.release.testing.sigstore.KeylessFixture;
import dev.forgeline.release.testing.sigstore.SigstoreStandIns;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The keyless corpus: bundles signed against the Sigstore stand-ins, each damaged one way, and the one reason the
 * verifier must give. The signers run once; each case copies a signed artifact and changes one thing.
 */
class KeylessVerifierCorpusTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EMAIL = "release@forgeline.test";
    @RegisterExtension
    static final KeylessFixture keyless = new KeylessFixture();
    private static SigstoreStandIns sigstore;
    private static Path work;
    private static TrustedRoot trustedRoot;
    /** Signed normally; by a backdated certificate; by a certificate without SCT; by an untrusted CA. */
    private static KeylessSigner signer;
    private static KeylessSigner expiredSigner;
    private static KeylessSigner noSctSigner;
    private static KeylessSigner untrustedCaSigner;
    private static FulcioStandIn untrustedFulcio;

    @BeforeAll
    static void sign() throws Exception {
        sigstore = keyless.sigstore();
        work = Files.createTempDirectory("keyless-corpus");
        trustedRoot = keyless.trustedRoot();
        signer = start(sigstore.fulcio());
        sigstore.fulcio().backdate(FulcioStandIn.CERTIFICATE_LIFETIME.plusMinutes(5));
        expiredSigner = start(sigstore.fulcio());
        sigstore.fulcio().backdate(Duration.ZERO);
        sigstore.fulcio().embedSct(false);
        noSctSigner = start(sigstore.fulcio());
        sigstore.fulcio().embedSct(true);
        untrustedFulcio = new FulcioStandIn(sigstore.ctLog(), sigstore.oidc().url());
        untrustedCaSigner = start(untrustedFulcio);
        // A few entries first, so that every later inclusion proof has hashes in it.
        for (int i = 0; i < 3; i++) {
            signer.sign(FileDigest.of(Artifacts.create(work, "warm" + i, 100, i)));
        }
    }

    private static KeylessSigner start(FulcioStandIn fulcio) {
        return KeylessSigner.start(IdentityToken.of(sigstore.oidc().emailToken(EMAIL), "test"), fulcio.url(),
                sigstore.rekor().url());
    }

    @AfterAll
    static void stop() {
        untrustedFulcio.close();
    }

    interface Damage {
        /** Changes {@code artifact} or its bundle; {@code other} is another artifact signed by the same signer. */
        void apply(Path artifact, Path other) throws Exception;
    }

    enum Signer { NORMAL, EXPIRED, NO_SCT, UNTRUSTED_CA }

    record Case(Signer signedBy, IdentityPolicy policy, Damage damage, FailureReason expected, String inMessage) {}

    static Stream<Arguments> corpus() {
        return Stream.of(
                c("wrong identity", Signer.NORMAL, policy("someone@else.test"), (a, b) -> { },
                        FailureReason.SIGSTORE_IDENTITY_MISMATCH, EMAIL + " (policy: someone@else.test)"),
                c("identity regexp that matches a part only", Signer.NORMAL,
                        () -> IdentityPolicy.matching(trustedRoot, "release@forgeline", sigstore.oidc().url()),
                        (a, b) -> { }, FailureReason.SIGSTORE_IDENTITY_MISMATCH, "/release@forgeline/"),
                c("wrong issuer", Signer.NORMAL, () -> IdentityPolicy.exact(trustedRoot, EMAIL,
                        "https://token.actions.githubusercontent.com"), (a, b) -> { },
                        FailureReason.SIGSTORE_ISSUER_MISMATCH, "https://token.actions.githubusercontent.com"),
                c("forged inclusion proof", Signer.NORMAL, policy(EMAIL), (a, b) -> editBundle(a, bundle -> {
                    ObjectNode proof = (ObjectNode) bundle.at("/verificationMaterial/tlogEntries/0/inclusionProof");
                    var hashes = (com.fasterxml.jackson.databind.node.ArrayNode) proof.path("hashes");
                    byte[] first = Base64.getDecoder().decode(hashes.get(0).asText());
                    first[0] ^= 1;
                    hashes.set(0, Base64.getEncoder().encodeToString(first));
                }), FailureReason.SIGSTORE_INCLUSION_PROOF_INVALID, "does not lead to the root hash"),
                c("checkpoint signed by an unknown log key", Signer.NORMAL, policy(EMAIL),
                        (a, b) -> editBundle(a, bundle -> {
                            ObjectNode checkpoint = (ObjectNode) bundle.at(
                                    "/verificationMaterial/tlogEntries/0/inclusionProof/checkpoint");
                            checkpoint.put("envelope", resigned(checkpoint.path("envelope").asText()));
                        }), FailureReason.SIGSTORE_CHECKPOINT_UNTRUSTED, null),
                c("a log entry for another artifact", Signer.NORMAL, policy(EMAIL), (a, b) -> editBundle(a, bundle -> {
                    ObjectNode material = (ObjectNode) bundle.path("verificationMaterial");
                    material.set("tlogEntries", bundle(b).at("/verificationMaterial/tlogEntries"));
                }), FailureReason.SIGSTORE_LOG_ENTRY_MISMATCH, "another digest"),
                c("certificate expired at signing time", Signer.EXPIRED, policy(EMAIL), (a, b) -> { },
                        FailureReason.SIGSTORE_CERTIFICATE_EXPIRED, "certificate valid"),
                c("chain to an untrusted root", Signer.UNTRUSTED_CA, policy(EMAIL), (a, b) -> { },
                        FailureReason.SIGSTORE_UNTRUSTED_ROOT, "fulcio stand-in intermediate"),
                c("missing SCT", Signer.NO_SCT, policy(EMAIL), (a, b) -> { }, FailureReason.SIGSTORE_SCT_MISSING, null),
                c("changed integrated time", Signer.NORMAL, policy(EMAIL), (a, b) -> editBundle(a, bundle -> {
                    ObjectNode entry = (ObjectNode) bundle.at("/verificationMaterial/tlogEntries/0");
                    entry.put("integratedTime", Long.toString(entry.path("integratedTime").asLong() - 1));
                }),
                        FailureReason.SIGSTORE_PROMISE_INVALID, null),
                c("changed file", Signer.NORMAL, policy(EMAIL), (a, b) -> Files.write(a, new byte[] {1},
                        java.nio.file.StandardOpenOption.APPEND), FailureReason.SIGSTORE_DIGEST_MISMATCH, null),
                c("signature from another key", Signer.NORMAL, policy(EMAIL), (a, b) -> editBundle(a, bundle ->
                        ((ObjectNode) bundle.path("messageSignature")).set("signature",
                                bundle(b).at("/messageSignature/signature"))),
                        FailureReason.SIGSTORE_SIGNATURE_MISMATCH, null),
                c("no log entry", Signer.NORMAL, policy(EMAIL), (a, b) -> editBundle(a, bundle ->
                        ((ObjectNode) bundle.path("verificationMaterial")).putArray("tlogEntries")),
                        FailureReason.SIGSTORE_NO_LOG_ENTRY, null),
                c("a log the trusted root does not name", Signer.NORMAL, policy(EMAIL), (a, b) -> editBundle(a, bundle ->
                        ((ObjectNode) bundle.at("/verificationMaterial/tlogEntries/0/logId")).put("keyId",
                                Base64.getEncoder().encodeToString(new byte[32]))),
                        FailureReason.SIGSTORE_UNTRUSTED_LOG, null),
                c("no identity policy given", Signer.NORMAL, () -> null, (a, b) -> { },
                        FailureReason.SIGSTORE_NO_IDENTITY_POLICY, "--certificate-oidc-issuer"));
    }

    interface PolicySupplier {
        IdentityPolicy get();
    }

    private static PolicySupplier policy(String identity) {
        return () -> IdentityPolicy.exact(trustedRoot, identity, sigstore.oidc().url());
    }

    private static Arguments c(String name, Signer signer, PolicySupplier policy, Damage damage, FailureReason expected,
            String inMessage) {
        return Arguments.of(Named.of(name, new Object[] {signer, policy, damage, expected, inMessage}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void verify_damagedKeylessBundle_reportsItsReason(Object[] c) throws Exception {
        Signer signedBy = (Signer) c[0];
        IdentityPolicy identity = ((PolicySupplier) c[1]).get();
        Path dir = Files.createTempDirectory(work, "case");
        Path artifact = signed(signedBy, Artifacts.create(dir, "a.jar", 3000, 1));
        Path other = signed(signedBy, Artifacts.create(dir, "b.jar", 3000, 2));
        ((Damage) c[2]).apply(artifact, other);
        ArtifactVerdict verdict = new Verifier(policy(identity)).verify(artifact);
        assertEquals(List.of((FailureReason) c[3]), verdict.reasons(), verdict.toString());
        if (c[4] != null) {
            assertTrue(verdict.toString().contains((String) c[4]), verdict.toString());
        }
    }

    @Test
    void verify_intactKeylessBundles_passByExactIdentityAndByRegexp() throws Exception {
        Path artifact = signed(Signer.NORMAL, Artifacts.create(Files.createTempDirectory(work, "ok"), "a.jar", 5000, 3));
        for (IdentityPolicy identity : List.of(IdentityPolicy.exact(trustedRoot, EMAIL, sigstore.oidc().url()),
                IdentityPolicy.matching(trustedRoot, "^[a-z]+@forgeline\\.test$", sigstore.oidc().url()))) {
            ArtifactVerdict verdict = new Verifier(policy(identity)).verify(artifact);
            assertTrue(verdict.verified(), verdict.toString());
        }
    }

    @Test
    void corpus_coversEveryKeylessReason() {
        List<FailureReason> covered = corpus().map(a -> (FailureReason) ((Object[]) ((Named<?>) a.get()[0]).getPayload())[3])
                .toList();
        for (FailureReason reason : List.of(FailureReason.SIGSTORE_IDENTITY_MISMATCH, FailureReason.SIGSTORE_ISSUER_MISMATCH,
                FailureReason.SIGSTORE_INCLUSION_PROOF_INVALID, FailureReason.SIGSTORE_CHECKPOINT_UNTRUSTED,
                FailureReason.SIGSTORE_LOG_ENTRY_MISMATCH, FailureReason.SIGSTORE_CERTIFICATE_EXPIRED,
                FailureReason.SIGSTORE_UNTRUSTED_ROOT, FailureReason.SIGSTORE_SCT_MISSING,
                FailureReason.SIGSTORE_PROMISE_INVALID, FailureReason.SIGSTORE_UNTRUSTED_LOG,
                FailureReason.SIGSTORE_NO_LOG_ENTRY, FailureReason.SIGSTORE_NO_IDENTITY_POLICY)) {
            assertTrue(covered.contains(reason), reason + " has no corpus case");
        }
    }

    private static VerificationPolicy policy(IdentityPolicy identity) {
        VerificationPolicy.Builder builder = VerificationPolicy.builder().require(EnumSet.of(SignatureKind.SIGSTORE));
        return identity == null ? builder.build() : builder.identityPolicy(identity).build();
    }

    private static Path signed(Signer signedBy, Path file) throws Exception {
        KeylessSigner chosen = switch (signedBy) {
            case NORMAL -> signer;
            case EXPIRED -> expiredSigner;
            case NO_SCT -> noSctSigner;
            case UNTRUSTED_CA -> untrustedCaSigner;
        };
        Files.write(Artifacts.sibling(file, ".sigstore.json"), chosen.sign(FileDigest.of(file)));
        return file;
    }

    interface Edit {
        void apply(ObjectNode bundle) throws Exception;
    }

    static ObjectNode bundle(Path artifact) throws Exception {
        return (ObjectNode) JSON.readTree(Artifacts.sibling(artifact, ".sigstore.json").toFile());
    }

    static void editBundle(Path artifact, Edit edit) throws Exception {
        ObjectNode bundle = bundle(artifact);
        edit.apply(bundle);
        Files.write(Artifacts.sibling(artifact, ".sigstore.json"), JSON.writeValueAsBytes(bundle));
    }

    /** The checkpoint's note, signed instead by a fresh key that no trusted log has, in the same format. */
    static String resigned(String envelope) throws Exception {
        String note = envelope.substring(0, envelope.indexOf("\n\n") + 1);
        String name = envelope.substring(envelope.indexOf("\u2014 ") + 2).split(" ")[0];
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = generator.generateKeyPair();
        Signature ecdsa = Signature.getInstance("SHA256withECDSA");
        ecdsa.initSign(key.getPrivate());
        ecdsa.update(note.getBytes(StandardCharsets.UTF_8));
        byte[] signature = ecdsa.sign();
        byte[] hint = java.security.MessageDigest.getInstance("SHA-256").digest(key.getPublic().getEncoded());
        byte[] hinted = new byte[4 + signature.length];
        System.arraycopy(hint, 0, hinted, 0, 4);
        System.arraycopy(signature, 0, hinted, 4, signature.length);
        return note + "\n\u2014 " + name + " " + Base64.getEncoder().encodeToString(hinted) + "\n";
    }
}
