package dev.forgeline.gateway.transport;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads one request body (Content-Length or chunked) as it arrives. It keeps at most {@code keepLimit}
 * bytes, enough for the handler to see that a body is too large; the rest is read and dropped, so
 * the client has finished sending when the answer comes (an answer sent mid-upload is lost to a
 * connection reset). After {@code discardLimit} bytes in all it stops: {@link #overflowed()}.
 * Bytes after the body stay in the input buffer: they begin the next request.
 */
final class BodyReader {
    private enum Chunk { SIZE, DATA, DATA_END, TRAILER, DONE }

    private static final int MAX_CHUNK_LINE = 4096;

    private final boolean chunked;
    /** The Content-Length, or -1 for a chunked body. */
    private final long declaredLength;
    private final int keepLimit;
    private final long discardLimit;
    private final BufferBudget budget;
    private byte[] kept = new byte[0];
    private int keptLength;
    private long seen;
    private long remaining; // of the body (fixed) or of the current chunk
    private Chunk chunk = Chunk.SIZE;
    private final StringBuilder line = new StringBuilder();
    private boolean overflowed;
    private final java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();

    BodyReader(long contentLength, boolean chunked, int keepLimit, long discardLimit, BufferBudget budget) {
        this.chunked = chunked;
        this.keepLimit = keepLimit;
        this.discardLimit = discardLimit;
        this.budget = budget;
        this.remaining = chunked ? 0 : contentLength;
        this.declaredLength = chunked ? -1 : contentLength;
        if (chunked) {
            chunk = Chunk.SIZE;
        } else if (contentLength == 0) {
            chunk = Chunk.DONE;
        }
    }

    boolean complete() {
        return chunk == Chunk.DONE || overflowed;
    }

    /** More than the discard limit was sent: the handler gets what was kept, and the connection closes after. */
    boolean overflowed() {
        return overflowed;
    }

    byte[] body() {
        return keptLength == kept.length ? kept : Arrays.copyOf(kept, keptLength);
    }

    int keptBytes() {
        return kept.length;
    }

    /** Gives this body's reservation back to the budget, once, whichever thread (reactor or worker) asks first. */
    void release() {
        if (released.compareAndSet(false, true)) {
            budget.release(kept.length);
        }
    }

    /**
     * Consumes body bytes from {@code in}.
     *
     * @throws BadRequestException for a malformed chunked body
     * @throws BufferBudget.Exhausted when keeping the bytes would exceed what all connections may hold
     */
    void feed(ByteBuffer in) throws BadRequestException, BufferBudget.Exhausted {
        while (in.hasRemaining() && !complete()) {
            if (!chunked) {
                data(in);
                if (remaining == 0) {
                    chunk = Chunk.DONE;
                }
                continue;
            }
            switch (chunk) {
                case SIZE -> {
                    String size = line(in);
                    if (size != null) {
                        remaining = chunkSize(size);
                        chunk = remaining == 0 ? Chunk.TRAILER : Chunk.DATA;
                    }
                }
                case DATA -> {
                    data(in);
                    if (remaining == 0) {
                        chunk = Chunk.DATA_END;
                    }
                }
                case DATA_END -> {
                    String end = line(in);
                    if (end != null) {
                        if (!end.isEmpty()) {
                            throw new BadRequestException(400, "Bad Request: chunk data longer than its size");
                        }
                        chunk = Chunk.SIZE;
                    }
                }
                case TRAILER -> {
                    String trailer = line(in);
                    if (trailer != null && trailer.isEmpty()) {
                        chunk = Chunk.DONE;
                    }
                }
                case DONE -> { }
            }
        }
    }

    private void data(ByteBuffer in) throws BufferBudget.Exhausted {
        int n = (int) Math.min(remaining, in.remaining());
        int keep = Math.max(0, Math.min(n, keepLimit - keptLength));
        if (keep > 0) {
            ensure(keptLength + keep);
            in.get(kept, keptLength, keep);
            keptLength += keep;
        }
        in.position(in.position() + (n - keep));
        remaining -= n;
        seen += n;
        if (seen > discardLimit && remaining > 0) {
            overflowed = true;
        }
    }

    private void ensure(int capacity) throws BufferBudget.Exhausted {
        if (capacity <= kept.length) {
            return;
        }
        // Grows with what arrives (a declared length alone reserves nothing), never past the declared length, so a
        // complete fixed-length body fills its array exactly and goes to the handler without another copy.
        int bound = declaredLength >= 0 ? (int) Math.min(keepLimit, declaredLength) : keepLimit;
        int grown = Math.min(bound, Math.max(capacity, Math.max(1024, kept.length * 2)));
        budget.reserve(grown - kept.length);
        kept = Arrays.copyOf(kept, grown);
    }

    /** A CRLF-terminated line of the chunked framing, or null until it is complete. */
    private String line(ByteBuffer in) throws BadRequestException {
        while (in.hasRemaining()) {
            char c = (char) (in.get() & 0xff);
            if (c == '\n') {
                int len = line.length();
                String s = len > 0 && line.charAt(len - 1) == '\r' ? line.substring(0, len - 1) : line.toString();
                line.setLength(0);
                return s;
            }
            if (line.length() >= MAX_CHUNK_LINE) {
                throw new BadRequestException(400, "Bad Request: chunk size or trailer line too long");
            }
            line.append(c);
        }
        return null;
    }

    private static long chunkSize(String text) throws BadRequestException {
        int semi = text.indexOf(';');
        String hex = (semi < 0 ? text : text.substring(0, semi)).trim();
        if (hex.isEmpty() || hex.length() > 15) {
            throw new BadRequestException(400, "Bad Request: invalid chunk size");
        }
        try {
            return Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
            throw new BadRequestException(400, "Bad Request: invalid chunk size");
        }
    }
}
