package dev.forgeline.release.sign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgeline.release.sigstore.TlogEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Rekor's v1 REST API ({@code POST /api/v1/log/entries}): a {@code hashedrekord} 0.0.1 entry (the signature, the
 * certificate, the artifact's SHA-256) or a {@code dsse} 0.0.1 entry (a signed DSSE envelope and the certificate that
 * verifies it; the kind both sigstore-js and sigstore-java's KeylessVerifier check DSSE bundles against) logged, and
 * the answer turned into the bundle's {@link TlogEntry}: body,
 * integrated time, log id and index, the signedEntryTimestamp (the inclusion promise) and the inclusion proof with
 * its checkpoint.
 */
final class RekorClient {
    private final String baseUrl;

    RekorClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    TlogEntry log(byte[] signature, byte[] sha256, X509Certificate certificate) {
        ObjectNode entry = KeylessHttp.JSON.createObjectNode().put("apiVersion", "0.0.1").put("kind", "hashedrekord");
        ObjectNode spec = entry.putObject("spec");
        spec.putObject("signature").put("content", Base64.getEncoder().encodeToString(signature))
                .putObject("publicKey").put("content", Base64.getEncoder().encodeToString(pem(certificate)));
        spec.putObject("data").putObject("hash").put("algorithm", "sha256").put("value", HexFormat.of().formatHex(sha256));
        return post(entry, "hashedrekord");
    }

    /** Logs a DSSE envelope (its JSON, as the bundle carries it) signed by the certificate's key. */
    TlogEntry logDsse(byte[] envelopeJson, X509Certificate certificate) {
        ObjectNode entry = KeylessHttp.JSON.createObjectNode().put("apiVersion", "0.0.1").put("kind", "dsse");
        ObjectNode proposed = entry.putObject("spec").putObject("proposedContent");
        proposed.put("envelope", new String(envelopeJson, StandardCharsets.UTF_8).strip());
        proposed.putArray("verifiers").add(Base64.getEncoder().encodeToString(pem(certificate)));
        return post(entry, "dsse");
    }

    private static byte[] pem(X509Certificate certificate) {
        try {
            return ("-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                    .encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n")
                    .getBytes(StandardCharsets.US_ASCII);
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private TlogEntry post(ObjectNode entry, String kind) {
        byte[] body;
        try {
            body = KeylessHttp.JSON.writeValueAsBytes(entry);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String url = baseUrl + "/api/v1/log/entries";
        JsonNode answer = KeylessHttp.post("Rekor", url, body, s -> s);
        Map.Entry<String, JsonNode> created = answer.fields().hasNext() ? answer.fields().next() : null;
        if (created == null) {
            throw new KeylessServiceException("Rekor at " + url + " answered without an entry");
        }
        try {
            return entryOf(created.getValue(), kind);
        } catch (RuntimeException e) {
            throw new KeylessServiceException("Rekor at " + url + " answered with an entry that cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static TlogEntry entryOf(JsonNode entry, String kind) {
        JsonNode proof = entry.path("verification").path("inclusionProof");
        TlogEntry.InclusionProof inclusion = null;
        if (proof.isObject()) {
            List<byte[]> hashes = new ArrayList<>();
            proof.path("hashes").forEach(h -> hashes.add(HexFormat.of().parseHex(h.asText())));
            inclusion = new TlogEntry.InclusionProof(proof.path("logIndex").asLong(),
                    HexFormat.of().parseHex(proof.path("rootHash").asText()), proof.path("treeSize").asLong(), hashes,
                    proof.path("checkpoint").asText());
        }
        String set = entry.path("verification").path("signedEntryTimestamp").asText(null);
        return new TlogEntry(entry.path("logIndex").asLong(), HexFormat.of().parseHex(entry.path("logID").asText()),
                kind, "0.0.1", entry.path("integratedTime").asLong(),
                set == null ? null : Base64.getDecoder().decode(set), inclusion,
                Base64.getDecoder().decode(entry.path("body").asText()));
    }
}
