package dev.forgeline.release.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forgeline.release.sigstore.DsseBundle;
import dev.forgeline.release.sigstore.KeylessBundle;
import dev.forgeline.release.sigstore.SigstoreBundle;
import dev.forgeline.release.sigstore.TlogEntry;
import dev.forgeline.release.sigstore.TrustedRoot;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1UTF8String;

/**
 * Verifies a keyless bundle offline against an {@link IdentityPolicy}, one check after another, each failure with its
 * own {@link FailureReason}: the certificate chains to a trusted CA; it carries an SCT from a trusted CT log; its
 * identity (SAN) and OIDC issuer are the policy's; the bundle's digest is the file's and its signature verifies with
 * the certificate's key; the log entry is for this signature, digest and certificate; it comes from a trusted log,
 * whose promise (signedEntryTimestamp) and checkpoint verify with the log's key and whose inclusion proof leads to
 * the checkpoint's root; and the log integrated it while the certificate was valid. A DSSE bundle (a keyless
 * provenance) goes through the same checks with its own signature and {@code dsse} entry ({@link #checkDsse}). What a
 * certificate alone decides (chain, SCT) is remembered per certificate, and keys are prepared once: one instance per
 * verification run, so a release's bundles, which share their run's certificate and log, cost three ECDSA
 * verifications each.
 */
final class KeylessCheck {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ISSUER_V2 = "1.3.6.1.4.1.57264.1.8";
    private static final String ISSUER_LEGACY = "1.3.6.1.4.1.57264.1.1";

    private final IdentityPolicy policy;
    /** ECDSA with each key prepared once (BouncyCastle's P-256): the log's keys and a run's certificate recur. */
    private final SigstoreSignatures signatures = new SigstoreSignatures();
    /**
     * By the SHA-256 of a certificate's DER: what its chain and SCT checks found. They depend on the certificate and
     * the trusted root only, and every artifact of a keyless release carries the same certificate of its run.
     */
    private final ConcurrentMap<String, Certified> certified = new ConcurrentHashMap<>();

    KeylessCheck(IdentityPolicy policy) {
        this.policy = policy;
    }

    /** A parsed certificate with its path to a trusted CA (leaf first), or why it has none, and its identity. */
    private record Certified(X509Certificate leaf, List<X509Certificate> path, String identity, CheckResult failure) {}

    /** A keyless message-signature bundle of the file whose SHA-256 is {@code sha256}. */
    CheckResult check(KeylessBundle bundle, byte[] sha256) {
        return check(bundle.certificate(), bundle.tlogEntry(), new MessageSignature(bundle, sha256));
    }

    /**
     * A keyless DSSE bundle (the provenance): the same checks, with the signature over the envelope's
     * pre-authentication encoding and a {@code dsse} 0.0.1 log entry of this payload and signature.
     */
    CheckResult checkDsse(DsseBundle bundle) {
        if (!bundle.keyless()) {
            throw new IllegalArgumentException("not a keyless DSSE bundle");
        }
        return check(bundle.certificate(), bundle.tlogEntry(), new DsseSignature(bundle));
    }

    /** What differs between the signatures a keyless certificate makes: what is signed, and how the log records it. */
    private interface SignedContent {
        /** The failure of the content's digest or signature against the certificate, or null. */
        CheckResult contentFailure(X509Certificate leaf, String identity, SigstoreSignatures signatures);

        /** Why the log entry (its kind and body) is not this content's, or null. */
        String entryMismatch(TlogEntry entry, JsonNode body, X509Certificate leaf);
    }

