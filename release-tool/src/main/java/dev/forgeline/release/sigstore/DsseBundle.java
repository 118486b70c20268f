package dev.forgeline.release.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A DSSE envelope signed with one key, and the same envelope as a Sigstore bundle v0.3 in DSSE form (the public-key
 * hint as verification material, no transparency log entry): the shape of a release's provenance. {@link #envelopeJson}
 * is one line, as an {@code .intoto.jsonl} file holds it.
 */
public record DsseBundle(String payloadType, byte[] payload, String keyHint, byte[] signature) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public DsseBundle {
        Objects.requireNonNull(payloadType, "payloadType");
        payload = payload.clone();
        Objects.requireNonNull(keyHint, "keyHint");
        signature = signature.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** What the signature is over: the DSSE pre-authentication encoding of the payload. */
    public byte[] signedBytes() {
        return Dsse.pae(payloadType, payload);
    }

    private ObjectNode envelope() {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("payloadType", payloadType);
        envelope.put("payload", Base64.getEncoder().encodeToString(payload));
        ObjectNode sig = envelope.putArray("signatures").addObject();
        sig.put("keyid", keyHint);
        sig.put("sig", Base64.getEncoder().encodeToString(signature));
        return envelope;
    }

    /** The envelope on one line and a newline (JSON Lines). */
    public byte[] envelopeJson() {
        try {
            return (JSON.writeValueAsString(envelope()) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize an envelope", e);
        }
    }

    /** The Sigstore bundle v0.3 (protobuf-specs JSON) with the envelope as {@code dsseEnvelope}. */
    public byte[] bundleJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("mediaType", SigstoreBundle.MEDIA_TYPE_V03);
        ObjectNode material = root.putObject("verificationMaterial");
        material.putObject("publicKey").put("hint", keyHint);
        material.putArray("tlogEntries");
        material.putObject("timestampVerificationData").putArray("rfc3161Timestamps");
        root.set("dsseEnvelope", envelope());
        try {
            return (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize a bundle", e);
        }
    }

    /** Reads an envelope line or a DSSE bundle (its {@code dsseEnvelope}); exactly one signature. */
    public static DsseBundle parse(byte[] json) throws SigstoreBundle.BundleFormatException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new SigstoreBundle.BundleFormatException("not JSON: " + e.getMessage(), e);
        }
        JsonNode envelope = root.has("dsseEnvelope") ? root.get("dsseEnvelope") : root;
        if (!envelope.path("payloadType").isTextual() || !envelope.path("payload").isTextual()) {
            throw new SigstoreBundle.BundleFormatException("a DSSE envelope needs payloadType and payload", null);
        }
        JsonNode signatures = envelope.path("signatures");
        if (!signatures.isArray() || signatures.size() != 1 || !signatures.get(0).path("sig").isTextual()) {
            throw new SigstoreBundle.BundleFormatException("a DSSE envelope with exactly one signature was expected", null);
        }
        String hint = root.path("verificationMaterial").path("publicKey").path("hint").asText(
                signatures.get(0).path("keyid").asText(""));
        try {
            return new DsseBundle(envelope.get("payloadType").asText(),
                    Base64.getDecoder().decode(envelope.get("payload").asText()), hint,
                    Base64.getDecoder().decode(signatures.get(0).get("sig").asText()));
        } catch (IllegalArgumentException e) {
            throw new SigstoreBundle.BundleFormatException("payload or signature is not base64", null);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DsseBundle b && payloadType.equals(b.payloadType) && Arrays.equals(payload, b.payload)
                && keyHint.equals(b.keyHint) && Arrays.equals(signature, b.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(payloadType, Arrays.hashCode(payload), keyHint, Arrays.hashCode(signature));
    }
}
