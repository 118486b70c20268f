package dev.forgeline.gateway.mcp;

import static dev.forgeline.gateway.TestGateway.json;
import static dev.forgeline.gateway.TestGateway.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgeline.gateway.TestGateway;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The legacy era (2025-03-26 .. 2025-11-25): initialize, sessions, SSE for tools/call. */
class McpHttpHandlerLegacyTest {
    private static final String V = "2025-11-25";
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
    void initialize_newestLegacyVersion_assignsVisibleAsciiSessionIdAndAnswersJson() {
        HttpResponse<byte[]> response = gateway.post(TestGateway.initializeBody(V));

        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        String session = response.headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertTrue(session.length() >= 32, session);
        assertTrue(session.chars().allMatch(c -> c >= 0x21 && c <= 0x7E), session);
        JsonNode result = json(response).get("result");
        assertEquals(1, json(response).get("id").asInt());
        assertEquals(V, result.get("protocolVersion").asText());
        assertTrue(result.get("capabilities").get("tools").isObject());
        assertEquals("forgeline-gateway", result.get("serverInfo").get("name").asText());
        assertEquals(dev.forgeline.gateway.GatewayVersion.current().version(), result.get("serverInfo").get("version").asText());
        assertFalse(result.has("resultType"), "legacy results keep the legacy shape");
    }

