package dev.forgeline.gateway.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code echo}: returns its {@code message} argument as one text content block. */
public final class EchoTool implements Tool {
    public static final String NAME = "echo";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ObjectNode definition() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode tool = f.objectNode();
        tool.put("name", NAME);
        tool.put("title", "Echo");
        tool.put("description", "Returns the given message unchanged.");
        ObjectNode schema = tool.putObject("inputSchema");
        schema.put("type", "object");
        ObjectNode message = schema.putObject("properties").putObject("message");
        message.put("type", "string");
        message.put("description", "The text to echo back.");
        schema.putArray("required").add("message");
        return tool;
    }

    @Override
    public ToolResult call(ObjectNode arguments, ProgressReporter progress) {
        JsonNode message = arguments.get("message");
        if (message == null || !message.isTextual()) {
            return ToolResult.error("Invalid arguments for tool echo: 'message' is required and must be a string"
                    + (message == null ? "" : " (got " + message.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ")"));
        }
        progress.report(1, 1.0, "echoed");
        return ToolResult.text(message.textValue());
    }
}
