package dev.forgeline.gateway.mcp;

import static dev.forgeline.gateway.TestGateway.MODERN;
import static dev.forgeline.gateway.TestGateway.json;
import static dev.forgeline.gateway.TestGateway.params;
import static dev.forgeline.gateway.TestGateway.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgeline.gateway.GatewayVersion;
import dev.forgeline.gateway.TestGateway;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The current revision, 2026-07-28: stateless requests with mirrored headers and per-request _meta. */
class ModernProtocolTest {
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
    void discover_advertisesVersionsCapabilitiesIdentityAndCachingHints() {
        HttpResponse<byte[]> response = gateway.modern("d-1", "server/discover", null);

        assertEquals(200, response.statusCode(), () -> text(response));
        JsonNode result = json(response).get("result");
        assertEquals("d-1", json(response).get("id").asText());
        assertEquals("complete", result.get("resultType").asText());
        assertEquals("[\"2026-07-28\",\"2025-11-25\",\"2025-06-18\",\"2025-03-26\"]", result.get("supportedVersions").toString());
        assertTrue(result.get("capabilities").get("tools").isObject());
        JsonNode serverInfo = result.get("_meta").get("io.modelcontextprotocol/serverInfo");
        assertEquals("forgeline-gateway", serverInfo.get("name").asText());
        assertEquals(GatewayVersion.current().version(), serverInfo.get("version").asText());
        assertTrue(result.get("ttlMs").asLong() >= 0);
        assertEquals("public", result.get("cacheScope").asText());
    }

    @Test
    void toolsList_isCompleteCacheableAndListsEcho() {
        JsonNode result = json(gateway.modern(2, "tools/list", null)).get("result");

        assertEquals("complete", result.get("resultType").asText());
        assertEquals("echo", result.get("tools").get(0).get("name").asText());
        assertTrue(result.has("ttlMs"));
        assertEquals("public", result.get("cacheScope").asText());
    }

    @Test
    void toolsList_withCursor_isInvalidParams() {
        HttpResponse<byte[]> response = gateway.modern(2, "tools/list", params("{\"cursor\":\"page-2\"}"));
        assertEquals(-32602, json(response).get("error").get("code").asInt());
    }

    @Test
    void toolsCall_echo_withNothingToStream_answersWithOneCompleteJsonResult() {
        HttpResponse<byte[]> response = gateway.modern(3, "tools/call", params("{\"name\":\"echo\",\"arguments\":{\"message\":\"hi\"}}"));

        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        List<JsonNode> messages = gateway.messages(response);
        JsonNode result = messages.get(messages.size() - 1).get("result");
        assertEquals("complete", result.get("resultType").asText());
        assertEquals("hi", result.get("content").get(0).get("text").asText());
        assertTrue(result.get("_meta").has("io.modelcontextprotocol/serverInfo"));
    }

