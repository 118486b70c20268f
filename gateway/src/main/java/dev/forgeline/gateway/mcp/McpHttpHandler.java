package dev.forgeline.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.forgeline.gateway.http.AcceptHeader;
import dev.forgeline.gateway.http.HttpResponses;
import dev.forgeline.gateway.http.RecentVerdicts;
import dev.forgeline.gateway.transport.InMemoryBody;
import dev.forgeline.nativecore.JsonRpcValidation;
import dev.forgeline.nativecore.NativeCore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The MCP endpoint of the Streamable HTTP transport, dual-era (see {@link ProtocolRevision}).
 *
 * <p>POST: the body is checked by the native core (size, depth, strict JSON-RPC 2.0) before
 * anything else reads it. Then the era is chosen: {@code initialize} opens a legacy session; a
 * modern {@code MCP-Protocol-Version} header means a stateless 2026-07-28 request; anything else
 * belongs to a legacy session named by {@code Mcp-Session-Id}. A request whose response may be
 * preceded by notifications (subscriptions/listen, tools/call with a progress token) is answered
 * with an SSE stream, everything else with one JSON object (Streamable HTTP allows either);
 * notifications and responses alone get 202.
 *
 * <p>GET: 405. 2026-07-28 removed the GET stream and says to answer it so; legacy revisions allow
 * 405 too, and this server never sends server-initiated messages that would need it.
 * DELETE: ends a legacy session.
 */
public final class McpHttpHandler implements HttpHandler {
    public static final String PATH = "/mcp";
    static final String SESSION_HEADER = "Mcp-Session-Id";
    static final String VERSION_HEADER = "MCP-Protocol-Version";

    private static final System.Logger LOG = System.getLogger(McpHttpHandler.class.getName());

    /** Limits on what a POST body may be; the native core enforces both. */
    public record Limits(int maxBodyBytes, int maxDepth) {
        public Limits {
            if (maxBodyBytes < 1 || maxDepth < 1) {
                throw new IllegalArgumentException("limits must be positive: " + maxBodyBytes + ", " + maxDepth);
            }
        }
    }

    private final NativeCore core;
    private final JsonRpcDispatcher dispatcher;
    private final SessionRegistry sessions;
    private final Limits limits;

