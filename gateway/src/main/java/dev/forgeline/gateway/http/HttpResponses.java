package dev.forgeline.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.forgeline.gateway.mcp.JsonRpc;
import java.io.IOException;
import java.io.OutputStream;

/** Writing whole responses on an exchange. */
public final class HttpResponses {
    private HttpResponses() {}

    public static void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JsonRpc.bytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A response with no body at all (e.g. 202 Accepted): length -1 tells the JDK server so. */
    public static void empty(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }
}