    @Test
    void toolsCall_withProgressToken_streamsProgressThenTheResult() {
        HttpResponse<byte[]> response = gateway.modern(9, "tools/call",
                params("{\"name\":\"echo\",\"arguments\":{\"message\":\"hi\"},\"_meta\":{\"progressToken\":7}}"));

        assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElseThrow());
        List<JsonNode> messages = gateway.sseMessages(response);
        assertEquals(2, messages.size(), messages::toString);
        assertEquals("notifications/progress", messages.get(0).get("method").asText());
        assertEquals("hi", messages.get(1).get("result").get("content").get(0).get("text").asText());
    }

    @Test
    void sessionIdHeader_isIgnored() {
        HttpResponse<byte[]> response = gateway.modern(4, "tools/list", null, "Mcp-Session-Id", "left-over-from-an-old-client");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Mcp-Session-Id").isEmpty(), "no session ids are minted or echoed");
    }

    @Test
    void missingMcpMethodHeader_isHeaderMismatch400() {
        HttpResponse<byte[]> response = gateway.post(modernBody(5, "tools/list", "{}"), "MCP-Protocol-Version", MODERN);
        assertEquals(400, response.statusCode());
        assertEquals(-32020, json(response).get("error").get("code").asInt());
        assertEquals(5, json(response).get("id").asInt());
    }

    @Test
    void mcpMethodHeaderDisagreeingWithBody_isHeaderMismatch400() {
        HttpResponse<byte[]> response = gateway.modern(6, "tools/list", null, "Mcp-Method", "tools/call");
        assertEquals(400, response.statusCode());
        assertEquals(-32020, json(response).get("error").get("code").asInt());
    }

    @Test
    void toolsCallWithoutMcpName_isHeaderMismatch400() {
        HttpResponse<byte[]> response = gateway.post(modernBody(7, "tools/call", "{\"name\":\"echo\",\"arguments\":{\"message\":\"x\"}}"),
                "MCP-Protocol-Version", MODERN, "Mcp-Method", "tools/call");
        assertEquals(400, response.statusCode());
        assertEquals(-32020, json(response).get("error").get("code").asInt());
    }

    @Test
    void mcpNameInBase64Sentinel_isDecodedBeforeComparing() {
        String encoded = "=?base64?" + Base64.getEncoder().encodeToString("echo".getBytes(StandardCharsets.UTF_8)) + "?=";
        HttpResponse<byte[]> response = gateway.modern(8, "tools/call", params("{\"name\":\"echo\",\"arguments\":{\"message\":\"x\"}}"),
                "Mcp-Name", encoded);
        assertEquals(200, response.statusCode(), () -> text(response));
        assertEquals("x", gateway.messages(response).get(0).get("result").get("content").get(0).get("text").asText());
    }

    @Test
    void missingMeta_isInvalidParams400() {
        HttpResponse<byte[]> response = gateway.post("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/list\"}",
                "MCP-Protocol-Version", MODERN, "Mcp-Method", "tools/list");
        assertEquals(400, response.statusCode());
        assertEquals(-32602, json(response).get("error").get("code").asInt());
    }

    @Test
    void metaWithoutClientCapabilities_isInvalidParams400() {
        HttpResponse<byte[]> response = gateway.post("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/list\",\"params\":{\"_meta\":"
                + "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}}",
                "MCP-Protocol-Version", MODERN, "Mcp-Method", "tools/list");
        assertEquals(400, response.statusCode());
        assertEquals(-32602, json(response).get("error").get("code").asInt());
    }

    @Test
    void metaVersionDisagreeingWithHeader_isHeaderMismatch400() {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"tools/list\",\"params\":{\"_meta\":"
                + "{\"io.modelcontextprotocol/protocolVersion\":\"2025-11-25\",\"io.modelcontextprotocol/clientCapabilities\":{}}}}";
        HttpResponse<byte[]> response = gateway.post(body, "MCP-Protocol-Version", MODERN, "Mcp-Method", "tools/list");
        assertEquals(400, response.statusCode());
        assertEquals(-32020, json(response).get("error").get("code").asInt());
    }

    @Test
    void unsupportedVersionHeader_isUnsupportedProtocolVersion400() {
        HttpResponse<byte[]> response = gateway.post(modernBody(11, "tools/list", "{}"),
                "MCP-Protocol-Version", "2099-01-01", "Mcp-Method", "tools/list");
        assertEquals(400, response.statusCode());
        JsonNode error = json(response).get("error");
        assertEquals(-32022, error.get("code").asInt());
        assertEquals("2026-07-28", error.get("data").get("supported").get(0).asText());
    }

    @Test
    void unknownMethod_is404MethodNotFound() {
        HttpResponse<byte[]> response = gateway.modern(12, "prompts/list", null);
        assertEquals(404, response.statusCode());
        assertEquals(-32601, json(response).get("error").get("code").asInt());
        assertEquals(12, json(response).get("id").asInt());
    }

    @Test
    void ping_removedIn2026_is404MethodNotFound() {
        assertEquals(404, gateway.modern(13, "ping", null).statusCode());
    }

    @Test
    void notification_isAcceptedWith202() {
        HttpResponse<byte[]> response = gateway.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":1}}",
                "MCP-Protocol-Version", MODERN);
        assertEquals(202, response.statusCode());
    }

    @Test
    void clientResponse_isInvalidRequest400() {
        HttpResponse<byte[]> response = gateway.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}", "MCP-Protocol-Version", MODERN);
        assertEquals(400, response.statusCode());
        assertEquals(-32600, json(response).get("error").get("code").asInt());
    }

    @Test
    void subscriptionsListen_acknowledgesWhatItHonoursThenEndsGracefully() {
        HttpResponse<byte[]> response = gateway.modern("sub-1", "subscriptions/listen", params("{\"notifications\":{\"toolsListChanged\":true}}"));

        List<JsonNode> messages = gateway.sseMessages(response);
        assertEquals(2, messages.size(), messages::toString);
        JsonNode ack = messages.get(0);
        assertEquals("notifications/subscriptions/acknowledged", ack.get("method").asText());
        assertEquals("sub-1", ack.get("params").get("_meta").get("io.modelcontextprotocol/subscriptionId").asText());
        assertEquals("{}", ack.get("params").get("notifications").toString(), "the tool list never changes: nothing is honoured");
        JsonNode end = messages.get(1);
        assertEquals("sub-1", end.get("id").asText());
        assertEquals("complete", end.get("result").get("resultType").asText());
        assertEquals("sub-1", end.get("result").get("_meta").get("io.modelcontextprotocol/subscriptionId").asText());
    }

    @Test
    void initialize_withModernHeader_stillOpensALegacySession() {
        HttpResponse<byte[]> response = gateway.post(TestGateway.initializeBody("2025-11-25"), "MCP-Protocol-Version", MODERN);
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Mcp-Session-Id").isPresent());
    }

    private static String modernBody(int id, String method, String params) {
        JsonNode p = params(params);
        ((com.fasterxml.jackson.databind.node.ObjectNode) p).putObject("_meta")
                .put("io.modelcontextprotocol/protocolVersion", MODERN)
                .putObject("io.modelcontextprotocol/clientCapabilities");
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + p + "}";
    }
}