    public McpHttpHandler(NativeCore core, JsonRpcDispatcher dispatcher, SessionRegistry sessions, Limits limits) {
        this.core = core;
        this.dispatcher = dispatcher;
        this.sessions = sessions;
        this.limits = limits;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                HttpResponses.empty(exchange, 404);
                return;
            }
            switch (exchange.getRequestMethod()) {
                case "POST" -> post(exchange);
                case "DELETE" -> delete(exchange);
                default -> {
                    exchange.getResponseHeaders().set("Allow", "POST, DELETE");
                    reply(exchange, null, new McpError(McpError.INVALID_REQUEST,
                            "Method Not Allowed: this endpoint takes POST (and DELETE to end a legacy session)", 405));
                }
            }
        } catch (McpError e) {
            if (exchange.getResponseCode() == -1) {
                reply(exchange, null, e);
            }
        } catch (UncheckedIOException e) {
            LOG.log(System.Logger.Level.DEBUG, "client went away", e);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "MCP request failed", e);
            if (exchange.getResponseCode() == -1) {
                reply(exchange, null, new McpError(McpError.INTERNAL_ERROR, "Internal error", 500));
            }
        } finally {
            exchange.close();
        }
    }

    private void post(HttpExchange exchange) throws IOException {
        Headers headers = exchange.getRequestHeaders();
        if (!acceptsBoth(headers.get("Accept"))) {
            throw new McpError(McpError.INVALID_REQUEST,
                    "Not Acceptable: the Accept header must list both application/json and text/event-stream", 406);
        }
        if (!isJson(headers.getFirst("Content-Type"))) {
            throw new McpError(McpError.INVALID_REQUEST, "Unsupported Media Type: Content-Type must be application/json", 415);
        }
        byte[] body = readBody(exchange);
        JsonRpcValidation validation = core.validateJsonRpc(body, limits.maxBodyBytes(), limits.maxDepth());
        if (!validation.ok()) {
            String prefix = validation.code() == McpError.PARSE_ERROR ? "Parse error: " : "Invalid Request: ";
            throw new McpError(validation.code(), prefix + validation.message(), 400);
        }
        JsonNode root = JsonRpc.parseValidated(body);
        List<JsonNode> nodes = new ArrayList<>();
        if (validation.batch()) {
            root.forEach(nodes::add);
        } else {
            nodes.add(root);
        }
        List<JsonRpcValidation.Message> messages = validation.messages();

        if (!validation.batch() && messages.get(0).kind() == JsonRpcValidation.Kind.REQUEST
                && "initialize".equals(messages.get(0).method())) {
            initialize(exchange, nodes.get(0));
            return;
        }
        Context context = context(headers);
        if (validation.batch() && !context.revision().allowsBatching()) {
            throw McpError.invalidRequest("Invalid Request: JSON-RPC batching is not supported in protocol revision "
                    + context.revision().version() + " (only 2025-03-26 allowed it); send one message per POST");
        }
        if (validation.batch()) {
            answerBatch(exchange, context, messages, nodes);
        } else {
            answerSingle(exchange, context, messages.get(0), nodes.get(0));
        }
    }

    /** Accept header values seen last (the one header of a request) and whether each accepts both types. */
    private final RecentVerdicts acceptValues = new RecentVerdicts(8, value -> acceptsBoth(AcceptHeader.parse(List.of(value))));

    private boolean acceptsBoth(List<String> acceptHeaders) {
        if (acceptHeaders != null && acceptHeaders.size() == 1) {
            return acceptValues.test(acceptHeaders.get(0));
        }
        return acceptsBoth(AcceptHeader.parse(acceptHeaders));
    }

    private static boolean acceptsBoth(AcceptHeader accept) {
        return accept.accepts("application/json") && accept.accepts("text/event-stream");
    }

    /** A Content-Type whose media type (before any ';', without surrounding white space) is application/json. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        int to = semi < 0 ? contentType.length() : semi;
        int from = 0;
        while (from < to && contentType.charAt(from) <= ' ') { // what String.trim removes
            from++;
        }
        while (to > from && contentType.charAt(to - 1) <= ' ') {
            to--;
        }
        String json = "application/json";
        return to - from == json.length() && contentType.regionMatches(true, from, json, 0, json.length());
    }

    /** Which revision a (non-initialize) request speaks, and its legacy session if it has one. */
    private record Context(ProtocolRevision revision, Session session) {}

    private Context context(Headers headers) {
        String versionHeader = headers.getFirst(VERSION_HEADER);
        ProtocolRevision headerRevision = null;
        if (versionHeader != null) {
            headerRevision = ProtocolRevision.of(versionHeader.trim()).orElseThrow(() -> unsupportedVersion(versionHeader));
            if (headerRevision.modern()) {
                // 2026-07-28 has no sessions: an Mcp-Session-Id from an older habit is ignored.
                return new Context(headerRevision, null);
            }
        }
        String sessionId = headers.getFirst(SESSION_HEADER);
        if (sessionId == null) {
            throw new McpError(McpError.INVALID_REQUEST, "Bad Request: " + SESSION_HEADER
                    + " header is required; send initialize first, or use protocol " + ProtocolRevision.LATEST.version()
                    + " with per-request _meta", 400);
        }
        Session session = sessions.find(sessionId).orElseThrow(() -> new McpError(McpError.INVALID_REQUEST,
                "Session not found: it was terminated or has expired; send initialize to start a new one", 404));
        if (headerRevision != null && headerRevision != session.revision()) {
            throw McpError.invalidRequest("Bad Request: " + VERSION_HEADER + " " + headerRevision.version()
                    + " does not match the version negotiated for this session, " + session.revision().version());
        }
        return new Context(session.revision(), session);
    }

    private void initialize(HttpExchange exchange, JsonNode request) throws IOException {
        JsonNode id = request.get("id");
        if (!validId(id)) {
            reply(exchange, null, nullId());
            return;
        }
        JsonRpcDispatcher.Handshake handshake;
        try {
            handshake = dispatcher.initialize(request.get("params"));
        } catch (McpError e) {
            reply(exchange, id, e.withHttpStatus(400));
            return;
        }
        Session session;
        try {
            session = sessions.create(handshake.revision(), handshake.clientName());
        } catch (SessionRegistry.SessionLimitException e) {
            reply(exchange, id, new McpError(McpError.INTERNAL_ERROR, e.getMessage(), 503));
            return;
        }
        exchange.getResponseHeaders().set(SESSION_HEADER, session.id());
        HttpResponses.json(exchange, 200, JsonRpc.result(id, handshake.result()));
    }

    private void answerSingle(HttpExchange exchange, Context context, JsonRpcValidation.Message message, JsonNode node)
            throws IOException {
        switch (message.kind()) {
            case INVALID -> reply(exchange, recoveredId(message), invalid(message));
            case RESPONSE -> {
                if (context.revision().modern()) {
                    throw McpError.invalidRequest("Invalid Request: clients send no JSON-RPC responses in protocol "
                            + context.revision().version());
                }
                HttpResponses.empty(exchange, 202); // this server sends no requests, so nothing awaits it
            }
            case NOTIFICATION -> {
                notification(context, message.method());
                HttpResponses.empty(exchange, 202);
            }
            case REQUEST -> request(exchange, context, node);
        }
    }

    private void request(HttpExchange exchange, Context context, JsonNode request) throws IOException {
        JsonNode id = request.get("id");
        if (!validId(id)) {
            reply(exchange, null, nullId());
            return;
        }
        String method = request.get("method").textValue();
        JsonNode params = request.get("params");
        if (context.revision().modern()) {
            try {
                ModernRequestCheck.check(exchange.getRequestHeaders(), context.revision(), method, params);
            } catch (McpError e) {
                reply(exchange, id, e);
                return;
            }
        }
        if (!dispatcher.streams(method, params)) {
            ObjectNode response;
            int status = 200;
            try {
                response = JsonRpc.result(id, dispatcher.dispatch(context.revision(), id, method, params, Outbox.DISCARD));
            } catch (McpError e) {
                response = JsonRpc.error(id, e);
                status = statusFor(context, e);
            }
            HttpResponses.json(exchange, status, response);
            return;
        }
        try (SseStream stream = SseStream.open(exchange, core)) {
            ObjectNode response;
            try {
                response = JsonRpc.result(id, dispatcher.dispatch(context.revision(), id, method, params, stream::send));
            } catch (McpError e) {
                response = JsonRpc.error(id, e);
            } catch (UncheckedIOException e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, method + " failed", e);
                response = JsonRpc.error(id, new McpError(McpError.INTERNAL_ERROR, "Internal error", 500));
            }
            stream.send(response);
        }
    }

    /**
     * A 2025-03-26 batch: requests are answered in one JSON array (no streaming, so results stay in
     * request order); notifications and responses contribute nothing; if nothing needs an answer, 202.
     */
    private void answerBatch(HttpExchange exchange, Context context, List<JsonRpcValidation.Message> messages,
            List<JsonNode> nodes) throws IOException {
        ArrayNode responses = JsonRpc.JSON.createArrayNode();
        for (int i = 0; i < messages.size(); i++) {
            JsonRpcValidation.Message message = messages.get(i);
            JsonNode node = nodes.get(i);
            JsonNode id = node.isObject() ? node.get("id") : null;
            switch (message.kind()) {
                case INVALID -> responses.add(JsonRpc.error(recoveredId(message), invalid(message)));
                case NOTIFICATION -> notification(context, message.method());
                case RESPONSE -> { }
                case REQUEST -> {
                    String method = message.method();
                    try {
                        if (!validId(id)) {
                            throw nullId();
                        }
                        if ("initialize".equals(method)) {
                            throw McpError.invalidRequest("initialize must not be part of a JSON-RPC batch");
                        }
                        responses.add(JsonRpc.result(id,
                                dispatcher.dispatch(context.revision(), id, method, node.get("params"), Outbox.DISCARD)));
                    } catch (McpError e) {
                        responses.add(JsonRpc.error(id, e));
                    }
                }
            }
        }
        if (responses.isEmpty()) {
            HttpResponses.empty(exchange, 202);
        } else {
            HttpResponses.json(exchange, 200, responses);
        }
    }

    /** JSON-RPC allows a null id; MCP does not ("MUST NOT be null"): ids are strings or numbers. */
    private static boolean validId(JsonNode id) {
        return id != null && (id.isTextual() || id.isNumber());
    }

    private static McpError nullId() {
        return McpError.invalidRequest("Invalid Request: a request id must be a string or a number, not null");
    }

    /** The id the native core recovered from an invalid message, if it is one a response may carry. */
    private static JsonNode recoveredId(JsonRpcValidation.Message message) {
        if (message.idJson() == null) {
            return null;
        }
        JsonNode id = JsonRpc.parseValidated(message.idJson().getBytes(StandardCharsets.UTF_8));
        return id.isTextual() || id.isIntegralNumber() ? id : null;
    }

    private static McpError invalid(JsonRpcValidation.Message message) {
        int code = message.code() == 0 ? McpError.INVALID_REQUEST : message.code();
        return new McpError(code, "Invalid Request: " + (message.error() == null ? "not a JSON-RPC 2.0 message" : message.error()), 400);
    }

    private static void notification(Context context, String method) {
        if (context.session() != null && "notifications/initialized".equals(method)) {
            context.session().markInitialized();
        }
        // Anything else (e.g. notifications/cancelled) needs no action: every request here finishes at once.
    }

    private void delete(HttpExchange exchange) throws IOException {
        String sessionId = exchange.getRequestHeaders().getFirst(SESSION_HEADER);
        if (sessionId == null) {
            throw McpError.invalidRequest("Bad Request: DELETE needs the " + SESSION_HEADER + " header of the session to end");
        }
        if (!sessions.terminate(sessionId)) {
            throw new McpError(McpError.INVALID_REQUEST, "Session not found", 404);
        }
        HttpResponses.empty(exchange, 204);
    }

    /**
     * Legacy clients treat any non-2xx as a transport failure and never read the JSON-RPC error, so
     * errors about a request's content go back with 200 there; 2026-07-28 gives them real statuses.
     */
    private static int statusFor(Context context, McpError e) {
        return context.revision().modern() ? e.httpStatus() : 200;
    }

    private static McpError unsupportedVersion(String requested) {
        ObjectNode data = JsonRpc.JSON.createObjectNode();
        ArrayNode supported = data.putArray("supported");
        ProtocolRevision.supportedVersions().forEach(supported::add);
        data.put("requested", requested);
        return new McpError(McpError.UNSUPPORTED_PROTOCOL_VERSION, "Unsupported protocol version", data, 400);
    }

    /**
     * Reads at most maxBodyBytes; anything longer is refused with 413 before the native core sees it.
     * A moderately oversized body is still read to its end (and thrown away) before the answer, so the
     * client has finished sending when the 413 arrives: replying mid-upload makes the connection reset,
     * and the client loses the answer. Beyond {@link #DRAIN_LIMIT} the connection is simply closed.
     */
    private byte[] readBody(HttpExchange exchange) throws IOException {
        int max = limits.maxBodyBytes();
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        long declared = -1;
        if (length != null) {
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw McpError.invalidRequest("Bad Request: invalid Content-Length");
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            if (in instanceof InMemoryBody whole) { // read already, within the transport's bounds: taken as it is
                byte[] body = whole.remainingBytes();
                if (body.length > max) {
                    throw tooLarge();
                }
                return body;
            }
            if (declared > max) {
                drain(in, exchange);
                throw tooLarge();
            }
            // A declared length is read into an array of that size (no growing copies); a chunked body up to the bound.
            byte[] body = declared >= 0 ? declaredBody(in, (int) declared, max) : in.readNBytes(max + 1);
            if (body.length > max) {
                drain(in, exchange);
                throw tooLarge();
            }
            return body;
        }
    }

    /**
     * The body when it declares its {@code length}: read into an array of that size. Should the stream hold more than
     * declared, what follows is read as before, up to {@code max} + 1 bytes in all.
     */
    private static byte[] declaredBody(InputStream in, int length, int max) throws IOException {
        byte[] body = new byte[length];
        int n = in.readNBytes(body, 0, length);
        if (n < length) {
            return java.util.Arrays.copyOf(body, n);
        }
        byte[] rest = in.readNBytes(max + 1 - length);
        if (rest.length == 0) {
            return body;
        }
        byte[] all = java.util.Arrays.copyOf(body, length + rest.length);
        System.arraycopy(rest, 0, all, length, rest.length);
        return all;
    }

    private static final long DRAIN_LIMIT = 16L << 20;

    private static void drain(InputStream in, HttpExchange exchange) throws IOException {
        long skipped = 0;
        byte[] buffer = new byte[64 * 1024];
        int n;
        while (skipped <= DRAIN_LIMIT && (n = in.read(buffer)) > 0) {
            skipped += n;
        }
        if (skipped > DRAIN_LIMIT) {
            exchange.getResponseHeaders().set("Connection", "close");
        }
    }

    private McpError tooLarge() {
        return new McpError(McpError.INVALID_REQUEST, String.format(Locale.ROOT,
                "Payload Too Large: the request body exceeds %d bytes", limits.maxBodyBytes()), 413);
    }

    private static void reply(HttpExchange exchange, JsonNode id, McpError error) throws IOException {
        HttpResponses.json(exchange, error.httpStatus(), JsonRpc.error(id, error));
    }
}
