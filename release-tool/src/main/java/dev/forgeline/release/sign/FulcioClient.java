package dev.forgeline.release.sign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgeline.release.sigstore.PublicKeyHints;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Fulcio's documented HTTP API ({@code POST /api/v2/signingCert}): the OIDC token and the public key, with the
 * proof of possession (the token's email or subject signed with the key), exchanged for a certificate chain, leaf
 * first. (sigstore-java 2.x reaches Fulcio over gRPC with TLS only, which no local stand-in offers.)
 */
final class FulcioClient {
    private final String baseUrl;

    FulcioClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    List<X509Certificate> signingCertificate(IdentityToken token, KeyPair key) {
        ObjectNode request = KeylessHttp.JSON.createObjectNode();
        request.putObject("credentials").put("oidcIdentityToken", token.value());
        ObjectNode keyRequest = request.putObject("publicKeyRequest");
        keyRequest.putObject("publicKey").put("algorithm", "ECDSA").put("content", PublicKeyHints.pem(key.getPublic()));
        keyRequest.put("proofOfPossession", Base64.getEncoder().encodeToString(proof(token, key)));
        byte[] body;
        try {
            body = KeylessHttp.JSON.writeValueAsBytes(request);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        JsonNode answer = KeylessHttp.post("Fulcio", baseUrl + "/api/v2/signingCert", body, token::redact);
        JsonNode signed = answer.has("signedCertificateEmbeddedSct") ? answer.get("signedCertificateEmbeddedSct")
                : answer.path("signedCertificateDetachedSct");
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (JsonNode pem : signed.path("chain").path("certificates")) {
                chain.add((X509Certificate) factory.generateCertificate(
                        new ByteArrayInputStream(pem.asText().getBytes(StandardCharsets.US_ASCII))));
            }
        } catch (GeneralSecurityException e) {
            throw new KeylessServiceException("Fulcio at " + baseUrl + " answered with a certificate that is not X.509");
        }
        if (chain.isEmpty()) {
            throw new KeylessServiceException("Fulcio at " + baseUrl + " answered without a certificate chain");
        }
        if (!chain.get(0).getPublicKey().equals(key.getPublic())) {
            throw new KeylessServiceException("Fulcio at " + baseUrl + " certified another key than the one sent");
        }
        return chain;
    }

    private static byte[] proof(IdentityToken token, KeyPair key) {
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initSign(key.getPrivate());
            ecdsa.update(token.challenge().getBytes(StandardCharsets.UTF_8));
            return ecdsa.sign();
        } catch (GeneralSecurityException e) {
            throw SigningException.internal("cannot sign the proof of possession (" + e.getClass().getSimpleName() + ")");
        }
    }
}
