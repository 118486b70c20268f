package dev.forgeline.gateway.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One MCP tool: its definition as listed by tools/list, and its execution. */
public interface Tool {
    String name();

    /** The Tool object for tools/list: name, title, description, inputSchema. */
    ObjectNode definition();

    /**
     * Runs the tool. Arguments that do not match the input schema are a tool execution error
     * ({@link ToolResult#error}), as the specification asks, so the model can correct them.
     */
    ToolResult call(ObjectNode arguments, ProgressReporter progress);
}
