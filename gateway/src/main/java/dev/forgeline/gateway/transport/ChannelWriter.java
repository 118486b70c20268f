package dev.forgeline.gateway.transport;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * Writes on a non-blocking channel, for a worker. {@link #tryWrite} never waits (the reactor finishes
 * what is left of a complete response). {@link #write}, for a response still being produced (an SSE
 * stream), waits when the socket buffer is full, on a selector of its own (one per thread, so the
 * reactor's is never touched), for at most the response timeout without progress.
 */
final class ChannelWriter {
    private static final ThreadLocal<Selector> SELECTORS = ThreadLocal.withInitial(() -> {
        try {
            return Selector.open();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    });

    private final SocketChannel channel;
    private final long timeoutNanos;
    private boolean noDelay;

    /** {@code noDelay}: TCP_NODELAY is set already; if not, a streamed answer sets it before its first write. */
    ChannelWriter(SocketChannel channel, Duration timeout, boolean noDelay) {
        this.channel = channel;
        this.timeoutNanos = timeout.toNanos();
        this.noDelay = noDelay;
    }

    /** Writes what the socket takes now, without waiting; returns the rest, or null when all is written. */
    ByteBuffer tryWrite(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.write(buffer) == 0) {
                return buffer;
            }
        }
        return null;
    }

    void write(ByteBuffer buffer) throws IOException {
        if (!noDelay) { // more writes follow this one: none may wait for the client's delayed ACK
            channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            noDelay = true;
        }
        long deadline = 0;
        while (buffer.hasRemaining()) {
            if (channel.write(buffer) > 0) {
                deadline = 0;
                continue;
            }
            long now = System.nanoTime();
            if (deadline == 0) {
                deadline = now + timeoutNanos;
            } else if (now - deadline >= 0) {
                throw new SocketTimeoutException("the client read nothing for " + timeoutNanos / 1_000_000 + " ms");
            }
            awaitWritable(Math.max(1, (deadline - now) / 1_000_000));
        }
    }

    private void awaitWritable(long millis) throws IOException {
        Selector selector = SELECTORS.get();
        SelectionKey key = channel.keyFor(selector);
        if (key == null || !key.isValid()) {
            selector.selectNow(); // flushes a cancelled key of an earlier channel
            key = channel.register(selector, SelectionKey.OP_WRITE);
        }
        try {
            selector.select(millis);
        } finally {
            selector.selectedKeys().clear();
        }
    }
}
