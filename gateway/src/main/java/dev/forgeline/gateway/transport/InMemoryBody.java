package dev.forgeline.gateway.transport;

import java.io.ByteArrayInputStream;
import java.util.Arrays;

/**
 * A request body the transport has read whole (and counted against its memory budget): a stream for any
 * handler, and, for a handler that wants the bytes at once, the transport's own array without a copy. A second
 * copy of every body in flight is what made a small heap run out under large bodies.
 */
public final class InMemoryBody extends ByteArrayInputStream {
    InMemoryBody(byte[] bytes) {
        super(bytes);
    }

    /** What is left unread, as one array (the transport's own when nothing was read yet); the stream is at its end after. */
    public synchronized byte[] remainingBytes() {
        byte[] rest = pos == 0 && count == buf.length ? buf : Arrays.copyOfRange(buf, pos, count);
        pos = count;
        return rest;
    }
}
