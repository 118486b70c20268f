package dev.forgeline.gateway.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** JSON-RPC 2.0 envelopes, and the one ObjectMapper the gateway uses. */
public final class JsonRpc {
    public static final ObjectMapper JSON = new ObjectMapper();

    private JsonRpc() {}

    public static ObjectNode result(JsonNode id, JsonNode result) {
        ObjectNode response = envelope();
        response.set("id", id);
        response.set("result", result);
        return response;
    }

    /**
     * An error response. When the id is unknown (unreadable, or no request to answer) the member is
     * left out: MCP's schema types it {@code id?: string | number}, so plain JSON-RPC's
     * {@code "id": null} would fail a schema-checking MCP client.
     */
    public static ObjectNode error(JsonNode id, McpError error) {
        ObjectNode response = envelope();
        if (id != null && !id.isMissingNode() && !id.isNull()) {
            response.set("id", id);
        }
        ObjectNode body = response.putObject("error");
        body.put("code", error.code());
        body.put("message", error.getMessage());
        if (error.data() != null) {
            body.set("data", error.data());
        }
        return response;
    }

    public static ObjectNode notification(String method, JsonNode params) {
        ObjectNode message = envelope();
        message.put("method", method);
        message.set("params", params);
        return message;
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(JsonNode node) {
        return new String(bytes(node), StandardCharsets.UTF_8);
    }

    /**
     * Reads JSON the native core has already accepted. Jackson has limits of its own (e.g. a number
     * of more than 1000 digits), so a refusal here is still the client's parse error, not a 500.
     */
    public static JsonNode parseValidated(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new McpError(McpError.PARSE_ERROR, "Parse error: "
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), 400);
        }
    }

    private static ObjectNode envelope() {
        ObjectNode node = JSON.createObjectNode();
        node.put("jsonrpc", "2.0");
        return node;
    }
}
