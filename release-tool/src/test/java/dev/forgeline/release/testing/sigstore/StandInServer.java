package dev.forgeline.release.testing.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The loopback HTTP server under each Sigstore stand-in: JDK HttpServer on a free port of 127.0.0.1, JSON in and out.
 * A handler throws {@link HttpError} to answer with a status and a JSON {@code {"message": ...}}, as Fulcio and Rekor
 * do.
 */
abstract class StandInServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    StandInServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
    }

    /** Call once the subclass registered its routes. */
    final void start() {
        server.start();
    }

    /** {@code http://127.0.0.1:PORT}, no trailing slash. */
    public final String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    interface Handler {
        /** The JSON to answer with 200 (or {@code status}), given the request. */
        Response handle(HttpExchange exchange) throws Exception;
    }

    record Response(int status, String contentType, byte[] body) {
        static Response json(int status, Object value) {
            try {
                return new Response(status, "application/json", JSON.writeValueAsBytes(value));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static final class HttpError extends Exception {
        final int status;

        HttpError(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    final void route(String path, String method, Handler handler) {
        server.createContext(path, exchange -> {
            Response response;
            try {
                if (!exchange.getRequestMethod().equals(method)) {
                    throw new HttpError(405, "method not allowed");
                }
                response = handler.handle(exchange);
            } catch (HttpError e) {
                response = Response.json(e.status, JSON.createObjectNode().put("code", e.status)
                        .put("message", e.getMessage()));
            } catch (Exception e) {
                response = Response.json(500, JSON.createObjectNode().put("code", 500)
                        .put("message", e.getClass().getSimpleName()));
            }
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            exchange.sendResponseHeaders(response.status(), response.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        });
    }

    static JsonNode readJson(HttpExchange exchange) throws HttpError {
        try {
            byte[] body = exchange.getRequestBody().readNBytes(1 << 20);
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new HttpError(400, "the body is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new HttpError(400, "the body is not JSON");
        }
    }

    static String text(JsonNode node, String pointer) throws HttpError {
        JsonNode value = node.at(pointer);
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new HttpError(400, "missing " + pointer);
        }
        return value.asText();
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
