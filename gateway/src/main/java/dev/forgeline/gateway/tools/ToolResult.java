package dev.forgeline.gateway.tools;

import java.util.List;

/**
 * What a tool call produced: text content blocks, and whether it is a tool execution error
 * ({@code isError: true}), which the model sees and can correct, unlike a protocol error.
 */
public record ToolResult(List<String> texts, boolean isError) {
    public ToolResult {
        texts = List.copyOf(texts);
    }

    public static ToolResult text(String text) {
        return new ToolResult(List.of(text), false);
    }

    public static ToolResult error(String text) {
        return new ToolResult(List.of(text), true);
    }
}
