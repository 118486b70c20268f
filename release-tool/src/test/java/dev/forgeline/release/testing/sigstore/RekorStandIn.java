package dev.forgeline.release.testing.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for Rekor, Sigstore's transparency log, on its v1 REST API ({@code POST /api/v1/log/entries} for
 * {@code hashedrekord} 0.0.1 and {@code dsse} 0.0.1 entries, {@code GET /api/v1/log}), because the real one cannot be
 * reached from the tests. It checks the entry's signature with the key of its certificate (over the digest; for a
 * DSSE envelope over its pre-authentication encoding), canonicalizes the entry as Rekor stores it (sorted keys, no
 * spaces; a {@code dsse} entry as the envelope's and the payload's SHA-256 and the signatures with their verifiers), appends it to a real Merkle tree ({@link MerkleTree}, RFC 6962 hashing) and answers as Rekor does:
 * the body, integratedTime, logID, logIndex, a signedEntryTimestamp over them, and the inclusion proof with a
 * checkpoint in the signed note format, signed with the log's key.
 */
public final class RekorStandIn extends StandInServer {
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final KeyPair key = StandInKeys.p256();
    private final long treeId = Math.abs(new java.security.SecureRandom().nextLong());
    private final MerkleTree tree = new MerkleTree();
    private final Map<Integer, ObjectNode> entries = new ConcurrentHashMap<>();
    private final Instant validFrom = Instant.now().minusSeconds(86_400);

    public RekorStandIn() throws IOException {
        route("/api/v1/log/entries", "POST", exchange -> {
            ObjectNode created = add(readJson(exchange));
            return Response.json(created.has("conflict") ? 409 : 201, created.has("conflict")
                    ? JSON.createObjectNode().put("code", 409).put("message", "an equivalent entry already exists")
                    : created);
        });
        route("/api/v1/log", "GET", exchange -> {
            int size = tree.size();
            return Response.json(200, JSON.createObjectNode().put("treeSize", size)
                    .put("rootHash", HexFormat.of().formatHex(tree.root(size))).put("treeID", Long.toString(treeId))
                    .put("signedTreeHead", checkpoint(size, tree.root(size))));
        });
        start();
    }

    public PublicKey publicKey() {
        return key.getPublic();
    }

    public byte[] logId() {
        return StandInKeys.logId(key.getPublic());
    }

    public Instant validFrom() {
        return validFrom;
    }

    /**
     * The checkpoint's signer name and origin: the log's host, as Rekor's is {@code rekor.sigstore.dev}
     * (sigstore-java compares it with the trusted root's base URL's host, sigstore-js matches it in the URL).
     */
    public String origin() {
        return java.net.URI.create(url()).getHost();
    }

    private synchronized ObjectNode add(JsonNode proposed) throws Exception {
        String kind = proposed.path("kind").asText();
        if (!"0.0.1".equals(proposed.path("apiVersion").asText())
                || !"hashedrekord".equals(kind) && !"dsse".equals(kind)) {
            throw new HttpError(400, "only hashedrekord 0.0.1 and dsse 0.0.1 entries are accepted by this stand-in");
        }
        Map<String, Object> body = "dsse".equals(kind) ? dsseBody(proposed) : hashedRekordBody(proposed);
        byte[] canonical = CANONICAL.writeValueAsBytes(body);
        if (tree.indexOf(MerkleTree.leafHash(canonical)) >= 0) {
            return JSON.createObjectNode().put("conflict", true);
        }
        int index = tree.append(canonical);
        long integratedTime = Instant.now().getEpochSecond();
        String logIdHex = HexFormat.of().formatHex(logId());
        String bodyBase64 = Base64.getEncoder().encodeToString(canonical);
        Map<String, Object> promised = new LinkedHashMap<>();
        promised.put("body", bodyBase64);
        promised.put("integratedTime", integratedTime);
        promised.put("logID", logIdHex);
        promised.put("logIndex", index);
        byte[] set = StandInKeys.sign(key.getPrivate(), CANONICAL.writeValueAsBytes(promised));

        int size = tree.size();
        byte[] root = tree.root(size);
        ObjectNode entry = JSON.createObjectNode();
        entry.put("body", bodyBase64).put("integratedTime", integratedTime).put("logID", logIdHex).put("logIndex", index);
        ObjectNode verification = entry.putObject("verification");
        ObjectNode proof = verification.putObject("inclusionProof");
        proof.put("logIndex", index).put("treeSize", size).put("rootHash", HexFormat.of().formatHex(root));
        List<byte[]> path = tree.path(index, size);
        var hashes = proof.putArray("hashes");
        path.forEach(h -> hashes.add(HexFormat.of().formatHex(h)));
        proof.put("checkpoint", checkpoint(size, root));
        verification.put("signedEntryTimestamp", Base64.getEncoder().encodeToString(set));
        entries.put(index, entry);
        ObjectNode response = JSON.createObjectNode();
        response.set(HexFormat.of().formatHex(MerkleTree.leafHash(canonical)), entry);
        return response;
    }

