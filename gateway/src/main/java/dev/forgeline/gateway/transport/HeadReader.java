package dev.forgeline.gateway.transport;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Collects one request head (request line and headers) from the bytes as they arrive, never holding
 * more than {@code maxBytes}. It only finds where the request line and the head end; parsing is
 * {@link RequestHead#parse}'s job. Bytes after the head stay in the input buffer for the body.
 */
final class HeadReader {
    enum State { EMPTY, REQUEST_LINE, HEADERS, COMPLETE, TOO_LARGE }

    private final int maxBytes;
    private byte[] buf = new byte[512];
    private int length;
    private int scanned;
    private int lineStart;
    private boolean requestLineSeen;
    private State state = State.EMPTY;

    HeadReader(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    State state() {
        return state;
    }

    /**
     * Takes bytes from {@code in} up to the end of the head (or the bound) and returns the new state;
     * what follows the head is left in {@code in}.
     */
    State feed(ByteBuffer in) {
        while (in.hasRemaining() && state != State.COMPLETE && state != State.TOO_LARGE) {
            if (length == maxBytes) {
                state = State.TOO_LARGE;
                break;
            }
            // Empty lines before the request line are ignored (RFC 9112, section 2.2).
            if (!requestLineSeen && length == lineStart) {
                byte b = in.get(in.position());
                if (b == '\r' || b == '\n') {
                    in.get();
                    continue;
                }
            }
            // In bulk: as much as may still be kept, then the new bytes scanned for line ends on the array.
            int n = Math.min(in.remaining(), maxBytes - length);
            if (length + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.min(maxBytes, Math.max(buf.length * 2, length + n)));
            }
            int from = length;
            int position = in.position();
            in.get(buf, from, n);
            if (state == State.EMPTY) {
                state = State.REQUEST_LINE;
            }
            int end = from + n;
            for (int i = from; i < end; i++) {
                if (buf[i] != '\n') {
                    continue;
                }
                int lineEnd = i > lineStart && buf[i - 1] == '\r' ? i - 1 : i;
                if (!requestLineSeen) {
                    requestLineSeen = true;
                    state = State.HEADERS;
                } else if (lineEnd == lineStart) {
                    state = State.COMPLETE;
                    end = i + 1;
                    in.position(position + (end - from)); // what follows the head stays for the body
                }
                lineStart = i + 1;
                if (state == State.COMPLETE) {
                    break;
                }
            }
            length = end;
        }
        scanned = length;
        return state;
    }

    /** The head's bytes, valid once {@link State#COMPLETE}. */
    byte[] bytes() {
        return buf;
    }

    int length() {
        return scanned;
    }

    boolean requestLineComplete() {
        return requestLineSeen;
    }
}