    private CheckResult check(byte[] certificateDer, TlogEntry entry, SignedContent content) {
        Certified known = certified.computeIfAbsent(Base64.getEncoder().encodeToString(sha256(certificateDer)),
                k -> certify(certificateDer));
        if (known.failure() != null) {
            return known.failure();
        }
        X509Certificate leaf = known.leaf();
        String identity = known.identity();
        TrustedRoot root = policy.trustedRoot();
        List<X509Certificate> path = known.path();
        if (identities(leaf).stream().noneMatch(policy::identityMatches)) {
            return fail(FailureReason.SIGSTORE_IDENTITY_MISMATCH, identity + " (policy: " + policy.describeIdentity()
                    + ")", identity);
        }
        String issuer = issuer(leaf);
        if (!policy.issuer().equals(issuer)) {
            return fail(FailureReason.SIGSTORE_ISSUER_MISMATCH, (issuer == null ? "(none)" : issuer) + " (policy: "
                    + policy.issuer() + ")", identity);
        }
        CheckResult contentFailure = content.contentFailure(leaf, identity, signatures);
        if (contentFailure != null) {
            return contentFailure;
        }
        String mismatch;
        try {
            mismatch = content.entryMismatch(entry, JSON.readTree(entry.canonicalizedBody()), leaf);
        } catch (IOException | RuntimeException e) {
            mismatch = "its body is not JSON";
        }
        if (mismatch != null) {
            return fail(FailureReason.SIGSTORE_LOG_ENTRY_MISMATCH, "(" + mismatch + ")", identity);
        }
        Instant integrated = Instant.ofEpochSecond(entry.integratedTime());
        Optional<TrustedRoot.Log> log = TrustedRoot.find(root.tlogs(), entry.logId(), integrated);
        if (log.isEmpty()) {
            return fail(FailureReason.SIGSTORE_UNTRUSTED_LOG, HexFormat.of().formatHex(entry.logId()), identity);
        }
        if (entry.signedEntryTimestamp() == null) {
            return fail(FailureReason.SIGSTORE_PROMISE_INVALID, "(none: the integrated time is not signed)", identity);
        }
        if (!SignedCheckpoint.verifies(log.get(), promise(entry), entry.signedEntryTimestamp(), signatures)) {
            return fail(FailureReason.SIGSTORE_PROMISE_INVALID, null, identity);
        }
        TlogEntry.InclusionProof proof = entry.inclusionProof();
        if (proof == null) {
            return fail(FailureReason.SIGSTORE_INCLUSION_PROOF_INVALID, "(none)", identity);
        }
        Optional<SignedCheckpoint> checkpoint = SignedCheckpoint.parse(proof.checkpoint());
        if (checkpoint.isEmpty()) {
            return fail(FailureReason.SIGSTORE_INCLUSION_PROOF_INVALID, "(the checkpoint is not a signed note)", identity);
        }
        if (!checkpoint.get().signedBy(root.tlogs(), signatures)) {
            return fail(FailureReason.SIGSTORE_CHECKPOINT_UNTRUSTED, null, identity);
        }
        if (checkpoint.get().treeSize() != proof.treeSize()
                || !MessageDigest.isEqual(checkpoint.get().rootHash(), proof.rootHash())) {
            return fail(FailureReason.SIGSTORE_INCLUSION_PROOF_INVALID, "(the proof's tree is not the checkpoint's)",
                    identity);
        }
        if (!MerkleInclusion.verify(entry.canonicalizedBody(), proof.logIndex(), proof.treeSize(), proof.hashes(),
                proof.rootHash())) {
            return fail(FailureReason.SIGSTORE_INCLUSION_PROOF_INVALID, "(it does not lead to the root hash)", identity);
        }
        for (X509Certificate certificate : path) {
            if (integrated.isBefore(certificate.getNotBefore().toInstant())
                    || integrated.isAfter(certificate.getNotAfter().toInstant())) {
                return fail(FailureReason.SIGSTORE_CERTIFICATE_EXPIRED, "(logged at " + integrated + "; "
                        + (certificate == leaf ? "certificate" : "CA " + certificate.getSubjectX500Principal().getName())
                        + " valid " + certificate.getNotBefore().toInstant() + " to "
                        + certificate.getNotAfter().toInstant() + ")", identity);
            }
        }
        return CheckResult.passed(Check.SIGSTORE, "keyless, " + issuer + ", log index " + entry.logIndex(), identity);
    }

