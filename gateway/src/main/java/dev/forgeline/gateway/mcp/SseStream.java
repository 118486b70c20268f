package dev.forgeline.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.forgeline.nativecore.NativeCore;
import dev.forgeline.nativecore.SseEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * One request's SSE response: each JSON-RPC message is one {@code message} event, framed by the
 * native core, and flushed at once so notifications arrive before the response they precede.
 *
 * <p>Events carry no {@code id}: 2026-07-28 removed resumption, and for legacy sessions this server
 * does not offer it (ids there exist only to resume), so there is nothing to prime.
 */
final class SseStream implements AutoCloseable {
    private final NativeCore core;
    private final OutputStream out;

    private SseStream(NativeCore core, OutputStream out) {
        this.core = core;
        this.out = out;
    }

    static SseStream open(HttpExchange exchange, NativeCore core) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "text/event-stream");
        headers.set("Cache-Control", "no-cache, no-transform");
        // Tells nginx-style proxies not to buffer, so each event reaches the client when written.
        headers.set("X-Accel-Buffering", "no");
        exchange.sendResponseHeaders(200, 0);
        return new SseStream(core, exchange.getResponseBody());
    }

    /** Sends one message; an {@link UncheckedIOException} means the client went away. */
    void send(JsonNode message) {
        try {
            out.write(core.encodeSseEvent(SseEvent.message(null, JsonRpc.text(message))));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
