package dev.forgeline.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgeline.gateway.GatewayVersion;
import dev.forgeline.gateway.tools.ProgressReporter;
import dev.forgeline.gateway.tools.Tool;
import dev.forgeline.gateway.tools.ToolRegistry;
import dev.forgeline.gateway.tools.ToolResult;
import java.util.Set;

/**
 * The MCP methods: turns one request's method and params into a result, or throws {@link McpError}.
 * Knows nothing of HTTP; the revision decides which methods exist and the shape of results.
 *
 * <p>Legacy revisions (2025-03-26 .. 2025-11-25): {@code initialize} (see {@link #initialize}),
 * {@code ping}, {@code tools/list}, {@code tools/call}. Modern 2026-07-28: {@code server/discover},
 * {@code tools/list}, {@code tools/call}, {@code subscriptions/listen}; {@code ping} and
 * {@code initialize} were removed there. Modern results carry {@code resultType} and the server's
 * identity in {@code _meta}, and cacheable ones carry {@code ttlMs}/{@code cacheScope}.
 */
public final class JsonRpcDispatcher {
    /** How long clients may cache tools/list and server/discover: the tool set is fixed for the process. */
    static final long CACHE_TTL_MS = 3_600_000L;

    private static final Set<String> STREAMED = Set.of("tools/call", "subscriptions/listen");

    private final GatewayVersion server;
    private final ToolRegistry tools;

    public JsonRpcDispatcher(GatewayVersion server, ToolRegistry tools) {
        this.server = server;
        this.tools = tools;
    }

    /** The outcome of a legacy {@code initialize}: the revision settled on and the InitializeResult. */
    public record Handshake(ProtocolRevision revision, String clientName, ObjectNode result) {}

    /**
     * Legacy version negotiation: the client's version when this server supports it as a legacy
     * revision, else the newest legacy revision (the client then decides whether it can go on).
     */
    public Handshake initialize(JsonNode params) {
        JsonNode requested = params == null ? null : params.get("protocolVersion");
        if (requested == null || !requested.isTextual()) {
            throw McpError.invalidParams("initialize needs params.protocolVersion, a string");
        }
        ProtocolRevision revision = ProtocolRevision.negotiateLegacy(requested.textValue());
        ObjectNode result = JsonRpc.JSON.createObjectNode();
        result.put("protocolVersion", revision.version());
        result.set("capabilities", capabilities());
        result.set("serverInfo", serverInfo());
        JsonNode clientName = params.path("clientInfo").path("name");
        return new Handshake(revision, clientName.isTextual() ? clientName.textValue() : null, result);
    }

    /**
     * True when notifications may precede the response, so it is worth an SSE stream:
     * subscriptions/listen always (its acknowledgement), tools/call only when the request carries a
     * {@code _meta.progressToken} (otherwise nothing but the response would be sent).
     */
    public boolean streams(String method, JsonNode params) {
        if (!STREAMED.contains(method)) {
            return false;
        }
        if (!method.equals("tools/call")) {
            return true;
        }
        JsonNode token = params == null ? null : params.path("_meta").path("progressToken");
        return token != null && (token.isTextual() || token.isIntegralNumber());
    }

    /**
     * Answers one request (never {@code initialize}, which needs a session: see {@link #initialize}).
     *
     * @param id the request's id, echoed by subscriptions/listen as its subscription id
     * @param outbox where notifications preceding the response go
     */
    public ObjectNode dispatch(ProtocolRevision revision, JsonNode id, String method, JsonNode params, Outbox outbox) {
        ObjectNode result = switch (method) {
            case "tools/list" -> listTools(params, revision);
            case "tools/call" -> callTool(params, outbox);
            case "ping" -> {
                requireLegacy(revision, method);
                yield JsonRpc.JSON.createObjectNode();
            }
            case "server/discover" -> {
                requireModern(revision, method);
                yield discover();
            }
            case "subscriptions/listen" -> {
                requireModern(revision, method);
                yield listen(id, params, outbox);
            }
            case "initialize" -> throw McpError.invalidRequest(revision.modern()
                    ? "initialize is not part of protocol " + revision.version()
                            + "; send per-request _meta, or use one of " + ProtocolRevision.supportedVersions()
                    : "initialize must be sent without an Mcp-Session-Id to start a new session");
            default -> throw McpError.methodNotFound(method);
        };
        return revision.modern() ? completeModern(result) : result;
    }

    private ObjectNode listTools(JsonNode params, ProtocolRevision revision) {
        JsonNode cursor = params == null ? null : params.get("cursor");
        if (cursor != null && !cursor.isNull()) {
            // Everything fits on the first page, so no cursor was ever handed out.
            throw McpError.invalidParams("Invalid cursor");
        }
        ObjectNode result = JsonRpc.JSON.createObjectNode();
        ArrayNode list = result.putArray("tools");
        tools.all().forEach(t -> list.add(t.definition()));
        if (revision.modern()) {
            cacheable(result);
        }
        return result;
    }

