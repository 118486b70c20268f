package dev.forgeline.gateway.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgeline.gateway.GatewayVersion;
import dev.forgeline.gateway.tools.ToolRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The methods themselves, without HTTP or the native core. */
class JsonRpcDispatcherTest {
    private final JsonRpcDispatcher dispatcher =
            new JsonRpcDispatcher(new GatewayVersion("forgeline-gateway", "9.9.9"), ToolRegistry.defaults());

    @Test
    void initialize_answersCapabilitiesAndServerInfo() throws IOException {
        JsonRpcDispatcher.Handshake handshake = dispatcher.initialize(
                params("{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"c\",\"version\":\"1\"}}"));
        assertEquals(ProtocolRevision.V2025_06_18, handshake.revision());
        assertEquals("c", handshake.clientName());
        assertEquals("{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"tools\":{}},"
                + "\"serverInfo\":{\"name\":\"forgeline-gateway\",\"version\":\"9.9.9\"}}", handshake.result().toString());
    }

    @Test
    void dispatch_modernResults_carryResultTypeAndServerInfo_legacyDoNot() throws IOException {
        ObjectNode modern = dispatcher.dispatch(ProtocolRevision.V2026_07_28, IntNode.valueOf(1), "tools/list", null, Outbox.DISCARD);
        ObjectNode legacy = dispatcher.dispatch(ProtocolRevision.V2025_11_25, IntNode.valueOf(1), "tools/list", null, Outbox.DISCARD);

        assertEquals("complete", modern.get("resultType").asText());
        assertEquals("9.9.9", modern.at("/_meta/io.modelcontextprotocol~1serverInfo/version").asText());
        assertEquals(JsonRpcDispatcher.CACHE_TTL_MS, modern.get("ttlMs").asLong());
        assertFalse(legacy.has("resultType"));
        assertFalse(legacy.has("_meta"));
        assertEquals(modern.get("tools"), legacy.get("tools"));
    }

    @Test
    void dispatch_eraSpecificMethods_areMethodNotFoundInTheOtherEra() {
        McpError ping = assertThrows(McpError.class,
                () -> dispatcher.dispatch(ProtocolRevision.V2026_07_28, IntNode.valueOf(1), "ping", null, Outbox.DISCARD));
        McpError discover = assertThrows(McpError.class,
                () -> dispatcher.dispatch(ProtocolRevision.V2025_11_25, IntNode.valueOf(1), "server/discover", null, Outbox.DISCARD));
        assertEquals(McpError.METHOD_NOT_FOUND, ping.code());
        assertEquals(404, ping.httpStatus());
        assertEquals(McpError.METHOD_NOT_FOUND, discover.code());
    }

    @Test
    void dispatch_toolsCallWithProgressToken_sendsProgressThroughTheOutbox() throws IOException {
        List<JsonNode> sent = new ArrayList<>();
        ObjectNode result = dispatcher.dispatch(ProtocolRevision.V2025_11_25, IntNode.valueOf(1), "tools/call",
                params("{\"name\":\"echo\",\"arguments\":{\"message\":\"m\"},\"_meta\":{\"progressToken\":7}}"), sent::add);

        assertEquals(1, sent.size());
        assertEquals("notifications/progress", sent.get(0).get("method").asText());
        assertEquals(7, sent.get(0).at("/params/progressToken").asInt());
        assertEquals("m", result.at("/content/0/text").asText());
    }

    @Test
    void dispatch_toolsCallWithoutProgressToken_sendsNothing() throws IOException {
        List<JsonNode> sent = new ArrayList<>();
        dispatcher.dispatch(ProtocolRevision.V2025_11_25, IntNode.valueOf(1), "tools/call",
                params("{\"name\":\"echo\",\"arguments\":{\"message\":\"m\"}}"), sent::add);
        assertTrue(sent.isEmpty());
    }

    @Test
    void dispatch_toolsCallWithoutArguments_reachesTheToolWhichReportsTheMissingMessage() throws IOException {
        ObjectNode result = dispatcher.dispatch(ProtocolRevision.V2025_11_25, IntNode.valueOf(1), "tools/call",
                params("{\"name\":\"echo\"}"), Outbox.DISCARD);
        assertTrue(result.get("isError").asBoolean());
    }

    @Test
    void dispatch_toolsCallWithoutName_isInvalidParams() {
        McpError e = assertThrows(McpError.class,
                () -> dispatcher.dispatch(ProtocolRevision.V2025_11_25, IntNode.valueOf(1), "tools/call", params("{}"), Outbox.DISCARD));
        assertEquals(McpError.INVALID_PARAMS, e.code());
    }

    private static ObjectNode params(String json) {
        try {
            return (ObjectNode) JsonRpc.JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
