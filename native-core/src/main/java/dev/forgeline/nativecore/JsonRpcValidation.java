package dev.forgeline.nativecore;

import java.util.List;

/**
 * The native core's verdict on a JSON-RPC 2.0 payload.
 *
 * <p>When {@link #ok()} is false the whole payload was rejected ({@link #code()} is -32700 for a
 * parse error or -32600 for an invalid request such as an empty batch) and there are no messages.
 * Otherwise {@link #messages()} holds one entry per message, in order; an entry may still be
 * {@link Kind#INVALID} inside a batch.
 */
public record JsonRpcValidation(boolean ok, boolean batch, int code, String message, List<Message> messages) {

    public enum Kind { REQUEST, NOTIFICATION, RESPONSE, INVALID }

    /**
     * One message: {@code idJson} is the id exactly as JSON text ({@code "1"}, {@code "\"abc\""}) or
     * null when absent or unrecoverable; {@code code}/{@code error} are set only for INVALID.
     */
    public record Message(Kind kind, String idJson, String method, int code, String error) {}

    public JsonRpcValidation {
        messages = List.copyOf(messages);
    }
}
