package dev.forgeline.release.sign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Where the OIDC token for keyless signing comes from, in this order: a token file ({@code --oidc-token-file}), the
 * variable {@code FORGELINE_OIDC_TOKEN}, or GitHub Actions' token endpoint ({@code ACTIONS_ID_TOKEN_REQUEST_URL} with
 * {@code ACTIONS_ID_TOKEN_REQUEST_TOKEN}, audience {@code sigstore}; the job needs {@code permissions: id-token: write}).
 * Never the command line.
 */
public record OidcTokenSource(Path tokenFile) {
    public static final String TOKEN_ENV = "FORGELINE_OIDC_TOKEN";
    public static final String ACTIONS_URL_ENV = "ACTIONS_ID_TOKEN_REQUEST_URL";
    public static final String ACTIONS_TOKEN_ENV = "ACTIONS_ID_TOKEN_REQUEST_TOKEN";
    public static final String AUDIENCE = "sigstore";
    private static final ObjectMapper JSON = new ObjectMapper();

    public IdentityToken token(Map<String, String> env) {
        if (tokenFile != null) {
            try {
                return IdentityToken.of(Files.readString(tokenFile, StandardCharsets.UTF_8), tokenFile.toString());
            } catch (IOException e) {
                throw new SigningException("cannot read the OIDC token file " + tokenFile + " ("
                        + e.getClass().getSimpleName() + ")", "check --oidc-token-file");
            }
        }
        String fromEnv = env.get(TOKEN_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return IdentityToken.of(fromEnv, "$" + TOKEN_ENV);
        }
        String url = env.get(ACTIONS_URL_ENV);
        String requestToken = env.get(ACTIONS_TOKEN_ENV);
        if (url != null && !url.isBlank() && requestToken != null && !requestToken.isBlank()) {
            return fromGithubActions(url, requestToken);
        }
        throw new SigningException("keyless signing needs an OIDC token and none was found",
                "in GitHub Actions give the job 'permissions: id-token: write'; elsewhere set " + TOKEN_ENV
                        + " or pass --oidc-token-file FILE");
    }

    /** GitHub Actions' ID token service: GET URL&audience=sigstore with the request token; the answer's "value". */
    private static IdentityToken fromGithubActions(String url, String requestToken) {
        URI uri;
        try {
            uri = URI.create(url + (url.contains("?") ? "&" : "?") + "audience=" + AUDIENCE);
        } catch (IllegalArgumentException e) {
            throw new SigningException("$" + ACTIONS_URL_ENV + " is not a URL", "run in GitHub Actions, or unset it");
        }
        HttpResponse<byte[]> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build().send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                            .header("Authorization", "bearer " + requestToken).header("Accept", "application/json")
                            .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new KeylessServiceException("cannot reach GitHub Actions' OIDC token endpoint " + uri.getHost() + " ("
                    + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeylessServiceException("interrupted while asking GitHub Actions for an OIDC token");
        }
        if (response.statusCode() != 200) {
            throw new KeylessServiceException("GitHub Actions' OIDC token endpoint answered HTTP " + response.statusCode()
                    + "; does the job have 'permissions: id-token: write'?");
        }
        JsonNode value;
        try {
            value = JSON.readTree(response.body()).path("value");
        } catch (IOException e) {
            value = null;
        }
        if (value == null || !value.isTextual()) {
            throw new KeylessServiceException("GitHub Actions' OIDC token endpoint answered without a token value");
        }
        return IdentityToken.of(value.asText(), "GitHub Actions' OIDC token endpoint");
    }
}
