package dev.forgeline.release.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A Sigstore bundle (protobuf-specs {@code dev.sigstore.bundle.v1.Bundle}, JSON form) holding a message signature
 * over a file's digest and a public-key hint as verification material: what a local key signs in this version.
 * Keyless bundles (a Fulcio certificate and a Rekor entry) are {@link KeylessBundle}s.
 *
 * <p>Immutable and checked on construction: the media type is given, the digest has the length its algorithm
 * implies, the signature and hint are not empty. Parsing keeps what the file claims (even a media type this
 * version does not support) so that the verifier can say precisely what is wrong with it.
 */
public record SigstoreBundle(String mediaType, String publicKeyHint, HashAlgorithm digestAlgorithm, byte[] digest,
        byte[] signature) {

    /** The media type this version writes and verifies. */
    public static final String MEDIA_TYPE_V03 = "application/vnd.dev.sigstore.bundle.v0.3+json";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** protobuf-specs {@code HashAlgorithm} values a bundle may name. */
    public enum HashAlgorithm {
        SHA2_256(32, "SHA-256"),
        SHA2_384(48, "SHA-384"),
        SHA2_512(64, "SHA-512");

        private final int length;
        private final String jcaName;

        HashAlgorithm(int length, String jcaName) {
            this.length = length;
            this.jcaName = jcaName;
        }

        public int length() {
            return length;
        }

        public String jcaName() {
            return jcaName;
        }
    }

    public SigstoreBundle {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digestAlgorithm, "digestAlgorithm");
        if (publicKeyHint == null || publicKeyHint.isEmpty()) {
            throw new IllegalArgumentException("a public-key bundle needs a non-empty key hint");
        }
        BundleJson.checkMessageSignature(digestAlgorithm, digest, signature);
        digest = digest.clone();
        signature = signature.clone();
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The bundle as protobuf-specs JSON (camelCase field names, base64 bytes), one object, UTF-8. */
    public String toJson() {
        return BundleJson.publicKey(mediaType, publicKeyHint).messageSignature(digestAlgorithm, digest, signature);
    }

    /**
     * Reads a bundle's JSON.
     *
     * @throws BundleFormatException naming what is missing or malformed
     */
    public static SigstoreBundle parse(byte[] json) throws BundleFormatException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new BundleFormatException("not JSON (" + e.getClass().getSimpleName() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new BundleFormatException("not a JSON object", null);
        }
        String mediaType = text(root, "mediaType");
        JsonNode material = root.path("verificationMaterial");
        if (!material.isObject()) {
            throw new BundleFormatException("no verificationMaterial", null);
        }
        if (material.has("certificate") || material.has("x509CertificateChain")) {
            throw new BundleFormatException(BundleFormatException.Problem.KEYLESS,
                    "a certificate bundle: read it with KeylessBundle", null);
        }
        if (!material.has("publicKey")) {
            throw new BundleFormatException(BundleFormatException.Problem.UNSUPPORTED_CONTENT,
                    "verificationMaterial has neither a publicKey hint nor a certificate", null);
        }
        String hint = text(material.path("publicKey"), "hint");
        JsonNode message = root.path("messageSignature");
        if (!message.isObject()) {
            throw new BundleFormatException(BundleFormatException.Problem.UNSUPPORTED_CONTENT, root.has("dsseEnvelope")
                    ? "a DSSE envelope, not a message signature" : "no messageSignature", null);
        }
        JsonNode messageDigest = message.path("messageDigest");
        String algorithmName = text(messageDigest, "algorithm");
        HashAlgorithm algorithm;
        try {
            algorithm = HashAlgorithm.valueOf(algorithmName);
        } catch (IllegalArgumentException e) {
            throw new BundleFormatException(BundleFormatException.Problem.UNKNOWN_ALGORITHM,
                    "unknown digest algorithm " + algorithmName, e);
        }
        byte[] digest = base64(messageDigest, "digest");
        byte[] signature = base64(message, "signature");
        if (digest.length != algorithm.length()) {
            throw new BundleFormatException(BundleFormatException.Problem.DIGEST_LENGTH, "the bundle claims "
                    + algorithm + " (" + algorithm.length() + " bytes) but carries a " + digest.length + "-byte digest"
                    + (digest.length == 32 ? " (SHA-256)" : digest.length == 64 ? " (SHA-512)" : ""), null);
        }
        try {
            return new SigstoreBundle(mediaType, hint, algorithm, digest, signature);
        } catch (IllegalArgumentException e) {
            throw new BundleFormatException(e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) throws BundleFormatException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new BundleFormatException("missing or empty field " + field, null);
        }
        return value.asText();
    }

    private static byte[] base64(JsonNode node, String field) throws BundleFormatException {
        try {
            return Base64.getDecoder().decode(text(node, field));
        } catch (IllegalArgumentException e) {
            throw new BundleFormatException("field " + field + " is not base64", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigstoreBundle b && mediaType.equals(b.mediaType) && publicKeyHint.equals(b.publicKeyHint)
                && digestAlgorithm == b.digestAlgorithm && Arrays.equals(digest, b.digest)
                && Arrays.equals(signature, b.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mediaType, publicKeyHint, digestAlgorithm, Arrays.hashCode(digest));
    }

    @Override
    public String toString() {
        return "SigstoreBundle[" + mediaType + ", key " + publicKeyHint + ", " + digestAlgorithm + "]";
    }

    /** The bundle file is not a bundle this version can read; the message says what is wrong. */
    public static final class BundleFormatException extends Exception {
        /** What kind of problem, as data. */
        public enum Problem {
            MALFORMED, UNSUPPORTED_CONTENT, UNKNOWN_ALGORITHM, DIGEST_LENGTH,
            /** Certificate verification material: a keyless bundle ({@link KeylessBundle}). */
            KEYLESS,
            /** A keyless bundle without its one transparency-log entry. */
            NO_TLOG_ENTRY
        }

        private final Problem problem;

        public BundleFormatException(String message, Throwable cause) {
            this(Problem.MALFORMED, message, cause);
        }

        public BundleFormatException(Problem problem, String message, Throwable cause) {
            super(message, cause);
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }
}
