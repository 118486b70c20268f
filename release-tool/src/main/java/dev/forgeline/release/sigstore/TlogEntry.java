package dev.forgeline.release.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A transparency-log entry as a bundle carries it (protobuf-specs {@code TransparencyLogEntry}): where it is in the
 * log, when the log integrated it, the entry's canonicalized body, the log's promise (signedEntryTimestamp) and the
 * inclusion proof with the checkpoint it leads to. Byte fields are copied in and out.
 */
public record TlogEntry(long logIndex, byte[] logId, String kind, String kindVersion, long integratedTime,
        byte[] signedEntryTimestamp, InclusionProof inclusionProof, byte[] canonicalizedBody) {

    /** An RFC 6962 inclusion proof and the checkpoint (a signed note) whose root it leads to. */
    public record InclusionProof(long logIndex, byte[] rootHash, long treeSize, List<byte[]> hashes, String checkpoint) {
        public InclusionProof {
            Objects.requireNonNull(rootHash, "rootHash");
            Objects.requireNonNull(checkpoint, "checkpoint");
            rootHash = rootHash.clone();
            hashes = hashes.stream().map(byte[]::clone).toList();
        }

        @Override
        public byte[] rootHash() {
            return rootHash.clone();
        }

        @Override
        public List<byte[]> hashes() {
            return hashes.stream().map(byte[]::clone).toList();
        }
    }

    public TlogEntry {
        Objects.requireNonNull(logId, "logId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(kindVersion, "kindVersion");
        Objects.requireNonNull(canonicalizedBody, "canonicalizedBody");
        logId = logId.clone();
        signedEntryTimestamp = signedEntryTimestamp == null ? null : signedEntryTimestamp.clone();
        canonicalizedBody = canonicalizedBody.clone();
    }

    @Override
    public byte[] logId() {
        return logId.clone();
    }

    @Override
    public byte[] signedEntryTimestamp() {
        return signedEntryTimestamp == null ? null : signedEntryTimestamp.clone();
    }

    @Override
    public byte[] canonicalizedBody() {
        return canonicalizedBody.clone();
    }

    void writeTo(ObjectNode entry) {
        Base64.Encoder b64 = Base64.getEncoder();
        entry.put("logIndex", Long.toString(logIndex));
        entry.putObject("logId").put("keyId", b64.encodeToString(logId));
        entry.putObject("kindVersion").put("kind", kind).put("version", kindVersion);
        entry.put("integratedTime", Long.toString(integratedTime));
        if (signedEntryTimestamp != null) {
            entry.putObject("inclusionPromise").put("signedEntryTimestamp", b64.encodeToString(signedEntryTimestamp));
        }
        if (inclusionProof != null) {
            ObjectNode proof = entry.putObject("inclusionProof");
            proof.put("logIndex", Long.toString(inclusionProof.logIndex()));
            proof.put("rootHash", b64.encodeToString(inclusionProof.rootHash()));
            proof.put("treeSize", Long.toString(inclusionProof.treeSize()));
            var hashes = proof.putArray("hashes");
            inclusionProof.hashes().forEach(h -> hashes.add(b64.encodeToString(h)));
            proof.putObject("checkpoint").put("envelope", inclusionProof.checkpoint());
        }
        entry.put("canonicalizedBody", b64.encodeToString(canonicalizedBody));
    }

    static TlogEntry read(JsonNode entry) throws SigstoreBundle.BundleFormatException {
        JsonNode proof = entry.get("inclusionProof");
        InclusionProof inclusion = null;
        if (proof != null && proof.isObject()) {
            List<byte[]> hashes = new java.util.ArrayList<>();
            for (JsonNode hash : proof.path("hashes")) {
                hashes.add(base64(hash.asText(), "inclusionProof.hashes"));
            }
            inclusion = new InclusionProof(number(proof, "logIndex"), base64(proof, "rootHash"), number(proof, "treeSize"),
                    hashes, text(proof.path("checkpoint"), "envelope"));
        }
        JsonNode promise = entry.path("inclusionPromise");
        byte[] set = promise.hasNonNull("signedEntryTimestamp") ? base64(promise, "signedEntryTimestamp") : null;
        return new TlogEntry(number(entry, "logIndex"), base64(entry.path("logId"), "keyId"),
                text(entry.path("kindVersion"), "kind"), text(entry.path("kindVersion"), "version"),
                number(entry, "integratedTime"), set, inclusion, base64(entry, "canonicalizedBody"));
    }

    private static String text(JsonNode node, String field) throws SigstoreBundle.BundleFormatException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new SigstoreBundle.BundleFormatException("the tlog entry has no " + field, null);
        }
        return value.asText();
    }

    /** protobuf-specs JSON writes int64 as a string (a number is accepted too) and omits a zero. */
    private static long number(JsonNode node, String field) throws SigstoreBundle.BundleFormatException {
        JsonNode value = node.get(field);
        if (value == null) {
            return 0;
        }
        try {
            if (value != null && value.isIntegralNumber()) {
                return value.asLong();
            }
            if (value != null && value.isTextual()) {
                return Long.parseLong(value.asText());
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SigstoreBundle.BundleFormatException("the tlog entry's " + field + " is not a number", null);
    }

    private static byte[] base64(JsonNode node, String field) throws SigstoreBundle.BundleFormatException {
        return base64(text(node, field), field);
    }

    private static byte[] base64(String text, String field) throws SigstoreBundle.BundleFormatException {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new SigstoreBundle.BundleFormatException("the tlog entry's " + field + " is not base64", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TlogEntry t && logIndex == t.logIndex && integratedTime == t.integratedTime
                && Arrays.equals(logId, t.logId) && Arrays.equals(canonicalizedBody, t.canonicalizedBody);
    }

    @Override
    public int hashCode() {
        return Objects.hash(logIndex, integratedTime, Arrays.hashCode(logId));
    }
}
