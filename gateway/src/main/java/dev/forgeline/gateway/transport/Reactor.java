package dev.forgeline.gateway.transport;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The one thread that accepts connections and reads every request head and body, without
 * blocking, each phase against its own deadline ({@link HttpLimits}). Only a complete request goes
 * to a worker, so a client that sends slowly, or stops, holds a few hundred bytes and no thread,
 * and is answered 408 when its phase times out. A worker ends its exchange with {@link #finished}:
 * a plain one (the answer written, nothing read ahead) needs no reactor wake-up, since the
 * connection stays registered for reads and the worker closes it itself when it is not kept.
 *
 * <p>A connection is registered with the selector only once it needs it: a request that came whole with
 * its connection and will not keep it (HTTP/1.0, {@code Connection: close}) goes to its worker unregistered,
 * and the worker's close is then one plain {@code close}: no epoll registration to add and remove, no
 * deferred close through the selector. TCP_NODELAY is set only where a second write may follow a first
 * (a kept connection, a streamed answer): a single answer followed by the close leaves at once anyway.
 */
final class Reactor implements Runnable {
    private static final System.Logger LOG = System.getLogger(Reactor.class.getName());
    private static final long TICK_MILLIS = 100;
    private static final long LINGER_NANOS = 2_000_000_000L;

    private record HandBack(Connection connection, boolean keepAlive, ByteBuffer unsent) {}

    private final Selector selector;
    private final ServerSocketChannel server;
    private final HttpLimits limits;
    private final BufferBudget budget;
    private final Executor workers;
    private final Consumer<Dispatched> exchange;
    private final Map<String, String> extraHeaders;
    private final Set<Connection> connections = new HashSet<>();
    private final ConcurrentLinkedQueue<HandBack> handBacks = new ConcurrentLinkedQueue<>();
    /** Connections their workers closed: taken off {@link #connections} on the reactor's next turn, without a wake-up. */
    private final ConcurrentLinkedQueue<Connection> closedByWorkers = new ConcurrentLinkedQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private volatile boolean running = true;
    /** Open connections, counted at once by whichever thread closes one (so the bound never lags behind). */
    private final AtomicInteger open = new AtomicInteger();
    private boolean acceptPaused;
    private long acceptFailures;
    private long lastAcceptWarning = System.nanoTime() - ACCEPT_WARNING_INTERVAL_NANOS - 1;
    private static final long ACCEPT_WARNING_INTERVAL_NANOS = 10_000_000_000L;

    Reactor(ServerSocketChannel server, HttpLimits limits, BufferBudget budget, Executor workers,
            Consumer<Dispatched> exchange, Map<String, String> extraHeaders) throws IOException {
        this.selector = Selector.open();
        this.server = server;
        this.limits = limits;
        this.budget = budget;
        this.workers = workers;
        this.exchange = exchange;
        this.extraHeaders = Map.copyOf(extraHeaders);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
    }

    int openConnections() {
        return open.get();
    }

    /**
     * From a worker: the exchange is done. A plain end is settled here, on the worker: a kept
     * connection is left registered for its next request, another is closed. Anything else (the end
     * of the answer still to write, bytes of a next request already read, a body cut short, the
     * reactor having claimed the connection) goes back to the reactor, which is woken for it.
     */
    void finished(Connection c, boolean keepAlive, ByteBuffer unsent) {
        BodyReader body = c.body;
        boolean plain = (unsent == null || !unsent.hasRemaining()) && !c.handBackRequired
                && (body == null || !body.overflowed()) && running;
        if (plain && body != null) {
            body.release(); // the request is answered: its bytes need no reservation while the connection idles
        }
        if (plain && keepAlive) {
            c.idleSince = System.nanoTime();
            if (c.handoff.compareAndSet(Connection.RUNNING, Connection.WORKER_DONE)) {
                return;
            }
        } else if (plain && c.handoff.compareAndSet(Connection.RUNNING, Connection.WORKER_CLOSED)) {
            try {
                // Registered, the JDK shuts the output down now (the FIN goes out) and the reactor's selector releases
                // the descriptor on its next turn; never registered (see dispatch), it is simply closed.
                c.channel.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing a connection", e);
            }
            open.decrementAndGet();
            closedByWorkers.add(c);
            return;
        }
        handBacks.add(new HandBack(c, keepAlive, unsent));
        selector.wakeup();
    }

    void stop() {
        running = false;
        selector.wakeup();
    }

    @Override
    public void run() {
        long nextSweep = System.nanoTime();
        try {
            while (running) {
                selector.select(TICK_MILLIS);
                Connection closed;
                while ((closed = closedByWorkers.poll()) != null) {
                    forget(closed);
                }
                HandBack back;
                while ((back = handBacks.poll()) != null) {
                    try {
                        resumed(back.connection(), back.keepAlive(), back.unsent());
                    } catch (RuntimeException | LinkageError e) {
                        failed(back.connection(), e);
                    }
                }
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    int ready;
                    try {
                        ready = key.readyOps();
                    } catch (CancelledKeyException e) {
                        continue; // a worker closed this connection since the select: it is in closedByWorkers
                    }
                    if ((ready & SelectionKey.OP_ACCEPT) != 0) {
                        accept(key);
                        continue;
                    }
                    Connection c = (Connection) key.attachment();
                    try {
                        if (c.phase == Connection.Phase.DISPATCHED && !adopt(c)) {
                            continue; // the worker still owns it; it hands back, or it closed it
                        }
                        if ((ready & SelectionKey.OP_WRITE) != 0) {
                            writeMore(c);
                        } else if ((ready & SelectionKey.OP_READ) != 0) {
                            read(c);
                        }
                    } catch (RuntimeException | LinkageError e) {
                        failed(c, e); // one connection's trouble never stops the reactor
                    }
                }
                long now = System.nanoTime();
                if (now - nextSweep >= 0) {
                    sweep(now);
                    nextSweep = now + TICK_MILLIS * 1_000_000;
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            if (running) {
                LOG.log(System.Logger.Level.ERROR, "the HTTP reactor stopped", e);
            }
        } finally {
            for (Connection c : new ArrayList<>(connections)) {
                close(c);
            }
            try {
                selector.close();
                server.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing the listener", e);
            }
        }
    }

    /**
     * Accepts what is waiting. When accepting fails (out of file descriptors, say), accepting pauses
     * for a tick instead of spinning on a listener that stays ready; the connections already open go on.
     */
    private void accept(SelectionKey listener) {
        while (true) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                listener.interestOps(0);
                acceptPaused = true;
                acceptFailures++;
                long now = System.nanoTime();
                if (now - lastAcceptWarning > ACCEPT_WARNING_INTERVAL_NANOS) {
                    lastAcceptWarning = now;
                    safeLog(System.Logger.Level.WARNING, "cannot accept connections (" + e.getMessage() + "), "
                            + acceptFailures + " times so far; pausing accepts for " + TICK_MILLIS + " ms each time", null);
                }
                return;
            }
            if (channel == null) {
                return;
            }
            accepted(channel);
        }
    }

    private void accepted(SocketChannel channel) {
        Connection c;
        try {
            channel.configureBlocking(false);
            if (open.get() >= limits.maxConnections()) {
                // Best effort: a 503 fits in any socket buffer; the client may still see a reset.
                channel.write(ByteBuffer.wrap(StatusLine.plain(503,
                        "Service Unavailable: too many connections (" + limits.maxConnections() + "); retry shortly",
                        extraHeaders)));
                channel.close();
                return;
            }
            c = new Connection(channel);
            connections.add(c);
            open.incrementAndGet();
            startRequest(c, Connection.Phase.REQUEST_LINE, limits.requestLine());
        } catch (IOException | RuntimeException e) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to do for it
            }
            return;
        }
        try {
            read(c); // a client that sent its request with the connection (most do) is served without another turn
            if (c.key == null && c.phase != Connection.Phase.CLOSED && c.phase != Connection.Phase.DISPATCHED) {
                watch(c, SelectionKey.OP_READ); // the request is still coming (or being refused): the selector waits for it
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            failed(c, e);
        }
    }

    /**
     * Sets what the selector waits for on {@code c}, registering it first if it is not yet (on this thread only).
     */
    private void watch(Connection c, int ops) throws IOException {
        if (c.key == null) {
            c.key = c.channel.register(selector, ops, c);
        } else {
            c.key.interestOps(ops);
        }
    }

    /**
     * Logging that cannot stop the reactor: out of file descriptors, even formatting a log record can
     * fail (the formatter's first use loads time-zone data from a file).
     */
    private static void safeLog(System.Logger.Level level, String message, Throwable thrown) {
        try {
            LOG.log(level, message, thrown);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable ignored) {
            // nowhere left to report it
        }
    }

    private void failed(Connection c, Throwable e) {
        safeLog(System.Logger.Level.ERROR, "closing a connection after an internal error", e);
        try {
            close(c);
        } catch (RuntimeException | LinkageError again) {
            if (connections.remove(c)) {
                open.decrementAndGet();
            }
        }
    }

    private void startRequest(Connection c, Connection.Phase phase, java.time.Duration timeout) {
        c.phase = phase;
        c.deadline = System.nanoTime() + timeout.toNanos();
        c.head = new HeadReader(limits.maxHeaderBytes());
        c.request = null;
        releaseBody(c);
    }

    private void read(Connection c) {
        readBuffer.clear();
        int n;
        try {
            n = c.channel.read(readBuffer);
        } catch (IOException e) {
            close(c);
            return;
        }
        if (n < 0) {
            close(c); // the client closed: mid-request, after an error, or idle alike
            return;
        }
        readBuffer.flip();
        process(c, readBuffer);
    }

    /** Advances the connection's request with {@code in}; leftover bytes of a pipelined request are kept. */
    private void process(Connection c, ByteBuffer in) {
        try {
            while (in.hasRemaining() && c.reading()) {
                switch (c.phase) {
                    case IDLE -> {
                        c.phase = Connection.Phase.REQUEST_LINE;
                        c.deadline = System.nanoTime() + limits.requestLine().toNanos();
                    }
                    case REQUEST_LINE, HEADERS -> head(c, in);
                    case BODY -> {
                        c.body.feed(in);
                        if (c.body.complete()) {
                            dispatch(c, in);
                        }
                    }
                    default -> throw new IllegalStateException(c.phase.name());
                }
            }
        } catch (BadRequestException e) {
            reject(c, e.status(), e.getMessage());
        } catch (BufferBudget.Exhausted e) {
            reject(c, 503, e.getMessage());
        }
        if (c.phase == Connection.Phase.LINGER) {
            in.position(in.limit());
        }
    }

    private void head(Connection c, ByteBuffer in) throws BadRequestException {
        HeadReader.State state = c.head.feed(in);
        if (state == HeadReader.State.TOO_LARGE) {
            if (c.head.requestLineComplete()) {
                throw new BadRequestException(431, "Request Header Fields Too Large: the request head exceeds "
                        + limits.maxHeaderBytes() + " bytes");
            }
            throw new BadRequestException(414, "URI Too Long: the request line exceeds " + limits.maxHeaderBytes() + " bytes");
        }
        if (c.phase == Connection.Phase.REQUEST_LINE && c.head.requestLineComplete()) {
            c.phase = Connection.Phase.HEADERS;
            c.deadline = System.nanoTime() + limits.headers().toNanos();
        }
        if (state != HeadReader.State.COMPLETE) {
            return;
        }
        c.request = RequestHead.parse(c.head.bytes(), c.head.length());
        c.head = null;
        if (!c.request.hasBody()) {
            c.body = new BodyReader(0, false, 0, 0, budget);
            dispatch(c, in);
            return;
        }
        c.body = new BodyReader(c.request.contentLength(), c.request.chunked(), limits.maxBodyBytes() + 1,
                limits.maxDiscardBytes(), budget);
        c.phase = Connection.Phase.BODY;
        c.deadline = System.nanoTime() + limits.body().toNanos();
        if (c.request.expectsContinue()) {
            writeQuietly(c, StatusLine.CONTINUE);
        }
    }

    /** A complete request for a worker: values taken on the reactor thread, so the worker shares no mutable state. */
    record Dispatched(Connection connection, RequestHead request, byte[] body) {}

    /**
     * Hands the complete request to a worker. What {@code in} holds past it (a pipelined next request)
     * is kept for after the answer; without any, the connection stays registered for reads, so that the
     * worker can end a plain exchange without waking the reactor ({@link #finished}).
     */
    private void dispatch(Connection c, ByteBuffer in) {
        c.phase = Connection.Phase.DISPATCHED;
        if (in.hasRemaining()) {
            ByteBuffer rest = ByteBuffer.allocate(in.remaining() + (c.pending == null ? 0 : c.pending.remaining()));
            if (c.pending != null) {
                rest.put(c.pending);
            }
            rest.put(in).flip();
            c.pending = rest;
        }
        c.handBackRequired = c.pending != null;
        c.handoff.set(Connection.RUNNING);
        try {
            if (c.request.keepAlive() && !c.noDelay) {
                // Before the worker's first write: a small answer after another must not wait for the client's delayed ACK.
                c.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                c.noDelay = true;
            }
            if (c.handBackRequired) {
                if (c.key != null) {
                    c.key.interestOps(0);
                }
            } else if (c.request.keepAlive()) {
                watch(c, SelectionKey.OP_READ); // before the worker runs: it may leave the connection kept at once
            }
        } catch (IOException e) {
            close(c);
            return;
        }
        Dispatched request = new Dispatched(c, c.request, c.body.body());
        try {
            workers.execute(() -> exchange.accept(request));
        } catch (RejectedExecutionException e) {
            reject(c, 503, "Service Unavailable: every worker is busy; retry shortly");
        }
    }

    private void resumed(Connection c, boolean keepAlive, ByteBuffer unsent) {
        if (c.phase == Connection.Phase.CLOSED) {
            return;
        }
        if (unsent != null && unsent.hasRemaining()) {
            try {
                budget.reserve(unsent.remaining()); // held for a slow reader: counted like request bodies
            } catch (BufferBudget.Exhausted e) {
                close(c); // memory is worth more than this one slow client's answer
                return;
            }
            c.phase = Connection.Phase.WRITING;
            c.unsent = unsent;
            c.unsentReserved = unsent.remaining();
            c.keepAfterWrite = keepAlive;
            c.deadline = System.nanoTime() + limits.response().toNanos();
            try {
                watch(c, SelectionKey.OP_WRITE);
            } catch (IOException | RuntimeException e) {
                close(c);
            }
            return;
        }
        boolean overflowed = c.body != null && c.body.overflowed();
        if (!keepAlive || overflowed || !running) {
            if (overflowed) {
                linger(c);
            } else {
                close(c);
            }
            return;
        }
        startRequest(c, Connection.Phase.IDLE, limits.idle());
        try {
            watch(c, SelectionKey.OP_READ);
        } catch (IOException | RuntimeException e) {
            close(c);
            return;
        }
        ByteBuffer pending = c.pending;
        c.pending = null;
        if (pending != null) {
            process(c, pending);
        }
    }

    private void writeMore(Connection c) {
        try {
            if (c.channel.write(c.unsent) > 0) {
                c.deadline = System.nanoTime() + limits.response().toNanos(); // progress: the client reads
            }
        } catch (IOException e) {
            close(c);
            return;
        }
        if (!c.unsent.hasRemaining()) {
            releaseUnsent(c);
            c.phase = Connection.Phase.DISPATCHED;
            resumed(c, c.keepAfterWrite, null);
        }
    }

    private void sweep(long now) {
        if (acceptPaused) {
            acceptPaused = false;
            server.keyFor(selector).interestOps(SelectionKey.OP_ACCEPT);
        }
        List<Connection> expired = new ArrayList<>();
        for (Connection c : connections) {
            if (c.phase == Connection.Phase.DISPATCHED && c.handoff.get() == Connection.WORKER_DONE
                    && now - (c.idleSince + limits.idle().toNanos()) > 0) {
                adopt(c); // kept, then idle too long: closed below like any idle connection
            }
            if (c.phase != Connection.Phase.DISPATCHED && now - c.deadline > 0) {
                expired.add(c);
            }
        }
        for (Connection c : expired) {
            switch (c.phase) {
                case IDLE, LINGER, WRITING -> close(c); // WRITING: the client stopped reading
                case REQUEST_LINE -> reject(c, 408, "Request Timeout: no complete request line within "
                        + limits.requestLine().toMillis() + " ms");
                case HEADERS -> reject(c, 408, "Request Timeout: the headers did not end within "
                        + limits.headers().toMillis() + " ms");
                case BODY -> reject(c, 408, "Request Timeout: the body did not arrive within " + limits.body().toMillis() + " ms");
                default -> { }
            }
        }
    }

    /** Answers before any handler runs, then lingers so the client reads the answer rather than a reset. */
    private void reject(Connection c, int status, String message) {
        writeQuietly(c, StatusLine.plain(status, message, extraHeaders));
        linger(c);
    }

    private void linger(Connection c) {
        releaseBody(c);
        c.head = null;
        c.pending = null;
        c.phase = Connection.Phase.LINGER;
        c.deadline = System.nanoTime() + LINGER_NANOS;
        try {
            c.channel.shutdownOutput();
            watch(c, SelectionKey.OP_READ);
        } catch (IOException | RuntimeException e) {
            close(c);
        }
    }

    private static void writeQuietly(Connection c, byte[] bytes) {
        try {
            c.channel.write(ByteBuffer.wrap(bytes));
        } catch (IOException e) {
            // the client is gone; closing follows
        }
    }

    private void releaseUnsent(Connection c) {
        budget.release(c.unsentReserved);
        c.unsentReserved = 0;
        c.unsent = null;
    }

    private void releaseBody(Connection c) {
        if (c.body != null) {
            c.body.release();
            c.body = null;
        }
    }

    /**
     * A readable (or writable) dispatched connection: true if the reactor may go on with it now (its
     * worker left it kept and idle), false if its worker still owns it (then it is paused until the
     * worker hands it back) or closed it.
     */
    private boolean adopt(Connection c) {
        if (c.handoff.get() == Connection.RUNNING) {
            if (c.handoff.compareAndSet(Connection.RUNNING, Connection.READ_PAUSED)) {
                c.key.interestOps(0);
                return false;
            }
        }
        if (c.handoff.get() != Connection.WORKER_DONE) {
            return false;
        }
        c.handoff.set(Connection.READ_PAUSED); // taken: no second adoption
        startRequest(c, Connection.Phase.IDLE, limits.idle());
        c.deadline = c.idleSince + limits.idle().toNanos();
        return true;
    }

    /** A connection its worker closed and counted: off the reactor's books. */
    private void forget(Connection c) {
        if (c.phase != Connection.Phase.CLOSED) {
            c.phase = Connection.Phase.CLOSED;
            releaseBody(c);
            connections.remove(c);
        }
    }

    private void close(Connection c) {
        if (c.phase == Connection.Phase.CLOSED) {
            return;
        }
        if (c.phase == Connection.Phase.DISPATCHED && !c.handoff.compareAndSet(Connection.RUNNING, Connection.REACTOR_CLOSED)
                && c.handoff.get() == Connection.WORKER_CLOSED) {
            forget(c);
            return;
        }
        c.phase = Connection.Phase.CLOSED;
        releaseUnsent(c);
        releaseBody(c);
        if (c.key != null) {
            c.key.cancel();
        }
        try {
            c.channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing a connection", e);
        }
        if (connections.remove(c)) {
            open.decrementAndGet();
        }
    }
}
