package dev.forgeline.gateway.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EchoToolTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final EchoTool echo = new EchoTool();

    @Test
    void call_withMessage_returnsItAsText() {
        ToolResult result = echo.call(JSON.createObjectNode().put("message", "hello"), ProgressReporter.NONE);
        assertEquals(List.of("hello"), result.texts());
        assertFalse(result.isError());
    }

    @Test
    void call_reportsProgress() {
        List<Double> reported = new ArrayList<>();
        echo.call(JSON.createObjectNode().put("message", "x"), (progress, total, message) -> reported.add(progress));
        assertEquals(List.of(1.0), reported);
    }

    @Test
    void call_withoutMessage_isToolExecutionError() {
        ToolResult result = echo.call(JSON.createObjectNode(), ProgressReporter.NONE);
        assertTrue(result.isError());
        assertTrue(result.texts().get(0).contains("'message' is required"));
    }

    @Test
    void call_withNonStringMessage_isToolExecutionErrorNamingTheType() {
        ObjectNode args = JSON.createObjectNode();
        args.putArray("message");
        ToolResult result = echo.call(args, ProgressReporter.NONE);
        assertTrue(result.isError());
        assertTrue(result.texts().get(0).contains("(got array)"), result.texts().get(0));
    }

    @Test
    void definition_requiresAStringMessage() {
        ObjectNode definition = echo.definition();
        assertEquals("echo", definition.get("name").asText());
        assertEquals("string", definition.at("/inputSchema/properties/message/type").asText());
        assertEquals("message", definition.at("/inputSchema/required/0").asText());
    }
}