    /** The checks of the certificate alone: it is X.509, chains to a trusted CA, and carries a trusted SCT. */
    private Certified certify(byte[] certificateDer) {
        X509Certificate leaf;
        try {
            leaf = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificateDer));
        } catch (GeneralSecurityException | RuntimeException e) {
            return new Certified(null, null, null,
                    CheckResult.failed(FailureReason.SIGSTORE_MALFORMED, "(the certificate is not X.509)", null, e));
        }
        String identity = identities(leaf).stream().findFirst().orElse("(no email or URI SAN)");
        TrustedRoot root = policy.trustedRoot();
        Optional<List<X509Certificate>> path = pathToTrustedCa(leaf, root);
        if (path.isEmpty()) {
            return new Certified(leaf, null, identity, fail(FailureReason.SIGSTORE_UNTRUSTED_ROOT, "(issuer "
                    + leaf.getIssuerX500Principal().getName() + " is not a CA of the trusted root)", identity));
        }
        CheckResult sct = switch (EmbeddedScts.check(leaf, path.get().get(1), root.ctlogs())) {
            case MISSING -> fail(FailureReason.SIGSTORE_SCT_MISSING, null, identity);
            case INVALID -> fail(FailureReason.SIGSTORE_SCT_INVALID, null, identity);
            case VERIFIED -> null;
        };
        return new Certified(leaf, path.get(), identity, sct);
    }

    private static CheckResult fail(FailureReason reason, String detail, String identity) {
        return CheckResult.failed(reason, detail, identity, null);
    }

    /**
     * The leaf and the chain of a trusted CA whose first certificate issued it (name and signature), leaf first;
     * the CA must have been valid, by the trusted root, when the leaf was issued. Empty when there is none.
     */
    private static Optional<List<X509Certificate>> pathToTrustedCa(X509Certificate leaf, TrustedRoot root) {
        for (TrustedRoot.CertificateAuthority ca : root.certificateAuthorities()) {
            X509Certificate issuer = ca.chain().get(0);
            if (!issuer.getSubjectX500Principal().equals(leaf.getIssuerX500Principal())
                    || !ca.validFor().covers(leaf.getNotBefore().toInstant()) || issuer.getBasicConstraints() < 0) {
                continue;
            }
            try {
                leaf.verify(issuer.getPublicKey());
            } catch (GeneralSecurityException | RuntimeException e) {
                continue;
            }
            List<X509Certificate> path = new ArrayList<>();
            path.add(leaf);
            path.addAll(ca.chain());
            return Optional.of(path);
        }
        return Optional.empty();
    }

    /** The first email or URI SAN of a DER certificate, or "" when it has none or is not X.509. */
    static String identityOf(byte[] certificateDer) {
        try {
            return identities((X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificateDer))).stream().findFirst().orElse("");
        } catch (GeneralSecurityException | RuntimeException e) {
            return "";
        }
    }

    /** The certificate's email (rfc822Name) and URI subject alternative names. */
    static List<String> identities(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            var sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (san.get(0) instanceof Integer type && (type == 1 || type == 6) && san.get(1) instanceof String s) {
                        names.add(s);
                    }
                }
            }
        } catch (java.security.cert.CertificateParsingException e) {
            // no names
        }
        return names;
    }

    /** The OIDC issuer: extension .1.8 (a DER UTF8String), else the legacy .1.1 (the raw string). */
    static String issuer(X509Certificate certificate) {
        try {
            byte[] v2 = certificate.getExtensionValue(ISSUER_V2);
            if (v2 != null) {
                return ASN1UTF8String.getInstance(ASN1OctetString.getInstance(v2).getOctets()).getString();
            }
            byte[] legacy = certificate.getExtensionValue(ISSUER_LEGACY);
            return legacy == null ? null
                    : new String(ASN1OctetString.getInstance(legacy).getOctets(), StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A message signature over a file's SHA-256, logged as a {@code hashedrekord} 0.0.1 entry. */
    private record MessageSignature(KeylessBundle bundle, byte[] sha256) implements SignedContent {
        @Override
        public CheckResult contentFailure(X509Certificate leaf, String identity, SigstoreSignatures signatures) {
            if (bundle.digestAlgorithm() != SigstoreBundle.HashAlgorithm.SHA2_256) {
                return fail(FailureReason.SIGSTORE_UNSUPPORTED_ALGORITHM, bundle.digestAlgorithm().name(), identity);
            }
            if (!MessageDigest.isEqual(bundle.digest(), sha256)) {
                return fail(FailureReason.SIGSTORE_DIGEST_MISMATCH, null, identity);
            }
            if (!verifies(signatures, leaf, bundle.digest(), bundle.signature())) {
                return fail(FailureReason.SIGSTORE_SIGNATURE_MISMATCH, "(certificate of " + identity + ")", identity);
            }
            return null;
        }

        @Override
        public String entryMismatch(TlogEntry entry, JsonNode body, X509Certificate leaf) {
            if (!"hashedrekord".equals(entry.kind()) || !"0.0.1".equals(entry.kindVersion())
                    || !"hashedrekord".equals(body.path("kind").asText()) || !"0.0.1".equals(body.path("apiVersion").asText())) {
                return "not a hashedrekord 0.0.1 entry";
            }
            JsonNode spec = body.path("spec");
            if (!"sha256".equals(spec.at("/data/hash/algorithm").asText())
                    || !HexFormat.of().formatHex(sha256).equals(spec.at("/data/hash/value").asText())) {
                return "it logs another digest";
            }
            return loggedSignatureMismatch(spec.at("/signature/content").asText(), spec.at("/signature/publicKey/content")
                    .asText(), bundle.signature(), leaf);
        }
    }

    /** A DSSE envelope's signature over its pre-authentication encoding, logged as a {@code dsse} 0.0.1 entry. */
    private record DsseSignature(DsseBundle bundle) implements SignedContent {
        @Override
        public CheckResult contentFailure(X509Certificate leaf, String identity, SigstoreSignatures signatures) {
            if (!verifies(signatures, leaf, sha256(bundle.signedBytes()), bundle.signature())) {
                return fail(FailureReason.SIGSTORE_SIGNATURE_MISMATCH, "(DSSE envelope, certificate of " + identity + ")",
                        identity);
            }
            return null;
        }

        @Override
        public String entryMismatch(TlogEntry entry, JsonNode body, X509Certificate leaf) {
            if (!"dsse".equals(entry.kind()) || !"0.0.1".equals(entry.kindVersion())
                    || !"dsse".equals(body.path("kind").asText()) || !"0.0.1".equals(body.path("apiVersion").asText())) {
                return "not a dsse 0.0.1 entry";
            }
            JsonNode spec = body.path("spec");
            if (!"sha256".equals(spec.at("/payloadHash/algorithm").asText())
                    || !HexFormat.of().formatHex(sha256(bundle.payload())).equals(spec.at("/payloadHash/value").asText())) {
                return "it logs another payload";
            }
            JsonNode signatures = spec.path("signatures");
            if (!signatures.isArray() || signatures.size() != 1) {
                return "it logs " + (signatures.isArray() ? signatures.size() : 0) + " signatures, not one";
            }
            return loggedSignatureMismatch(signatures.get(0).path("signature").asText(),
                    signatures.get(0).path("verifier").asText(), bundle.signature(), leaf);
        }
    }

    /** ECDSA with SHA-256 by the certificate's key, over what {@code sha256} is the digest of. */
    private static boolean verifies(SigstoreSignatures signatures, X509Certificate leaf, byte[] sha256, byte[] signature) {
        try {
            return signatures.verify("certificate " + Base64.getEncoder().encodeToString(sha256(leaf.getPublicKey()
                    .getEncoded())), leaf.getPublicKey(), sha256, signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** Why a logged signature (base64) and certificate (base64 PEM) are not these, or null. */
    private static String loggedSignatureMismatch(String loggedSignature, String loggedPem, byte[] signature,
            X509Certificate leaf) {
        try {
            if (!MessageDigest.isEqual(Base64.getDecoder().decode(loggedSignature), signature)) {
                return "it logs another signature";
            }
            X509Certificate logged = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(loggedPem)));
            if (!MessageDigest.isEqual(logged.getEncoded(), leaf.getEncoded())) {
                return "it logs another certificate";
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return "its signature or certificate cannot be read";
        }
        return null;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the signedEntryTimestamp signs: the canonical JSON of body, integratedTime, logID (hex), logIndex. */
    private static byte[] promise(TlogEntry entry) {
        return ("{\"body\":\"" + Base64.getEncoder().encodeToString(entry.canonicalizedBody()) + "\",\"integratedTime\":"
                + entry.integratedTime() + ",\"logID\":\"" + HexFormat.of().formatHex(entry.logId()) + "\",\"logIndex\":"
                + entry.logIndex() + "}").getBytes(StandardCharsets.UTF_8);
    }
}
