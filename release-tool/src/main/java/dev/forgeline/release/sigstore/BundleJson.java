package dev.forgeline.release.sigstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Base64;

/**
 * Builds a Sigstore bundle's protobuf-specs JSON (camelCase, base64 bytes) for every bundle this version writes, in
 * one field order: {@code mediaType}, {@code verificationMaterial} (a public-key hint with no log entry, or a
 * certificate with its one Rekor entry; then the empty RFC 3161 timestamps), then the content (a message signature or
 * a DSSE envelope). Pretty-printed, with a final newline.
 */
final class BundleJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode root = JSON.createObjectNode();

    private BundleJson(String mediaType, ObjectNode keyMaterial, TlogEntry tlogEntry) {
        root.put("mediaType", mediaType);
        ObjectNode material = root.putObject("verificationMaterial");
        material.setAll(keyMaterial);
        var entries = material.putArray("tlogEntries");
        if (tlogEntry != null) {
            tlogEntry.writeTo(entries.addObject());
        }
        material.putObject("timestampVerificationData").putArray("rfc3161Timestamps");
    }

    /** Signed with a local key the hint names: no log entry. */
    static BundleJson publicKey(String mediaType, String hint) {
        ObjectNode material = JSON.createObjectNode();
        material.putObject("publicKey").put("hint", hint);
        return new BundleJson(mediaType, material, null);
    }

    /** Signed keyless: the Fulcio certificate (DER) and the Rekor entry of the signature. */
    static BundleJson certificate(String mediaType, byte[] certificate, TlogEntry tlogEntry) {
        ObjectNode material = JSON.createObjectNode();
        material.putObject("certificate").put("rawBytes", Base64.getEncoder().encodeToString(certificate));
        return new BundleJson(mediaType, material, tlogEntry);
    }

    /** The bundle with a message signature over a digest. */
    String messageSignature(SigstoreBundle.HashAlgorithm algorithm, byte[] digest, byte[] signature) {
        ObjectNode message = root.putObject("messageSignature");
        message.putObject("messageDigest").put("algorithm", algorithm.name())
                .put("digest", Base64.getEncoder().encodeToString(digest));
        message.put("signature", Base64.getEncoder().encodeToString(signature));
        return text();
    }

    /** The bundle with a DSSE envelope as its content. */
    String dsseEnvelope(ObjectNode envelope) {
        root.set("dsseEnvelope", envelope);
        return text();
    }

    /**
     * Checks a message signature's parts as both kinds of bundle require them: the digest has its algorithm's length,
     * the signature is not empty.
     */
    static void checkMessageSignature(SigstoreBundle.HashAlgorithm algorithm, byte[] digest, byte[] signature) {
        if (digest == null || digest.length != algorithm.length()) {
            throw new IllegalArgumentException("a " + algorithm + " digest has " + algorithm.length()
                    + " bytes, got " + (digest == null ? "none" : digest.length));
        }
        if (signature == null || signature.length == 0) {
            throw new IllegalArgumentException("the message signature is empty");
        }
    }

    private String text() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize a bundle", e);
        }
    }
}