    private static Map<String, Object> hashedRekordBody(JsonNode proposed) throws Exception {
        byte[] signature = Base64.getDecoder().decode(text(proposed, "/spec/signature/content"));
        String keyContent = text(proposed, "/spec/signature/publicKey/content");
        String algorithm = text(proposed, "/spec/data/hash/algorithm");
        String digestHex = text(proposed, "/spec/data/hash/value");
        if (!algorithm.equals("sha256") || !digestHex.matches("[0-9a-f]{64}")) {
            throw new HttpError(400, "the hash must be a sha256 in lower-case hex");
        }
        Signature ecdsa = Signature.getInstance("NONEwithECDSA");
        ecdsa.initVerify(certificate(keyContent).getPublicKey());
        ecdsa.update(HexFormat.of().parseHex(digestHex));
        if (!ecdsa.verify(signature)) {
            throw new HttpError(400, "the signature does not verify with the certificate's key");
        }
        return Map.of("apiVersion", "0.0.1", "kind", "hashedrekord", "spec", Map.of(
                "signature", Map.of("content", Base64.getEncoder().encodeToString(signature),
                        "publicKey", Map.of("content", keyContent)),
                "data", Map.of("hash", Map.of("algorithm", "sha256", "value", digestHex))));
    }

    /**
     * Rekor's {@code dsse} 0.0.1 type: the proposed content is the envelope (JSON text) and the verifiers (base64 PEM
     * certificates); every signature must verify over PAE(payloadType, payload) with one of them. What is stored is the
     * SHA-256 of the envelope and of the payload, and each signature with its verifier.
     */
    private static Map<String, Object> dsseBody(JsonNode proposed) throws Exception {
        String envelopeText = text(proposed, "/spec/proposedContent/envelope");
        JsonNode envelope = JSON.readTree(envelopeText);
        String payloadType = envelope.path("payloadType").asText("");
        byte[] payload = Base64.getDecoder().decode(envelope.path("payload").asText(""));
        JsonNode verifiers = proposed.at("/spec/proposedContent/verifiers");
        if (payloadType.isEmpty() || !envelope.path("signatures").isArray() || envelope.path("signatures").isEmpty()
                || !verifiers.isArray() || verifiers.isEmpty()) {
            throw new HttpError(400, "a dsse entry needs an envelope with a payload type and signatures, and verifiers");
        }
        byte[] pae = dev.forgeline.release.sigstore.Dsse.pae(payloadType, payload);
        List<Map<String, Object>> signatures = new java.util.ArrayList<>();
        for (JsonNode sig : envelope.path("signatures")) {
            byte[] signature = Base64.getDecoder().decode(sig.path("sig").asText(""));
            String verifier = null;
            for (JsonNode candidate : verifiers) {
                Signature ecdsa = Signature.getInstance("SHA256withECDSA");
                ecdsa.initVerify(certificate(candidate.asText()).getPublicKey());
                ecdsa.update(pae);
                if (ecdsa.verify(signature)) {
                    verifier = candidate.asText();
                    break;
                }
            }
            if (verifier == null) {
                throw new HttpError(400, "a DSSE signature does not verify with any of the verifiers");
            }
            signatures.add(Map.of("signature", Base64.getEncoder().encodeToString(signature), "verifier", verifier));
        }
        java.security.MessageDigest sha256 = java.security.MessageDigest.getInstance("SHA-256");
        return Map.of("apiVersion", "0.0.1", "kind", "dsse", "spec", Map.of(
                "envelopeHash", Map.of("algorithm", "sha256", "value",
                        HexFormat.of().formatHex(sha256.digest(envelopeText.getBytes(StandardCharsets.UTF_8)))),
                "payloadHash", Map.of("algorithm", "sha256", "value", HexFormat.of().formatHex(sha256.digest(payload))),
                "signatures", signatures));
    }

    private static X509Certificate certificate(String base64Pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(Base64.getDecoder().decode(base64Pem)));
    }

    /** A checkpoint (transparency-dev's log checkpoint format) as a signed note, signed with the log's key. */
    private String checkpoint(int size, byte[] root) {
        String note = origin() + " - " + treeId + "\n" + size + "\n" + Base64.getEncoder().encodeToString(root) + "\n";
        byte[] signature = StandInKeys.sign(key.getPrivate(), note.getBytes(StandardCharsets.UTF_8));
        byte[] hinted = new byte[4 + signature.length];
        System.arraycopy(logId(), 0, hinted, 0, 4);
        System.arraycopy(signature, 0, hinted, 4, signature.length);
        return note + "\n\u2014 " + origin() + " " + Base64.getEncoder().encodeToString(hinted) + "\n";
    }

    /** How many entries the log holds. */
    public int size() {
        return tree.size();
    }
}
