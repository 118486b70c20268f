package dev.forgeline.gateway.transport;

import java.time.Duration;

/**
 * What the transport allows a client, phase by phase. Each timeout bounds one phase of a request:
 * <ul>
 *   <li>{@code requestLine}: from the connection's first byte (or its opening) to the end of the request line;</li>
 *   <li>{@code headers}: from the end of the request line to the blank line that ends the head;</li>
 *   <li>{@code body}: from the end of the head to the last byte of the body;</li>
 *   <li>{@code idle}: a kept-alive connection waiting for its next request;</li>
 *   <li>{@code response}: a response write that makes no progress (a client that stopped reading).</li>
 * </ul>
 * {@code maxHeaderBytes} bounds the whole head (request line and headers; more gets 431),
 * {@code maxBodyBytes} the body kept in memory (the rest is read and dropped, up to
 * {@code maxDiscardBytes}), {@code maxConnections} the open connections (more get 503), and
 * {@code maxBufferedBytes} the request bodies and unsent response ends held by all connections together.
 */
public record HttpLimits(
        Duration requestLine, Duration headers, Duration body, Duration idle, Duration response,
        int maxHeaderBytes, int maxBodyBytes, long maxDiscardBytes, int maxConnections, long maxBufferedBytes,
        int workers, int queue) {

    public static final Duration DEFAULT_REQUEST_LINE_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_HEADER_BYTES = 32 * 1024;
    public static final int DEFAULT_MAX_CONNECTIONS = 512;
    public static final long DEFAULT_MAX_DISCARD_BYTES = 16L << 20;
    /** A quarter of the heap, at most 128 MiB: request bodies may never take the heap. */
    public static final long DEFAULT_MAX_BUFFERED_BYTES = Math.min(128L << 20, Runtime.getRuntime().maxMemory() / 4);
    /**
     * Workers only run handlers over complete requests, and never wait on a slow client, so a few
     * per core suffice; more would take CPU from the one reactor thread that reads every request.
     */
    public static final int DEFAULT_WORKERS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    public static final int DEFAULT_QUEUE = 1024;

    public HttpLimits {
        for (Duration d : new Duration[] {requestLine, headers, body, idle, response}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive: " + d);
            }
        }
        if (maxHeaderBytes < 64 || maxBodyBytes < 1 || maxDiscardBytes < 0 || maxConnections < 1
                || maxBufferedBytes < maxHeaderBytes || workers < 1 || queue < 1) {
            throw new IllegalArgumentException("limits out of range: " + maxHeaderBytes + ", " + maxBodyBytes + ", "
                    + maxDiscardBytes + ", " + maxConnections + ", " + maxBufferedBytes + ", " + workers + ", " + queue);
        }
    }

    /** The defaults, with the body bound the MCP endpoint enforces. */
    public static HttpLimits defaults(int maxBodyBytes) {
        return new HttpLimits(DEFAULT_REQUEST_LINE_TIMEOUT, DEFAULT_HEADER_TIMEOUT, DEFAULT_BODY_TIMEOUT,
                DEFAULT_IDLE_TIMEOUT, DEFAULT_RESPONSE_TIMEOUT, DEFAULT_MAX_HEADER_BYTES, maxBodyBytes,
                DEFAULT_MAX_DISCARD_BYTES, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_BUFFERED_BYTES, DEFAULT_WORKERS,
                DEFAULT_QUEUE);
    }
}
