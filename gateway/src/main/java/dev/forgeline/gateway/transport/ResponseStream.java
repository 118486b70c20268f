package dev.forgeline.gateway.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A response body on its way to the client: fixed-length, chunked, or none. Bytes are buffered
 * with the head in front of them. A fixed-length body up to {@link #WHOLE} is kept whole and leaves
 * on {@link #close} in one write (one TCP segment for a small one, with TCP_NODELAY); what the socket
 * does not take at once is left in {@link #unsent} for the reactor, so a client that does not read
 * holds no worker. Streamed bodies are written on {@link #flush} or when the buffer fills.
 */
final class ResponseStream extends OutputStream {
    enum Mode { NONE, FIXED, CHUNKED }

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final int BUFFER = 16 * 1024;
    /** Fixed-length responses up to this size are buffered whole and finished by the reactor. */
    static final int WHOLE = 4 << 20;

    private final ChannelWriter writer;
    private byte[] buf;
    private int count;
    private Mode mode;
    private long length;
    private long written;
    private boolean discardBody;
    private boolean started;
    private boolean closed;
    private boolean broken;
    private boolean whole;
    private ByteBuffer unsent;

    ResponseStream(ChannelWriter writer) {
        this.writer = writer;
    }

    /** Starts the response with its head; {@code discardBody} is for HEAD requests. */
    void begin(byte[] head, Mode mode, long length, boolean discardBody) throws IOException {
        this.mode = mode;
        this.length = length;
        this.discardBody = discardBody;
        this.started = true;
        // Sized for what is coming: a small fixed-length response in one array, written at once.
        long wanted = head.length + (mode == Mode.FIXED && !discardBody ? length : mode == Mode.CHUNKED ? 1024 : 0);
        whole = mode != Mode.CHUNKED && wanted <= WHOLE;
        buf = new byte[(int) (whole ? wanted : Math.min(BUFFER, Math.max(wanted, 64)))];
        append(head, 0, head.length);
    }

    boolean started() {
        return started;
    }

    /** False when the body did not match its declared length or a write failed: the connection must close. */
    boolean intact() {
        return !broken && (mode != Mode.FIXED || written == length);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        check();
        if (len == 0) {
            return;
        }
        switch (mode) {
            case NONE -> throw new IOException("this response has no body (sendResponseHeaders was given -1)");
            case FIXED -> {
                if (written + len > length) {
                    broken = true;
                    throw new IOException("response body longer than its Content-Length " + length);
                }
                written += len;
                if (!discardBody) {
                    append(b, off, len);
                }
            }
            case CHUNKED -> {
                if (!discardBody) {
                    byte[] size = (Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
                    append(size, 0, size.length);
                    append(b, off, len);
                    append(CRLF, 0, 2);
                }
            }
        }
    }

    @Override
    public void flush() throws IOException {
        check();
        if (!whole) {
            drain();
        }
    }

    @Override
    public void close() throws IOException {
        if (closed || !started) {
            closed = true;
            return;
        }
        closed = true;
        if (mode == Mode.CHUNKED && !discardBody) {
            append(LAST_CHUNK, 0, LAST_CHUNK.length);
        }
        if (count > 0) {
            try {
                unsent = writer.tryWrite(ByteBuffer.wrap(buf, 0, count));
            } catch (IOException e) {
                broken = true;
                throw e;
            }
            count = 0;
        }
    }

    /** What the socket did not take when the response was closed: the reactor writes it. */
    ByteBuffer unsent() {
        return unsent;
    }

    private void check() throws IOException {
        if (!started) {
            throw new IOException("sendResponseHeaders must be called before the response body is written");
        }
        if (closed) {
            throw new IOException("the response body is closed");
        }
    }

    private void append(byte[] b, int off, int len) throws IOException {
        if (count + len > buf.length) {
            buf = java.util.Arrays.copyOf(buf, Math.max(Math.min(buf.length * 2, BUFFER), count + len));
        }
        System.arraycopy(b, off, buf, count, len);
        count += len;
        if (!whole && count >= BUFFER) {
            drain();
        }
    }

    private void drain() throws IOException {
        if (count == 0) {
            return;
        }
        try {
            writer.write(ByteBuffer.wrap(buf, 0, count));
        } catch (IOException e) {
            broken = true;
            throw e;
        } finally {
            count = 0;
        }
        if (buf.length > BUFFER) {
            buf = new byte[BUFFER];
        }
    }
}
