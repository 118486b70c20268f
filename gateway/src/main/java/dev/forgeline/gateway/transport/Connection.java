package dev.forgeline.gateway.transport;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client connection and where its current request stands. The reactor thread owns it in every
 * phase but {@link Phase#DISPATCHED}, when one worker does; ownership passes to the worker through
 * the worker queue, and back through {@link #handoff} (or the reactor's hand-back queue), which
 * order the memory effects.
 */
final class Connection {
    enum Phase {
        /** Kept alive, waiting for the first byte of the next request. */
        IDLE,
        REQUEST_LINE,
        HEADERS,
        BODY,
        /** A worker is running the exchange and writing the response. */
        DISPATCHED,
        /** The reactor is writing the end of a response the socket did not take at once. */
        WRITING,
        /** An error response was sent; what the client still sends is read and dropped until it stops. */
        LINGER,
        CLOSED
    }

    final SocketChannel channel;
    /** Null until the connection is registered with the reactor's selector (some never are: see {@link Reactor}). */
    SelectionKey key;
    /** TCP_NODELAY is set (by the reactor at dispatch, or by a worker before a streamed answer's first write). */
    volatile boolean noDelay;
    Phase phase;
    long deadline;
    HeadReader head;
    RequestHead request;
    BodyReader body;
    /** Bytes read past the current request (a pipelined next request), kept for after the response. */
    ByteBuffer pending;
    /** The end of a response still to be written (phase WRITING), and whether to keep the connection after it. */
    ByteBuffer unsent;
    long unsentReserved;
    boolean keepAfterWrite;

    /** {@link #handoff}: a worker runs the exchange; the connection stays registered for reads. */
    static final int RUNNING = 0;
    /** The worker answered and the connection is kept: the reactor takes the next request as it comes. */
    static final int WORKER_DONE = 1;
    /** The reactor saw the client send (or close) during the exchange: the worker must hand back. */
    static final int READ_PAUSED = 2;
    /** The worker answered and closed the connection (and took it off the open count). */
    static final int WORKER_CLOSED = 3;
    /** The reactor closed the connection during the exchange (stopping, or a failure). */
    static final int REACTOR_CLOSED = 4;

    /**
     * Who moves a dispatched connection on: the first of the worker (its exchange done) and the reactor
     * (the socket readable, or closing) to claim it. A worker that wins needs no reactor wake-up, which
     * saves a thread switch on every request.
     */
    final AtomicInteger handoff = new AtomicInteger(RUNNING);
    /** When the worker finished a kept exchange (written before {@link #WORKER_DONE}): the idle deadline's start. */
    volatile long idleSince;
    /** Set at dispatch: bytes of a next request are already read, so the reactor must be woken after the exchange. */
    boolean handBackRequired;

    Connection(SocketChannel channel) {
        this.channel = channel;
    }

    /** The client's address, asked of the channel only when a handler wants it (null once closed). */
    InetSocketAddress remote() {
        try {
            return (InetSocketAddress) channel.getRemoteAddress();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** This end's address, likewise on demand. */
    InetSocketAddress local() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    boolean reading() {
        return phase == Phase.IDLE || phase == Phase.REQUEST_LINE || phase == Phase.HEADERS || phase == Phase.BODY;
    }
}
