package dev.forgeline.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Map;

/**
 * 2026-07-28 request metadata: the HTTP headers that mirror the body ({@code Mcp-Method},
 * {@code Mcp-Name}, {@code MCP-Protocol-Version}) must be present and agree with it, and
 * {@code params._meta} must carry the protocol version and client capabilities. Intermediaries
 * route on the headers while this server acts on the body, so a disagreement is refused outright.
 */
final class ModernRequestCheck {
    static final String PROTOCOL_VERSION_KEY = "io.modelcontextprotocol/protocolVersion";
    static final String CLIENT_CAPABILITIES_KEY = "io.modelcontextprotocol/clientCapabilities";

    /** Methods whose {@code Mcp-Name} header mirrors a params field. */
    private static final Map<String, String> NAME_SOURCES =
            Map.of("tools/call", "name", "prompts/get", "name", "resources/read", "uri");

    private static final String B64_PREFIX = "=?base64?";
    private static final String B64_SUFFIX = "?=";

    private ModernRequestCheck() {}

    /** Checks a request (not a notification); throws {@link McpError} naming the first failure. */
    static void check(Headers headers, ProtocolRevision headerRevision, String method, JsonNode params) {
        String mcpMethod = header(headers, "Mcp-Method");
        if (mcpMethod == null) {
            throw McpError.headerMismatch("required header Mcp-Method is missing");
        }
        if (!mcpMethod.equals(method)) {
            throw McpError.headerMismatch("Mcp-Method header value '" + mcpMethod
                    + "' does not match body value '" + method + "'");
        }
        String nameField = NAME_SOURCES.get(method);
        if (nameField != null) {
            String mcpName = header(headers, "Mcp-Name");
            if (mcpName == null) {
                throw McpError.headerMismatch("required header Mcp-Name is missing for " + method);
            }
            JsonNode bodyName = params == null ? null : params.get(nameField);
            String decoded = decode(mcpName);
            if (bodyName == null || !bodyName.isTextual() || !bodyName.textValue().equals(decoded)) {
                throw McpError.headerMismatch("Mcp-Name header value '" + mcpName + "' does not match body value '"
                        + (bodyName == null ? "" : bodyName.asText()) + "'");
            }
        }
        JsonNode meta = params == null ? null : params.get("_meta");
        if (meta == null || !meta.isObject()) {
            throw McpError.malformedMeta("params._meta is required in protocol " + headerRevision.version()
                    + " and must carry " + PROTOCOL_VERSION_KEY + " and " + CLIENT_CAPABILITIES_KEY);
        }
        JsonNode version = meta.get(PROTOCOL_VERSION_KEY);
        if (version == null || !version.isTextual()) {
            throw McpError.malformedMeta("params._meta." + PROTOCOL_VERSION_KEY + " is required and must be a string");
        }
        if (!meta.path(CLIENT_CAPABILITIES_KEY).isObject()) {
            throw McpError.malformedMeta("params._meta." + CLIENT_CAPABILITIES_KEY + " is required and must be an object");
        }
        if (!version.textValue().equals(headerRevision.version())) {
            throw McpError.headerMismatch("MCP-Protocol-Version header value '" + headerRevision.version()
                    + "' does not match body value '" + version.textValue() + "'");
        }
    }

    /** A header value, refusing characters outside visible ASCII, space and tab. */
    private static String header(Headers headers, String name) {
        String value = headers.getFirst(name);
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\t' && (c < 0x20 || c > 0x7E)) {
                throw McpError.headerMismatch(name + " header contains invalid characters");
            }
        }
        return value;
    }

    /** Undoes the {@code =?base64?...?=} sentinel encoding used for values that are not plain ASCII. */
    static String decode(String value) {
        if (!value.startsWith(B64_PREFIX) || !value.endsWith(B64_SUFFIX)
                || value.length() < B64_PREFIX.length() + B64_SUFFIX.length()) {
            return value;
        }
        String encoded = value.substring(B64_PREFIX.length(), value.length() - B64_SUFFIX.length());
        try {
            byte[] bytes = Base64.getDecoder().decode(encoded);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw McpError.headerMismatch("header value '" + value + "' is not valid base64-encoded UTF-8");
        }
    }
}
