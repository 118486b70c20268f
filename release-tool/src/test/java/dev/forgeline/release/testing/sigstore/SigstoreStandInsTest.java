package dev.forgeline.release.testing.sigstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The stand-ins speak the documented protocols and produce what a Sigstore verifier checks. */
class SigstoreStandInsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static SigstoreStandIns sigstore;

    @BeforeAll
    static void start() throws Exception {
        sigstore = new SigstoreStandIns();
    }

    @AfterAll
    static void stop() {
        sigstore.close();
    }

    @Test
    void fulcio_verifiedTokenAndProof_issuesAChainWithTheIdentityTheIssuerAndAValidSct() throws Exception {
        KeyPair key = StandInKeys.p256();
        String token = sigstore.oidc().emailToken("dev@forgeline.test");
        HttpResponse<String> response = post(sigstore.fulcio().url() + "/api/v2/signingCert",
                certRequest(token, key, "dev@forgeline.test"));
        assertEquals(200, response.statusCode(), response.body());
        List<X509Certificate> chain = new ArrayList<>();
        for (JsonNode pem : StandInServer.JSON.readTree(response.body()).at("/signedCertificateEmbeddedSct/chain/certificates")) {
            chain.add((X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.asText().getBytes(StandardCharsets.US_ASCII))));
        }
        assertEquals(3, chain.size());
        X509Certificate leaf = chain.get(0);
        leaf.verify(chain.get(1).getPublicKey());
        chain.get(1).verify(chain.get(2).getPublicKey());
        chain.get(2).verify(chain.get(2).getPublicKey());
        assertEquals(key.getPublic(), leaf.getPublicKey());
        assertEquals(List.of(1, "dev@forgeline.test"), List.copyOf(leaf.getSubjectAlternativeNames().iterator().next()));
        assertEquals(sigstore.oidc().url(), ASN1UTF8String.getInstance(ASN1OctetString.getInstance(
                leaf.getExtensionValue(FulcioStandIn.ISSUER_V2.getId())).getOctets()).getString());
        assertEquals(sigstore.oidc().url(), new String(ASN1OctetString.getInstance(
                leaf.getExtensionValue(FulcioStandIn.ISSUER_LEGACY.getId())).getOctets(), StandardCharsets.UTF_8));
        assertTrue(leaf.getNotAfter().getTime() - leaf.getNotBefore().getTime() <= Duration.ofMinutes(11).toMillis());
        assertTrue(sctVerifies(leaf, chain.get(1)), "the embedded SCT verifies with the CT log's key");
    }

    @Test
    void fulcio_githubActionsToken_putsTheWorkflowUriInTheSan() throws Exception {
        KeyPair key = StandInKeys.p256();
        String ref = "forgeline/forgeline/.github/workflows/release.yml@refs/tags/v1.0.0";
        String token = sigstore.oidc().githubActionsToken(ref);
        String subject = "repo:forgeline/forgeline:ref:refs/tags/v1.0.0";
        HttpResponse<String> response = post(sigstore.fulcio().url() + "/api/v2/signingCert", certRequest(token, key, subject));
        assertEquals(200, response.statusCode(), response.body());
        String leafPem = StandInServer.JSON.readTree(response.body())
                .at("/signedCertificateEmbeddedSct/chain/certificates/0").asText();
        X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(leafPem.getBytes(StandardCharsets.US_ASCII)));
        assertEquals(List.of(6, "https://github.com/" + ref), List.copyOf(leaf.getSubjectAlternativeNames().iterator().next()));
    }

    @Test
    void fulcio_badTokensAndProofs_areRefused() throws Exception {
        KeyPair key = StandInKeys.p256();
        String url = sigstore.fulcio().url() + "/api/v2/signingCert";
        try (OidcIssuerStandIn other = new OidcIssuerStandIn()) {
            assertEquals(401, post(url, certRequest(other.emailToken("a@b.test"), key, "a@b.test")).statusCode(),
                    "an issuer Fulcio does not trust");
        }
        String token = sigstore.oidc().emailToken("a@b.test");
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + OidcIssuerStandIn.base64Url(
                "{\"iss\":\"x\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertEquals(401, post(url, certRequest(forged, key, "a@b.test")).statusCode(), "a changed payload");
        String wrongAudience = sigstore.oidc().token(Map.of("sub", "s", "aud", "other"), Duration.ofMinutes(1));
        assertEquals(401, post(url, certRequest(wrongAudience, key, "s")).statusCode(), "audience other");
        String expired = sigstore.oidc().token(Map.of("sub", "s"), Duration.ofMinutes(-5));
        assertEquals(401, post(url, certRequest(expired, key, "s")).statusCode(), "expired");
        assertEquals(400, post(url, certRequest(token, key, "someone-else@b.test")).statusCode(), "proof over another name");
    }

    @Test
    void rekor_entries_haveInclusionProofsToTheSignedCheckpointAndAValidPromise() throws Exception {
        KeyPair key = StandInKeys.p256();
        HttpResponse<String> certResponse = post(sigstore.fulcio().url() + "/api/v2/signingCert",
                certRequest(sigstore.oidc().emailToken("r@forgeline.test"), key, "r@forgeline.test"));
        String leafPem = StandInServer.JSON.readTree(certResponse.body())
                .at("/signedCertificateEmbeddedSct/chain/certificates/0").asText();
        int before = sigstore.rekor().size();
        for (int i = 0; i < 5; i++) {
            byte[] digest = StandInKeys.sha256(("artifact " + i).getBytes(StandardCharsets.UTF_8));
            Signature ecdsa = Signature.getInstance("NONEwithECDSA");
            ecdsa.initSign(key.getPrivate());
            ecdsa.update(digest);
            String entry = hashedRekord(ecdsa.sign(), leafPem, digest);
            HttpResponse<String> response = post(sigstore.rekor().url() + "/api/v1/log/entries", entry);
            assertEquals(201, response.statusCode(), response.body());
            assertEquals(409, post(sigstore.rekor().url() + "/api/v1/log/entries", entry).statusCode(), "the same again");
            JsonNode created = StandInServer.JSON.readTree(response.body()).elements().next();
            byte[] body = Base64.getDecoder().decode(created.path("body").asText());
            JsonNode proof = created.at("/verification/inclusionProof");
            assertEquals(before + i, proof.path("logIndex").asInt());
            List<byte[]> hashes = new ArrayList<>();
            proof.path("hashes").forEach(h -> hashes.add(HexFormat.of().parseHex(h.asText())));
            byte[] root = HexFormat.of().parseHex(proof.path("rootHash").asText());
            assertArrayEquals(root, rootFromProof(MerkleTree.leafHash(body), proof.path("logIndex").asLong(),
                    proof.path("treeSize").asLong(), hashes));
            String checkpoint = proof.path("checkpoint").asText();
            String note = checkpoint.substring(0, checkpoint.indexOf("\n\n") + 1);
            assertEquals(List.of(sigstore.rekor().origin() + " - " + note.split("\n")[0].split(" - ")[1],
                    proof.path("treeSize").asText(), Base64.getEncoder().encodeToString(root)), List.of(note.split("\n")));
            byte[] hinted = Base64.getDecoder().decode(checkpoint.substring(checkpoint.lastIndexOf(' ') + 1).trim());
            assertArrayEquals(java.util.Arrays.copyOf(sigstore.rekor().logId(), 4), java.util.Arrays.copyOf(hinted, 4));
            assertTrue(StandInKeys.verify(sigstore.rekor().publicKey(), note.getBytes(StandardCharsets.UTF_8),
                    java.util.Arrays.copyOfRange(hinted, 4, hinted.length)));
            String promised = "{\"body\":\"" + created.path("body").asText() + "\",\"integratedTime\":"
                    + created.path("integratedTime").asLong() + ",\"logID\":\"" + created.path("logID").asText()
                    + "\",\"logIndex\":" + created.path("logIndex").asLong() + "}";
            assertTrue(StandInKeys.verify(sigstore.rekor().publicKey(), promised.getBytes(StandardCharsets.UTF_8),
                    Base64.getDecoder().decode(created.at("/verification/signedEntryTimestamp").asText())));
        }
        byte[] digest = StandInKeys.sha256("x".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, post(sigstore.rekor().url() + "/api/v1/log/entries",
                hashedRekord(StandInKeys.sign(StandInKeys.p256().getPrivate(), digest), leafPem, digest)).statusCode(),
                "a signature the certificate's key did not make");
    }

    /** RFC 9162 2.1.3.2, iteratively: independent of the recursive definition the stand-in builds the path with. */
    static byte[] rootFromProof(byte[] leafHash, long index, long size, List<byte[]> path) {
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if ((fn & 1) == 1 || fn == sn) {
                r = MerkleTree.nodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = MerkleTree.nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 ? r : new byte[0];
    }

    private static boolean sctVerifies(X509Certificate leaf, X509Certificate issuer) throws Exception {
        TBSCertificate tbs = Certificate.getInstance(leaf.getEncoded()).getTBSCertificate();
        byte[] list = ASN1OctetString.getInstance(ASN1OctetString.getInstance(
                leaf.getExtensionValue(FulcioStandIn.SCT_LIST.getId())).getOctets()).getOctets();
        List<Extension> kept = new ArrayList<>();
        for (var oid : tbs.getExtensions().getExtensionOIDs()) {
            if (!oid.equals(FulcioStandIn.SCT_LIST)) {
                kept.add(tbs.getExtensions().getExtension(oid));
            }
        }
        V3TBSCertificateGenerator generator = new V3TBSCertificateGenerator();
        generator.setSerialNumber(tbs.getSerialNumber());
        generator.setSignature(tbs.getSignature());
        generator.setIssuer(tbs.getIssuer());
        generator.setStartDate(tbs.getStartDate());
        generator.setEndDate(tbs.getEndDate());
        generator.setSubject(tbs.getSubject());
        generator.setSubjectPublicKeyInfo(tbs.getSubjectPublicKeyInfo());
        generator.setExtensions(new Extensions(kept.toArray(Extension[]::new)));
        byte[] precert = generator.generateTBSCertificate().getEncoded("DER");
        java.nio.ByteBuffer sct = java.nio.ByteBuffer.wrap(list, 4, list.length - 4); // list length, sct length
        sct.get(); // version
        byte[] logId = new byte[32];
        sct.get(logId);
        long timestamp = sct.getLong();
        sct.getShort(); // extensions
        sct.get();
        sct.get();
        byte[] signature = new byte[sct.getShort()];
        sct.get(signature);
        java.io.ByteArrayOutputStream signed = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream data = new java.io.DataOutputStream(signed);
        data.writeByte(0);
        data.writeByte(0);
        data.writeLong(timestamp);
        data.writeShort(1);
        data.write(StandInKeys.sha256(issuer.getPublicKey().getEncoded()));
        data.writeByte(precert.length >>> 16);
        data.writeShort(precert.length & 0xffff);
        data.write(precert);
        data.writeShort(0);
        assertArrayEquals(sigstore.ctLog().logId(), logId);
        return StandInKeys.verify(sigstore.ctLog().publicKey(), signed.toByteArray(), signature);
    }

    static String certRequest(String token, KeyPair key, String challenge) {
        ObjectNode request = StandInServer.JSON.createObjectNode();
        request.putObject("credentials").put("oidcIdentityToken", token);
        ObjectNode publicKey = request.putObject("publicKeyRequest");
        publicKey.putObject("publicKey").put("algorithm", "ECDSA").put("content", "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(key.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        publicKey.put("proofOfPossession", Base64.getEncoder().encodeToString(
                StandInKeys.sign(key.getPrivate(), challenge.getBytes(StandardCharsets.UTF_8))));
        return request.toString();
    }

    static String hashedRekord(byte[] signature, String certificatePem, byte[] digest) {
        ObjectNode entry = StandInServer.JSON.createObjectNode().put("apiVersion", "0.0.1").put("kind", "hashedrekord");
        ObjectNode spec = entry.putObject("spec");
        spec.putObject("signature").put("content", Base64.getEncoder().encodeToString(signature))
                .putObject("publicKey").put("content", Base64.getEncoder().encodeToString(
                        certificatePem.getBytes(StandardCharsets.US_ASCII)));
        spec.putObject("data").putObject("hash").put("algorithm", "sha256").put("value", HexFormat.of().formatHex(digest));
        return entry.toString();
    }

    static HttpResponse<String> post(String url, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