    private ObjectNode callTool(JsonNode params, Outbox outbox) {
        JsonNode name = params == null ? null : params.get("name");
        if (name == null || !name.isTextual()) {
            throw McpError.invalidParams("tools/call needs params.name, a string");
        }
        JsonNode arguments = params.get("arguments");
        if (arguments != null && !arguments.isNull() && !arguments.isObject()) {
            // Fails the CallToolRequest schema itself: a protocol error, not a tool execution error.
            throw McpError.invalidParams("Invalid arguments for tool " + name.textValue() + ": arguments must be an object");
        }
        Tool tool = tools.find(name.textValue())
                .orElseThrow(() -> McpError.invalidParams("Unknown tool: " + name.textValue()));
        ObjectNode args = arguments instanceof ObjectNode o ? o : JsonRpc.JSON.createObjectNode();
        ToolResult outcome = tool.call(args, progressReporter(params, outbox));
        ObjectNode result = JsonRpc.JSON.createObjectNode();
        ArrayNode content = result.putArray("content");
        for (String text : outcome.texts()) {
            content.addObject().put("type", "text").put("text", text);
        }
        if (outcome.isError()) {
            result.put("isError", true);
        }
        return result;
    }

    /**
     * This server never changes its tool list, so it honours none of the requested notification
     * types: it acknowledges an empty filter and then ends the subscription gracefully, rather than
     * holding a connection open that can never carry anything.
     */
    private ObjectNode listen(JsonNode id, JsonNode params, Outbox outbox) {
        if (params == null || !params.path("notifications").isObject()) {
            throw McpError.invalidParams("subscriptions/listen needs params.notifications, an object");
        }
        ObjectNode ackParams = JsonRpc.JSON.createObjectNode();
        ackParams.putObject("_meta").set("io.modelcontextprotocol/subscriptionId", id);
        ackParams.putObject("notifications");
        outbox.send(JsonRpc.notification("notifications/subscriptions/acknowledged", ackParams));
        ObjectNode result = JsonRpc.JSON.createObjectNode();
        result.putObject("_meta").set("io.modelcontextprotocol/subscriptionId", id);
        return result;
    }

    private ObjectNode discover() {
        ObjectNode result = JsonRpc.JSON.createObjectNode();
        ArrayNode versions = result.putArray("supportedVersions");
        ProtocolRevision.supportedVersions().forEach(versions::add);
        result.set("capabilities", capabilities());
        cacheable(result);
        return result;
    }

    private static ProgressReporter progressReporter(JsonNode params, Outbox outbox) {
        JsonNode token = params.path("_meta").path("progressToken");
        if (!token.isTextual() && !token.isIntegralNumber()) {
            return ProgressReporter.NONE;
        }
        return (progress, total, message) -> {
            ObjectNode p = JsonRpc.JSON.createObjectNode();
            p.set("progressToken", token);
            p.put("progress", progress);
            if (total != null) {
                p.put("total", total);
            }
            if (message != null) {
                p.put("message", message);
            }
            outbox.send(JsonRpc.notification("notifications/progress", p));
        };
    }

    private ObjectNode capabilities() {
        ObjectNode capabilities = JsonRpc.JSON.createObjectNode();
        capabilities.putObject("tools");
        return capabilities;
    }

    private ObjectNode serverInfo() {
        ObjectNode info = JsonRpc.JSON.createObjectNode();
        info.put("name", server.name());
        info.put("version", server.version());
        return info;
    }

    private static ObjectNode cacheable(ObjectNode result) {
        result.put("ttlMs", CACHE_TTL_MS);
        result.put("cacheScope", "public");
        return result;
    }

    /** 2026-07-28: every result says it is complete and names the server, since there is no handshake. */
    private ObjectNode completeModern(ObjectNode result) {
        ObjectNode out = JsonRpc.JSON.createObjectNode();
        out.put("resultType", "complete");
        out.setAll(result);
        ObjectNode meta = out.withObjectProperty("_meta");
        meta.set("io.modelcontextprotocol/serverInfo", serverInfo());
        return out;
    }

    private static void requireLegacy(ProtocolRevision revision, String method) {
        if (revision.modern()) {
            throw McpError.methodNotFound(method + " (removed in protocol " + revision.version() + ")");
        }
    }

    private static void requireModern(ProtocolRevision revision, String method) {
        if (!revision.modern()) {
            throw McpError.methodNotFound(method + " (not part of protocol " + revision.version() + ")");
        }
    }
}
