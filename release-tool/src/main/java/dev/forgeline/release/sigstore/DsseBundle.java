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
 * A DSSE envelope signed with one key, and the same envelope as a Sigstore bundle v0.3 in DSSE form: the shape of a
 * release's provenance. Signed with a local key, the bundle's verification material is the public-key hint and it has
 * no log entry; signed keyless, it is the Fulcio certificate (DER) of the ephemeral key and the Rekor {@code dsse}
 * entry of the envelope, and the envelope's keyid is empty (as sigstore-js and cosign write it). Checked on
 * construction: a certificate comes with its log entry. {@link #envelopeJson} is one line, as an {@code .intoto.jsonl}
 * file holds it.
 */
public record DsseBundle(String payloadType, byte[] payload, String keyHint, byte[] signature, byte[] certificate,
        TlogEntry tlogEntry) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public DsseBundle {
        Objects.requireNonNull(payloadType, "payloadType");
        payload = payload.clone();
        Objects.requireNonNull(keyHint, "keyHint");
        signature = signature.clone();
        if ((certificate == null) != (tlogEntry == null)) {
            throw new IllegalArgumentException("a keyless DSSE bundle needs both its certificate and its log entry");
        }
        certificate = certificate == null ? null : certificate.clone();
    }

    /** Signed with a local key: the hint names it, no certificate, no log entry. */
    public DsseBundle(String payloadType, byte[] payload, String keyHint, byte[] signature) {
        this(payloadType, payload, keyHint, signature, null, null);
    }

    /** Whether it is signed keyless (a certificate and a log entry), not with a local key. */
    public boolean keyless() {
        return certificate != null;
    }

    @Override
    public byte[] certificate() {
        return certificate == null ? null : certificate.clone();
    }

    /** Whether both hold the same envelope (payload type, payload, keyid, signature), whatever their material. */
    public boolean sameEnvelope(DsseBundle other) {
        return other != null && payloadType.equals(other.payloadType) && Arrays.equals(payload, other.payload)
                && keyHint.equals(other.keyHint) && Arrays.equals(signature, other.signature);
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
        BundleJson bundle = keyless() ? BundleJson.certificate(SigstoreBundle.MEDIA_TYPE_V03, certificate, tlogEntry)
                : BundleJson.publicKey(SigstoreBundle.MEDIA_TYPE_V03, keyHint);
        return bundle.dsseEnvelope(envelope()).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads an envelope line or a DSSE bundle (its {@code dsseEnvelope}); exactly one signature. A bundle whose
     * verification material is a certificate (v0.3) or a chain (v0.1, v0.2, first certificate) is keyless and needs
     * exactly one tlog entry.
     */
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
        JsonNode material = root.path("verificationMaterial");
        String hint = material.path("publicKey").path("hint").asText(signatures.get(0).path("keyid").asText(""));
        JsonNode certificate = material.has("certificate") ? material.path("certificate").path("rawBytes")
                : material.path("x509CertificateChain").path("certificates").path(0).path("rawBytes");
        TlogEntry entry = null;
        if (certificate.isTextual()) {
            JsonNode entries = material.path("tlogEntries");
            if (!entries.isArray() || entries.size() != 1) {
                throw new SigstoreBundle.BundleFormatException(SigstoreBundle.BundleFormatException.Problem.NO_TLOG_ENTRY,
                        "a keyless DSSE bundle needs exactly one tlog entry, found "
                                + (entries.isArray() ? entries.size() : 0), null);
            }
            entry = TlogEntry.read(entries.get(0));
        }
        try {
            return new DsseBundle(envelope.get("payloadType").asText(),
                    Base64.getDecoder().decode(envelope.get("payload").asText()), hint,
                    Base64.getDecoder().decode(signatures.get(0).get("sig").asText()),
                    certificate.isTextual() ? Base64.getDecoder().decode(certificate.asText()) : null, entry);
        } catch (IllegalArgumentException e) {
            throw new SigstoreBundle.BundleFormatException("payload, signature or certificate is not base64", null);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DsseBundle b && sameEnvelope(b) && Arrays.equals(certificate, b.certificate)
                && Objects.equals(tlogEntry, b.tlogEntry);
    }

    @Override
    public int hashCode() {
        return Objects.hash(payloadType, Arrays.hashCode(payload), keyHint, Arrays.hashCode(signature));
    }
}
