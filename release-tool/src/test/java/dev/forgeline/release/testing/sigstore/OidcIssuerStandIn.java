package dev.forgeline.release.testing.sigstore;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * A stand-in for an OpenID Connect issuer (GitHub Actions' token service, Sigstore's Dex), because none can be reached
 * from the tests: OIDC discovery ({@code /.well-known/openid-configuration}), the JWKS ({@code /jwks}) with one
 * RS256 key, and ID tokens it mints on request ({@link #token}), signed with that key.
 */
public final class OidcIssuerStandIn extends StandInServer {
    public static final String KEY_ID = "stand-in-rs256";

    private final KeyPair key;

    public OidcIssuerStandIn() throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            key = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        route("/.well-known/openid-configuration", "GET", exchange -> Response.json(200, JSON.createObjectNode()
                .put("issuer", url()).put("jwks_uri", url() + "/jwks")
                .put("id_token_signing_alg_values_supported", "RS256")));
        route("/jwks", "GET", exchange -> {
            RSAPublicKey rsa = (RSAPublicKey) key.getPublic();
            ObjectNode jwks = JSON.createObjectNode();
            jwks.putArray("keys").addObject().put("kty", "RSA").put("alg", "RS256").put("use", "sig")
                    .put("kid", KEY_ID).put("n", base64Url(unsigned(rsa.getModulus())))
                    .put("e", base64Url(unsigned(rsa.getPublicExponent())));
            return Response.json(200, jwks);
        });
        route("/actions/token", "GET", exchange -> {
            ActionsGrant grant = actionsGrant;
            String query = exchange.getRequestURI().getRawQuery();
            if (grant == null || !("bearer " + grant.requestToken()).equals(exchange.getRequestHeaders()
                    .getFirst("Authorization"))) {
                throw new HttpError(401, "bad request token");
            }
            if (query == null || !java.util.Arrays.asList(query.split("&")).contains("audience=sigstore")) {
                throw new HttpError(400, "this stand-in grants audience sigstore only");
            }
            return Response.json(200, JSON.createObjectNode().put("value", githubActionsToken(grant.jobWorkflowRef())));
        });
        start();
    }

    private record ActionsGrant(String requestToken, String jobWorkflowRef) {}

    private volatile ActionsGrant actionsGrant;

    /**
     * Serves GitHub Actions' ID token endpoint at {@code /actions/token} (GET with {@code Authorization: bearer
     * REQUEST_TOKEN} and {@code audience=...}; the answer's {@code value} is the token), as a job with
     * {@code id-token: write} sees it through {@code ACTIONS_ID_TOKEN_REQUEST_URL} and {@code _TOKEN}.
     */
    public String actionsTokenEndpoint(String requestToken, String jobWorkflowRef) {
        actionsGrant = new ActionsGrant(requestToken, jobWorkflowRef);
        return url() + "/actions/token?api-version=2.0";
    }

    /** A token for an email identity, as Sigstore's public issuer gives one. */
    public String emailToken(String email) {
        return token(Map.of("sub", "user-" + Integer.toHexString(email.hashCode()), "email", email,
                "email_verified", true), Duration.ofMinutes(5));
    }

    /**
     * A token shaped like GitHub Actions' ({@code job_workflow_ref} names the workflow that runs:
     * {@code owner/repo/.github/workflows/release.yml@refs/tags/v1.0.0}).
     */
    public String githubActionsToken(String jobWorkflowRef) {
        String repository = jobWorkflowRef.substring(0, jobWorkflowRef.indexOf("/.github/"));
        String ref = jobWorkflowRef.substring(jobWorkflowRef.indexOf('@') + 1);
        return token(Map.of("sub", "repo:" + repository + ":ref:" + ref, "repository", repository, "ref", ref,
                "job_workflow_ref", jobWorkflowRef, "workflow_ref", jobWorkflowRef), Duration.ofMinutes(5));
    }

    /** An ID token with these claims plus iss, aud {@code sigstore}, iat, nbf and exp ({@code lifetime} from now). */
    public String token(Map<String, Object> claims, Duration lifetime) {
        long now = Instant.now().getEpochSecond();
        ObjectNode payload = JSON.createObjectNode();
        payload.put("iss", url()).put("aud", "sigstore").put("iat", now).put("nbf", now - 1)
                .put("exp", now + lifetime.toSeconds());
        claims.forEach((name, value) -> payload.set(name, JSON.valueToTree(value)));
        return sign(payload);
    }

    String sign(ObjectNode payload) {
        try {
            String header = base64Url(JSON.writeValueAsBytes(JSON.createObjectNode().put("alg", "RS256")
                    .put("typ", "JWT").put("kid", KEY_ID)));
            String input = header + "." + base64Url(JSON.writeValueAsBytes(payload));
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key.getPrivate());
            rs256.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + base64Url(rs256.sign());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }
}
