package dev.forgeline.gateway.mcp;

import static dev.forgeline.gateway.TestGateway.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgeline.gateway.TestGateway;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * JSON-RPC batches: only 2025-03-26 allowed them (2025-06-18 removed them, and 2026-07-28 says the
 * body is a single message), so they are answered only in sessions that negotiated 2025-03-26.
 */
class BatchHandlingTest {
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void batch_in2025_03_26Session_isAnsweredAsArrayInOrder() {
        String session = gateway.openSession("2025-03-26");
        HttpResponse<byte[]> response = gateway.legacy(session, "2025-03-26", "["
                + "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":0}},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"b\"}}},"
                + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"no/such\"},"
                + "{\"jsonrpc\":\"1.0\",\"id\":4,\"method\":\"ping\"}]");

        assertEquals(200, response.statusCode());
        JsonNode replies = json(response);
        assertEquals(4, replies.size(), replies::toString);
        assertEquals("{}", replies.get(0).get("result").toString());
        assertEquals("b", replies.get(1).get("result").get("content").get(0).get("text").asText());
        assertEquals(-32601, replies.get(2).get("error").get("code").asInt());
        assertEquals(-32600, replies.get(3).get("error").get("code").asInt());
    }

    @Test
    void batch_onlyNotifications_in2025_03_26Session_is202() {
        String session = gateway.openSession("2025-03-26");
        HttpResponse<byte[]> response = gateway.legacy(session, "2025-03-26",
                "[{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"},{\"jsonrpc\":\"2.0\",\"id\":9,\"result\":{}}]");
        assertEquals(202, response.statusCode());
    }

    @Test
    void batch_withInitialize_isRefusedPerEntry() {
        String session = gateway.openSession("2025-03-26");
        HttpResponse<byte[]> response = gateway.legacy(session, "2025-03-26",
                "[" + TestGateway.initializeBody("2025-03-26") + "]");
        assertEquals(-32600, json(response).get(0).get("error").get("code").asInt());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-11-25", "2025-06-18"})
    void batch_inLaterLegacySession_isInvalidRequestNamingTheRevision(String version) {
        String session = gateway.openSession(version);
        HttpResponse<byte[]> response = gateway.legacy(session, version, "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]");

        assertEquals(400, response.statusCode());
        JsonNode body = json(response);
        assertTrue(body.isObject(), "one error for the whole batch, not an array");
        assertEquals(-32600, body.get("error").get("code").asInt());
        assertTrue(body.get("error").get("message").asText().contains("batching is not supported in protocol revision " + version));
        assertFalse(body.has("id"));
    }

    @Test
    void batch_modern_isInvalidRequest() {
        HttpResponse<byte[]> response = gateway.post("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}]",
                "MCP-Protocol-Version", TestGateway.MODERN, "Mcp-Method", "tools/list");
        assertEquals(400, response.statusCode());
        assertTrue(json(response).get("error").get("message").asText().contains("2026-07-28"));
    }

    @Test
    void emptyBatch_isInvalidRequest() {
        String session = gateway.openSession("2025-03-26");
        HttpResponse<byte[]> response = gateway.legacy(session, "2025-03-26", "[]");
        assertEquals(400, response.statusCode());
        assertEquals(-32600, json(response).get("error").get("code").asInt());
    }
}
