package dev.forgeline.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A JSON-RPC error to send back, with the HTTP status the transport answers it with.
 *
 * <p>Thrown wherever a request is found wanting, so the check that failed names the code; the
 * transport turns it into a response and never has to guess a status from a code.
 */
public final class McpError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    // JSON-RPC 2.0.
    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;
    // MCP 2026-07-28, from the sub-range the specification reserves (-32020..-32099).
    public static final int HEADER_MISMATCH = -32020;
    public static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;

    private final int code;
    private final transient JsonNode data;
    private final int httpStatus;

    public McpError(int code, String message, JsonNode data, int httpStatus) {
        super(message, null, false, false);
        this.code = code;
        this.data = data;
        this.httpStatus = httpStatus;
    }

    public McpError(int code, String message, int httpStatus) {
        this(code, message, null, httpStatus);
    }

    public int code() {
        return code;
    }

    /** The error's {@code data} member, or null. */
    public JsonNode data() {
        return data;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public static McpError invalidRequest(String message) {
        return new McpError(INVALID_REQUEST, message, 400);
    }

    /**
     * Invalid params inside an otherwise well-formed request (unknown tool, arguments of the wrong
     * shape): the transport delivered it fine, so the status is 200 and the error is in the body.
     */
    public static McpError invalidParams(String message) {
        return new McpError(INVALID_PARAMS, message, 200);
    }

    /** A request missing its required {@code _meta} fields: 2026-07-28 makes this a 400. */
    public static McpError malformedMeta(String message) {
        return new McpError(INVALID_PARAMS, message, 400);
    }

    /** 2026-07-28 requires 404 for an unimplemented method, so a client can tell it from a legacy 404. */
    public static McpError methodNotFound(String method) {
        return new McpError(METHOD_NOT_FOUND, "Method not found: " + method, 404);
    }

    public static McpError headerMismatch(String message) {
        return new McpError(HEADER_MISMATCH, "Header mismatch: " + message, 400);
    }

    /** Same error, answered with another HTTP status (legacy sessions answer every dispatch error with 200). */
    public McpError withHttpStatus(int status) {
        return status == httpStatus ? this : new McpError(code, getMessage(), data, status);
    }
}
