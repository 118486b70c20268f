package dev.forgeline.gateway.mcp;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ModernRequestCheckTest {

    @Test
    void decode_base64Sentinel_givesUtf8Text() {
        assertEquals("Hello, 世界", ModernRequestCheck.decode("=?base64?SGVsbG8sIOS4lueVjA==?="));
        assertEquals("plain", ModernRequestCheck.decode("plain"));
    }

    @Test
    void decode_brokenBase64_isHeaderMismatch() {
        McpError e = assertThrows(McpError.class, () -> ModernRequestCheck.decode("=?base64?***?="));
        assertEquals(McpError.HEADER_MISMATCH, e.code());
    }

    @Test
    void check_consistentRequest_passes() throws IOException {
        assertDoesNotThrow(() -> ModernRequestCheck.check(headers("tools/call", "echo"), ProtocolRevision.V2026_07_28,
                "tools/call", params("{\"name\":\"echo\",\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                        + "\"io.modelcontextprotocol/clientCapabilities\":{}}}")));
    }

    @Test
    void check_headerWithControlCharacter_isHeaderMismatch() {
        Headers headers = headers("tools/call", "ec\u0001ho");
        McpError e = assertThrows(McpError.class, () -> ModernRequestCheck.check(headers, ProtocolRevision.V2026_07_28,
                "tools/call", params("{\"name\":\"echo\"}")));
        assertEquals(McpError.HEADER_MISMATCH, e.code());
        assertEquals(400, e.httpStatus());
    }

    @Test
    void check_mcpNameOfOtherTool_isHeaderMismatchNamingBoth() {
        McpError e = assertThrows(McpError.class, () -> ModernRequestCheck.check(headers("tools/call", "foo"),
                ProtocolRevision.V2026_07_28, "tools/call", params("{\"name\":\"bar\"}")));
        assertEquals("Header mismatch: Mcp-Name header value 'foo' does not match body value 'bar'", e.getMessage());
    }

    private static Headers headers(String method, String name) {
        Headers headers = new Headers();
        headers.add("Mcp-Method", method);
        headers.add("Mcp-Name", name);
        return headers;
    }

    private static ObjectNode params(String json) {
        try {
            return (ObjectNode) JsonRpc.JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
