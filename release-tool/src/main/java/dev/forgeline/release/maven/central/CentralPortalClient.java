package dev.forgeline.release.maven.central;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The calls of Central's Publisher API (https://central.sonatype.org/publish/publish-portal-api/) that a release
 * needs, one HTTP request each, no retries (the caller decides what may be retried):
 *
 * <ul>
 *   <li>{@code POST /api/v1/publisher/upload?publishingType=…&name=…}, multipart field {@code bundle}: the deployment
 *       id (201, the body);
 *   <li>{@code POST /api/v1/publisher/status?id=…}: the deployment's state and errors;
 *   <li>{@code GET /api/v1/publisher/published?namespace=…&name=…&version=…}: whether a component is on Central.
 * </ul>
 *
 * The {@code Authorization} header ({@code Bearer base64(user:password)} of a Portal user token) is sent with every
 * request and appears in nothing this class returns or throws.
 */
public final class CentralPortalClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String authorization;
    private final HttpClient http;
    private final Duration requestTimeout;

    /**
     * @param base          the portal, e.g. {@code https://central.sonatype.com/}
     * @param authorization the {@code Authorization} header value (secret)
     */
    public CentralPortalClient(URI base, String authorization, Duration connectTimeout, Duration requestTimeout) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text : text + "/");
        this.authorization = Objects.requireNonNull(authorization, "authorization");
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
    }

    public URI base() {
        return base;
    }

    /** The URL that publishes (POST) or drops (DELETE) a deployment. */
    public URI deploymentUrl(String deploymentId) {
        return base.resolve("api/v1/publisher/deployment/" + encode(deploymentId));
    }

    /**
     * Uploads the bundle as a new deployment.
     *
     * @return the deployment id
     * @throws CentralHttpException Central answered with an error status
     * @throws IOException          no answer (reset, timeout): whether a deployment was created is unknown
     */
    public String upload(Path bundle, String name, PublishingType type) throws IOException, InterruptedException {
        URI url = base.resolve("api/v1/publisher/upload?publishingType=" + type + "&name=" + encode(name));
        String boundary = "forgeline-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"bundle\"; filename=\""
                + bundle.getFileName() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = request(url)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofFile(bundle), HttpRequest.BodyPublishers.ofByteArray(tail)))
                .build();
        HttpResponse<String> response = send("POST", request);
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw new CentralHttpException("POST", url.toString(), response.statusCode(), response.body());
        }
        String id = response.body().strip();
        if (id.isEmpty()) {
            throw new IOException("POST " + url.toString() + ": HTTP " + response.statusCode() + " without a deployment id");
        }
        return id;
    }

    /** The deployment's status. */
    public DeploymentStatus status(String deploymentId) throws IOException, InterruptedException {
        URI url = base.resolve("api/v1/publisher/status?id=" + encode(deploymentId));
        HttpResponse<String> response = send("POST", request(url).POST(HttpRequest.BodyPublishers.noBody()).build());
        if (response.statusCode() != 200) {
            throw new CentralHttpException("POST", url.toString(), response.statusCode(), response.body());
        }
        JsonNode json = JSON.readTree(response.body());
        DeploymentState state;
        try {
            state = DeploymentState.valueOf(json.path("deploymentState").asText());
        } catch (IllegalArgumentException e) {
            throw new IOException("POST " + url + ": unknown deploymentState '" + json.path("deploymentState").asText()
                    + "'", e);
        }
        Map<String, List<String>> errors = new LinkedHashMap<>();
        JsonNode errorNode = json.path("errors");
        if (errorNode.isObject()) {
            errorNode.fields().forEachRemaining(e -> {
                List<String> messages = new ArrayList<>();
                if (e.getValue().isArray()) {
                    e.getValue().forEach(m -> messages.add(m.asText()));
                } else {
                    messages.add(e.getValue().asText());
                }
                errors.put(e.getKey(), messages);
            });
        }
        return new DeploymentStatus(json.path("deploymentId").asText(deploymentId),
                json.path("deploymentName").asText(null), state, errors);
    }

    /** Whether {@code namespace:name:version} is published on Maven Central. */
    public boolean published(String namespace, String name, String version) throws IOException, InterruptedException {
        URI url = base.resolve("api/v1/publisher/published?namespace=" + encode(namespace) + "&name=" + encode(name)
                + "&version=" + encode(version));
        HttpResponse<String> response = send("GET", request(url).GET().build());
        if (response.statusCode() != 200) {
            throw new CentralHttpException("GET", url.toString(), response.statusCode(), response.body());
        }
        return JSON.readTree(response.body()).path("published").asBoolean(false);
    }

    private HttpRequest.Builder request(URI url) {
        return HttpRequest.newBuilder(url).timeout(requestTimeout).header("Authorization", authorization);
    }

    private HttpResponse<String> send(String method, HttpRequest request) throws IOException, InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The JDK's messages name the URL at most, never the headers (the token); keep the cause for the caller.
            throw new IOException(method + " " + request.uri() + ": no answer (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
