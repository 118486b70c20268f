package dev.forgeline.release.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forgeline.release.manifest.ReleaseManifest.SmokeCheck;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the image smoke test asks a running gateway, as an MCP client would: {@code /health} must name the platform's
 * native core with the release's library digest, and {@code /mcp} must answer {@code initialize} and a
 * {@code tools/call} of {@code echo}. Each answer is one {@link SmokeCheck}.
 */
final class GatewayProbe {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROTOCOL = "2025-11-25";
    /** Emulated JVMs answer their first requests slowly (the JIT has not warmed up). */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI endpoint;

    /** @param endpoint the MCP endpoint the gateway printed, e.g. http://127.0.0.1:41234/mcp */
    GatewayProbe(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** The checks, in order, and the library digest /health named (null if it did not answer). */
    record Answers(List<SmokeCheck> checks, String loadedSha256) {}

    /** Asks the gateway; a failed {@code initialize} leaves out {@code tools/call} (it needs the session). */
    Answers probe(String classifier, String librarySha256) throws InterruptedException {
        List<SmokeCheck> checks = new ArrayList<>();
        String loaded = null;
        try {
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(endpoint.resolve("/health")).timeout(TIMEOUT)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            JsonNode nativeCore = JSON.readTree(health.body()).path("nativeCore");
            loaded = nativeCore.path("sha256").asText(null);
            boolean classifierOk = health.statusCode() == 200 && classifier.equals(nativeCore.path("classifier").asText());
            checks.add(new SmokeCheck("health-classifier", classifierOk, "/health: HTTP " + health.statusCode()
                    + ", native core " + nativeCore.path("classifier").asText() + " (" + nativeCore.path("target").asText()
                    + ")"));
            boolean digestOk = librarySha256.equals(loaded);
            checks.add(new SmokeCheck("health-digest", digestOk, digestOk ? "the image loaded " + librarySha256
                    : "the image loaded " + loaded + ", the release manifest records " + librarySha256));
        } catch (IOException e) {
            checks.add(new SmokeCheck("health-classifier", false, "GET /health: " + e));
        }
        try {
            HttpResponse<String> init = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                    + "{\"protocolVersion\":\"" + PROTOCOL + "\",\"capabilities\":{},\"clientInfo\":{\"name\":"
                    + "\"forgeline-image-smoke\",\"version\":\"1\"}}}", Map.of());
            JsonNode result = JSON.readTree(jsonBody(init)).path("result");
            String session = init.headers().firstValue("Mcp-Session-Id").orElse(null);
            boolean initOk = init.statusCode() == 200 && PROTOCOL.equals(result.path("protocolVersion").asText())
                    && session != null;
            checks.add(new SmokeCheck("mcp-initialize", initOk, "initialize: HTTP " + init.statusCode() + ", protocol "
                    + result.path("protocolVersion").asText() + (session == null ? ", no session" : "")));
            if (!initOk) {
                return new Answers(checks, loaded);
            }
            Map<String, String> headers = Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", PROTOCOL);
            post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", headers);
            String message = "hello from the image on " + classifier;
            HttpResponse<String> echo = post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":"
                    + "{\"name\":\"echo\",\"arguments\":{\"message\":\"" + message + "\"}}}", headers);
            String text = JSON.readTree(jsonBody(echo)).at("/result/content/0/text").asText();
            boolean echoOk = echo.statusCode() == 200 && message.equals(text);
            checks.add(new SmokeCheck("mcp-tools-call", echoOk, "tools/call echo: HTTP " + echo.statusCode()
                    + ", answered \"" + text + "\""));
        } catch (IOException e) {
            checks.add(new SmokeCheck("mcp", false, "POST /mcp: " + e));
        }
        return new Answers(checks, loaded);
    }

    private HttpResponse<String> post(String body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(TIMEOUT)
                .header("Accept", "application/json, text/event-stream").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The JSON of a response, whether it came as JSON or as the first event of an SSE stream. */
    private static String jsonBody(HttpResponse<String> response) {
        if (!response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
            return response.body();
        }
        StringBuilder data = new StringBuilder();
        for (String line : response.body().split("\r\n|\n|\r")) {
            if (line.startsWith("data:")) {
                data.append(line.substring(line.startsWith("data: ") ? 6 : 5)).append('\n');
            } else if (line.isEmpty() && !data.toString().isBlank()) {
                break;
            }
        }
        return data.toString();
    }
}
