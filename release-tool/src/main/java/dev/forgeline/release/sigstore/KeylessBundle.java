package dev.forgeline.release.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A keyless Sigstore bundle (v0.3, JSON): a message signature over a file's digest made with an ephemeral key, the
 * Fulcio certificate of that key (v0.3 carries the leaf alone: the chain is in the verifier's trusted root) and the
 * Rekor entry of the signature, with its inclusion proof, checkpoint and promise. Checked on construction: the
 * digest has its algorithm's length, nothing is empty.
 */
public record KeylessBundle(String mediaType, byte[] certificate, SigstoreBundle.HashAlgorithm digestAlgorithm,
        byte[] digest, byte[] signature, TlogEntry tlogEntry) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public KeylessBundle {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digestAlgorithm, "digestAlgorithm");
        Objects.requireNonNull(tlogEntry, "tlogEntry");
        if (certificate == null || certificate.length == 0) {
            throw new IllegalArgumentException("a keyless bundle needs the signing certificate");
        }
        BundleJson.checkMessageSignature(digestAlgorithm, digest, signature);
        certificate = certificate.clone();
        digest = digest.clone();
        signature = signature.clone();
    }

    @Override
    public byte[] certificate() {
        return certificate.clone();
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** protobuf-specs JSON (camelCase, base64 bytes, int64 as strings), UTF-8, one object. */
    public String toJson() {
        return BundleJson.certificate(mediaType, certificate, tlogEntry).messageSignature(digestAlgorithm, digest,
                signature);
    }

    /**
     * Reads a keyless bundle: a certificate (v0.3) or the first certificate of an {@code x509CertificateChain}
     * (v0.1, v0.2), exactly one tlog entry, and a message signature.
     */
    public static KeylessBundle parse(byte[] json) throws SigstoreBundle.BundleFormatException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new SigstoreBundle.BundleFormatException("not JSON (" + e.getClass().getSimpleName() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new SigstoreBundle.BundleFormatException("not a JSON object", null);
        }
        JsonNode material = root.path("verificationMaterial");
        JsonNode certificate = material.has("certificate") ? material.path("certificate")
                : material.path("x509CertificateChain").path("certificates").path(0);
        JsonNode entries = material.path("tlogEntries");
        if (!entries.isArray() || entries.size() != 1) {
            throw new SigstoreBundle.BundleFormatException(SigstoreBundle.BundleFormatException.Problem.NO_TLOG_ENTRY,
                    "a keyless bundle needs exactly one tlog entry, found " + (entries.isArray() ? entries.size() : 0),
                    null);
        }
        JsonNode message = root.path("messageSignature");
        if (!message.isObject()) {
            throw new SigstoreBundle.BundleFormatException(SigstoreBundle.BundleFormatException.Problem.UNSUPPORTED_CONTENT,
                    root.has("dsseEnvelope") ? "a DSSE envelope, not a message signature" : "no messageSignature", null);
        }
        String algorithmName = message.path("messageDigest").path("algorithm").asText();
        SigstoreBundle.HashAlgorithm algorithm;
        try {
            algorithm = SigstoreBundle.HashAlgorithm.valueOf(algorithmName);
        } catch (IllegalArgumentException e) {
            throw new SigstoreBundle.BundleFormatException(SigstoreBundle.BundleFormatException.Problem.UNKNOWN_ALGORITHM,
                    "unknown digest algorithm " + algorithmName, e);
        }
        byte[] digest = base64(message.path("messageDigest"), "digest");
        if (digest.length != algorithm.length()) {
            throw new SigstoreBundle.BundleFormatException(SigstoreBundle.BundleFormatException.Problem.DIGEST_LENGTH,
                    "the bundle claims " + algorithm + " but carries a " + digest.length + "-byte digest", null);
        }
        try {
            return new KeylessBundle(root.path("mediaType").asText(), base64(certificate, "rawBytes"), algorithm, digest,
                    base64(message, "signature"), TlogEntry.read(entries.get(0)));
        } catch (IllegalArgumentException e) {
            throw new SigstoreBundle.BundleFormatException(e.getMessage(), e);
        }
    }

    private static byte[] base64(JsonNode node, String field) throws SigstoreBundle.BundleFormatException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new SigstoreBundle.BundleFormatException("missing or empty field " + field, null);
        }
        try {
            return Base64.getDecoder().decode(value.asText());
        } catch (IllegalArgumentException e) {
            throw new SigstoreBundle.BundleFormatException("field " + field + " is not base64", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeylessBundle b && mediaType.equals(b.mediaType) && Arrays.equals(certificate, b.certificate)
                && digestAlgorithm == b.digestAlgorithm && Arrays.equals(digest, b.digest)
                && Arrays.equals(signature, b.signature) && tlogEntry.equals(b.tlogEntry);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mediaType, Arrays.hashCode(certificate), Arrays.hashCode(digest));
    }

    @Override
    public String toString() {
        return "KeylessBundle[" + mediaType + ", log index " + tlogEntry.logIndex() + "]";
    }
}
