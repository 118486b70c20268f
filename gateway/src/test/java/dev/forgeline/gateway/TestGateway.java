package dev.forgeline.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgeline.nativecore.NativeCore;
import dev.forgeline.nativecore.SseDecoder;
import dev.forgeline.nativecore.SseEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A gateway on a free loopback port and a java.net.http client speaking to it, with shortcuts for
 * the two eras: legacy (initialize, then Mcp-Session-Id) and modern (headers plus _meta).
 */
public final class TestGateway implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String ACCEPT_BOTH = "application/json, text/event-stream";

    private final GatewayServer server;
    private final NativeCore core;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestGateway(GatewayServer server, NativeCore core) {
        this.server = server;
        this.core = core;
    }

    /** Starts a gateway with default options on port 0; skips (or fails in CI) without the native core. */
    public static TestGateway start(String... extraArgs) {
        NativeCore core = NativeCoreRequirement.nativeCore();
        List<String> args = new ArrayList<>(List.of("--port", "0"));
        args.addAll(List.of(extraArgs));
        try {
            return new TestGateway(GatewayServer.start(GatewayOptions.parse(args.toArray(String[]::new)), core), core);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GatewayOptions.UsageException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public URI endpoint() {
        return server.endpoint();
    }

    public URI uri(String path) {
        return endpoint().resolve(path);
    }

    public NativeCore core() {
        return core;
    }

    GatewayServer server() {
        return server;
    }

    /** POSTs a body to /mcp; headers are name/value pairs added to (or, for Accept/Content-Type, replacing) the defaults. */
    public HttpResponse<byte[]> post(String body, String... headers) {
        return post(body.getBytes(StandardCharsets.UTF_8), headers);
    }

    public HttpResponse<byte[]> post(byte[] body, String... headers) {
        Map<String, String> defaults = new java.util.LinkedHashMap<>();
        defaults.put("Accept", ACCEPT_BOTH);
        defaults.put("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            defaults.put(headers[i], headers[i + 1]);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint()).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        defaults.forEach((k, v) -> {
            if (v != null) {
                request.header(k, v);
            }
        });
        return send(request.build());
    }

    public HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<byte[]> request(String method, String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    // ---- legacy era -------------------------------------------------------------------------

    /** initialize + notifications/initialized for {@code version}; returns the session id. */
    public String openSession(String version) {
        HttpResponse<byte[]> init = post(initializeBody(version));
        assertEquals(200, init.statusCode(), () -> "initialize failed: " + text(init));
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        HttpResponse<byte[]> initialized = post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                "Mcp-Session-Id", session, "MCP-Protocol-Version", version);
        assertEquals(202, initialized.statusCode());
        return session;
    }

    public static String initializeBody(String version) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + version
                + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"gateway-tests\",\"version\":\"1\"}}}";
    }

    /** A request in a legacy session. */
    public HttpResponse<byte[]> legacy(String session, String version, String body) {
        return post(body, "Mcp-Session-Id", session, "MCP-Protocol-Version", version);
    }

    // ---- modern era -------------------------------------------------------------------------

    public static final String MODERN = "2026-07-28";

    /** A well-formed 2026-07-28 request: headers mirrored from the body and the required _meta. */
    public HttpResponse<byte[]> modern(Object id, String method, ObjectNode params, String... extraHeaders) {
        ObjectNode p = params == null ? JSON.createObjectNode() : params.deepCopy();
        ObjectNode meta = p.withObjectProperty("_meta");
        meta.put("io.modelcontextprotocol/protocolVersion", MODERN);
        meta.putObject("io.modelcontextprotocol/clientCapabilities");
        meta.putObject("io.modelcontextprotocol/clientInfo").put("name", "gateway-tests").put("version", "1");
        ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0");
        request.set("id", JSON.valueToTree(id));
        request.put("method", method);
        request.set("params", p);
        List<String> headers = new ArrayList<>(List.of("MCP-Protocol-Version", MODERN, "Mcp-Method", method));
        if (p.has("name") && p.get("name").isTextual()) {
            headers.addAll(List.of("Mcp-Name", p.get("name").textValue()));
        }
        headers.addAll(List.of(extraHeaders));
        return post(request.toString(), headers.toArray(String[]::new));
    }

    // ---- reading responses ------------------------------------------------------------------

    public static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    public static JsonNode json(HttpResponse<byte[]> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text(response), e);
        }
    }

    /** The JSON-RPC messages of an SSE response, decoded by the native core's SSE decoder. */
    public List<JsonNode> sseMessages(HttpResponse<byte[]> response) {
        List<JsonNode> messages = new ArrayList<>();
        try (SseDecoder decoder = core.newSseDecoder()) {
            for (SseEvent event : decoder.feed(response.body())) {
                messages.add(JSON.readTree(event.data()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return messages;
    }

    /** The JSON-RPC messages of a response, whichever form it took: an SSE stream or one JSON body. */
    public List<JsonNode> messages(HttpResponse<byte[]> response) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        return type.startsWith("text/event-stream") ? sseMessages(response) : List.of(json(response));
    }

    public static ObjectNode params(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
