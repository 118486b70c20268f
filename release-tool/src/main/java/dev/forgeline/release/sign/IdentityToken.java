package dev.forgeline.release.sign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Base64;
import java.util.Objects;

/**
 * An OIDC ID token (a JWS) for keyless signing. It is a secret: it goes only into the body of the Fulcio request,
 * never into a message, a log line, an exception or a file; {@link #toString()} shows its issuer and subject only.
 * Its claims are read without checking the signature: Fulcio checks it, this side only needs the name to prove
 * possession of the key for.
 */
public final class IdentityToken {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String value;
    private final JsonNode claims;

    private IdentityToken(String value, JsonNode claims) {
        this.value = value;
        this.claims = claims;
    }

    /**
     * @param where the token's source for the error message (a file or variable name, never the token)
     * @throws SigningException when the text is not a JWS with a JSON payload
     */
    public static IdentityToken of(String text, String where) {
        String value = Objects.requireNonNull(text, "text").strip();
        String[] parts = value.split("\\.", -1);
        JsonNode claims = null;
        if (parts.length == 3) {
            try {
                claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            } catch (IOException | IllegalArgumentException e) {
                claims = null; // reported below, without the cause: its message may quote the token
            }
        }
        if (claims == null || !claims.isObject()) {
            throw new SigningException("the OIDC token from " + where + " is not a JWT (three base64url parts with a "
                    + "JSON payload)", "give the ID token itself, e.g. the value field of GitHub's token response");
        }
        return new IdentityToken(value, claims);
    }

    /** The token itself, for the request body only. */
    String value() {
        return value;
    }

    public String issuer() {
        return claims.path("iss").asText();
    }

    public String subject() {
        return claims.path("sub").asText();
    }

    /**
     * What the proof of possession signs: the token's email when it has one, else its subject (what Fulcio and
     * sigstore-js use).
     */
    String challenge() {
        return claims.hasNonNull("email") ? claims.get("email").asText() : subject();
    }

    /** The text with every occurrence of the token replaced, for messages that quote a service's answer. */
    String redact(String text) {
        return text == null ? "" : text.replace(value, "[token]");
    }

    @Override
    public String toString() {
        return "IdentityToken[iss=" + issuer() + ", sub=" + subject() + "]";
    }
}