    @Test
    void initialize_twice_givesDistinctSessions() {
        String a = gateway.post(TestGateway.initializeBody(V)).headers().firstValue("Mcp-Session-Id").orElseThrow();
        String b = gateway.post(TestGateway.initializeBody(V)).headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertFalse(a.equals(b));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-11-25", "2025-06-18", "2025-03-26"})
    void initialize_supportedLegacyVersion_isAgreedAsAsked(String version) {
        JsonNode result = json(gateway.post(TestGateway.initializeBody(version))).get("result");
        assertEquals(version, result.get("protocolVersion").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-11-05", "1999-01-01", "2026-07-28"})
    void initialize_versionNotSpokenInLegacyEra_answersNewestLegacyRevision(String version) {
        JsonNode result = json(gateway.post(TestGateway.initializeBody(version))).get("result");
        assertEquals("2025-11-25", result.get("protocolVersion").asText());
    }

    @Test
    void initialize_withoutProtocolVersion_isInvalidParamsAndOpensNoSession() {
        HttpResponse<byte[]> response = gateway.post("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"initialize\",\"params\":{}}");
        assertEquals(400, response.statusCode());
        assertEquals(-32602, json(response).get("error").get("code").asInt());
        assertEquals(7, json(response).get("id").asInt());
        assertTrue(response.headers().firstValue("Mcp-Session-Id").isEmpty());
    }

    @Test
    void initializedNotification_isAcceptedWith202AndNoBody() {
        String session = gateway.post(TestGateway.initializeBody(V)).headers().firstValue("Mcp-Session-Id").orElseThrow();
        HttpResponse<byte[]> response = gateway.legacy(session, V, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        assertEquals(202, response.statusCode());
        assertEquals(0, response.body().length);
    }

    @Test
    void clientResponse_inSession_isAcceptedWith202() {
        String session = gateway.openSession(V);
        HttpResponse<byte[]> response = gateway.legacy(session, V, "{\"jsonrpc\":\"2.0\",\"id\":\"s1\",\"result\":{}}");
        assertEquals(202, response.statusCode());
    }

    @Test
    void ping_inSession_answersEmptyResult() {
        String session = gateway.openSession(V);
        HttpResponse<byte[]> response = gateway.legacy(session, V, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");
        assertEquals(200, response.statusCode());
        assertEquals("{}", json(response).get("result").toString());
    }

    @Test
    void toolsList_listsEchoWithItsRequiredStringMessage() {
        String session = gateway.openSession(V);
        JsonNode result = json(gateway.legacy(session, V, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}")).get("result");

        assertEquals(1, result.get("tools").size());
        JsonNode echo = result.get("tools").get(0);
        assertEquals("echo", echo.get("name").asText());
        JsonNode schema = echo.get("inputSchema");
        assertEquals("object", schema.get("type").asText());
        assertEquals("string", schema.get("properties").get("message").get("type").asText());
        assertEquals("[\"message\"]", schema.get("required").toString());
        assertFalse(result.has("ttlMs"), "caching hints are a 2026-07-28 field");
    }

    @Test
    void toolsCall_echo_withNothingToStream_answersWithOneJsonObjectCarryingTheText() {
        String session = gateway.openSession(V);
        HttpResponse<byte[]> response = gateway.legacy(session, V,
                "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"héllo, wörld\"}}}");

        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        List<JsonNode> messages = gateway.messages(response);
        assertEquals(1, messages.size(), messages::toString);
        JsonNode reply = messages.get(0);
        assertEquals(4, reply.get("id").asInt());
        assertEquals("[{\"type\":\"text\",\"text\":\"héllo, wörld\"}]", reply.get("result").get("content").toString());
        assertFalse(reply.get("result").has("isError"));
    }

    @Test
    void toolsCall_withProgressToken_streamsProgressBeforeTheResult() {
        String session = gateway.openSession(V);
        HttpResponse<byte[]> response = gateway.legacy(session, V, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"hi\"},\"_meta\":{\"progressToken\":\"p-1\"}}}");

        assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("no", response.headers().firstValue("X-Accel-Buffering").orElseThrow());
        List<JsonNode> messages = gateway.sseMessages(response);
        assertEquals(2, messages.size(), messages::toString);
        assertEquals("notifications/progress", messages.get(0).get("method").asText());
        assertEquals("p-1", messages.get(0).get("params").get("progressToken").asText());
        assertEquals(5, messages.get(1).get("id").asInt());
    }

    @Test
    void toolsCall_unknownTool_isInvalidParamsProtocolError() {
        String session = gateway.openSession(V);
        HttpResponse<byte[]> response = gateway.legacy(session, V,
                "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/call\",\"params\":{\"name\":\"nope\",\"arguments\":{}}}");

        JsonNode reply = gateway.messages(response).get(0);
        assertEquals(6, reply.get("id").asInt());
        assertEquals(-32602, reply.get("error").get("code").asInt());
        assertEquals("Unknown tool: nope", reply.get("error").get("message").asText());
    }

    @Test
    void toolsCall_missingMessage_isToolExecutionErrorTheModelCanSee() {
        String session = gateway.openSession(V);
        HttpResponse<byte[]> response = gateway.legacy(session, V,
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":42}}}");

        JsonNode result = gateway.messages(response).get(0).get("result");
        assertTrue(result.get("isError").asBoolean());
        assertTrue(result.get("content").get(0).get("text").asText().contains("'message'"));
    }

    @Test
    void toolsCall_argumentsNotAnObject_isInvalidParams() {
        String session = gateway.openSession(V);
        HttpResponse<byte[]> response = gateway.legacy(session, V,
                "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":\"hi\"}}");

        assertEquals(-32602, gateway.messages(response).get(0).get("error").get("code").asInt());
    }

    @Test
    void unknownMethod_isMethodNotFoundInTheBody() {
        String session = gateway.openSession(V);
        HttpResponse<byte[]> response = gateway.legacy(session, V, "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"resources/list\"}");

        // 200: legacy clients read JSON-RPC errors only from successful HTTP responses.
        assertEquals(200, response.statusCode());
        assertEquals(9, json(response).get("id").asInt());
        assertEquals(-32601, json(response).get("error").get("code").asInt());
    }

    @Test
    void malformedJson_isParseErrorWithoutId() {
        String session = gateway.openSession(V);
        HttpResponse<byte[]> response = gateway.legacy(session, V, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":");

        assertEquals(400, response.statusCode());
        JsonNode body = json(response);
        assertEquals(-32700, body.get("error").get("code").asInt());
        assertFalse(body.has("id"), "MCP types the error id as optional string|number: unknown ids are left out");
    }

    @Test
    void invalidRequest_wrongJsonRpcVersion_isInvalidRequestWithItsId() {
        String session = gateway.openSession(V);
        HttpResponse<byte[]> response = gateway.legacy(session, V, "{\"jsonrpc\":\"1.0\",\"id\":11,\"method\":\"ping\"}");

        assertEquals(400, response.statusCode());
        assertEquals(-32600, json(response).get("error").get("code").asInt());
    }

    @Test
    void invalidRequest_nullId_isInvalidRequest() {
        String session = gateway.openSession(V);
        HttpResponse<byte[]> response = gateway.legacy(session, V, "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}");

        assertEquals(400, response.statusCode());
        assertEquals(-32600, json(response).get("error").get("code").asInt());
    }

    @Test
    void missingSessionId_is400() {
        HttpResponse<byte[]> response = gateway.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",
                "MCP-Protocol-Version", V);
        assertEquals(400, response.statusCode());
        assertTrue(json(response).get("error").get("message").asText().contains("Mcp-Session-Id"));
    }

    @Test
    void unknownSessionId_is404() {
        HttpResponse<byte[]> response = gateway.legacy("no-such-session", V, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
        assertEquals(404, response.statusCode());
    }

    @Test
    void delete_endsTheSession_laterRequestsGet404() {
        String session = gateway.openSession(V);
        HttpResponse<byte[]> deleted = gateway.request("DELETE", "/mcp", "Mcp-Session-Id", session, "MCP-Protocol-Version", V);
        assertEquals(204, deleted.statusCode());

        HttpResponse<byte[]> after = gateway.legacy(session, V, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
        assertEquals(404, after.statusCode());
        assertEquals(404, gateway.request("DELETE", "/mcp", "Mcp-Session-Id", session).statusCode());
    }

    @Test
    void delete_withoutSessionId_is400() {
        assertEquals(400, gateway.request("DELETE", "/mcp").statusCode());
    }

    @Test
    void get_is405WithAllowHeader() {
        HttpResponse<byte[]> response = gateway.request("GET", "/mcp", "Accept", "text/event-stream");
        assertEquals(405, response.statusCode());
        assertEquals("POST, DELETE", response.headers().firstValue("Allow").orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "text/event-stream", "text/html", "application/json, text/event-stream;q=0"})
    void accept_missingEitherType_is406(String accept) {
        HttpResponse<byte[]> response = gateway.post(TestGateway.initializeBody(V), "Accept", accept);
        assertEquals(406, response.statusCode());
        assertEquals(-32600, json(response).get("error").get("code").asInt());
    }

    @Test
    void accept_wildcard_coversBothTypes() {
        assertEquals(200, gateway.post(TestGateway.initializeBody(V), "Accept", "*/*").statusCode());
    }

    @Test
    void contentType_notJson_is415() {
        assertEquals(415, gateway.post(TestGateway.initializeBody(V), "Content-Type", "text/plain").statusCode());
    }

    @Test
    void protocolVersionHeader_unsupported_is400ListingSupportedVersions() {
        String session = gateway.openSession(V);
        HttpResponse<byte[]> response = gateway.legacy(session, "1900-01-01", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");

        assertEquals(400, response.statusCode());
        JsonNode error = json(response).get("error");
        assertEquals(-32022, error.get("code").asInt());
        assertEquals("1900-01-01", error.get("data").get("requested").asText());
        assertEquals("[\"2026-07-28\",\"2025-11-25\",\"2025-06-18\",\"2025-03-26\"]", error.get("data").get("supported").toString());
    }

    @Test
    void protocolVersionHeader_otherThanNegotiated_is400() {
        String session = gateway.openSession(V);
        HttpResponse<byte[]> response = gateway.legacy(session, "2025-06-18", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
        assertEquals(400, response.statusCode());
    }

    @Test
    void protocolVersionHeader_absent_usesTheSessionsVersion() {
        String session = gateway.openSession("2025-03-26");
        HttpResponse<byte[]> response = gateway.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", "Mcp-Session-Id", session);
        assertEquals(200, response.statusCode(), () -> text(response));
    }
}
