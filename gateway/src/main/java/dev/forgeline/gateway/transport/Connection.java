package dev.forgeline.gateway.transport;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One client connection and where its current request stands. The reactor thread owns it in every
 * phase but {@link Phase#DISPATCHED}, when one worker does; ownership passes through the worker
 * queue and the reactor's hand-back queue, which order the memory effects.
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
    final InetSocketAddress remote;
    final InetSocketAddress local;
    SelectionKey key;
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

    Connection(SocketChannel channel, InetSocketAddress remote, InetSocketAddress local) {
        this.channel = channel;
        this.remote = remote;
        this.local = local;
    }

    boolean reading() {
        return phase == Phase.IDLE || phase == Phase.REQUEST_LINE || phase == Phase.HEADERS || phase == Phase.BODY;
    }
}
