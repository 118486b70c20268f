package dev.forgeline.gateway.transport;

import com.sun.net.httpserver.Filter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's HTTP/1.1 server: a {@link Reactor} thread that reads each request whole, against
 * per-phase deadlines and size bounds, and a fixed pool of workers that run the handlers
 * ({@code com.sun.net.httpserver} handlers and filters, through {@link ServerExchange}) and write
 * the responses. It replaces the JDK's {@code HttpServer}, whose Java 17 build reads request heads
 * on the worker threads (so slow clients hold them), has one whole-request timeout, and closes the
 * connection instead of answering 431 when the head is too large.
 */
public final class HttpTransport implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HttpTransport.class.getName());

    private final ServerSocketChannel server;
    private final InetSocketAddress address;
    private final Reactor reactor;
    private final Thread reactorThread;
    private final ThreadPoolExecutor workers;
    private final BufferBudget budget;

    private HttpTransport(ServerSocketChannel server, Reactor reactor, Thread reactorThread, ThreadPoolExecutor workers,
            BufferBudget budget) throws IOException {
        this.budget = budget;
        this.server = server;
        this.address = (InetSocketAddress) server.getLocalAddress();
        this.reactor = reactor;
        this.reactorThread = reactorThread;
        this.workers = workers;
    }

    /**
     * Binds and starts serving {@code routes}.
     *
     * @param transportHeaders headers for the answers the transport gives itself (400, 408, 431, 503)
     */
    public static HttpTransport start(InetSocketAddress bind, int backlog, HttpLimits limits, List<Route> routes,
            Map<String, String> transportHeaders) throws IOException {
        // Loaded now, while files can be opened: out of descriptors later, the log formatter's first
        // use would fail to load them and stay broken for the life of the process.
        java.time.ZoneId.systemDefault().getRules();
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(bind, backlog);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        ThreadPoolExecutor workers = workers(limits);
        List<Route> table = List.copyOf(routes);
        Reactor[] self = new Reactor[1];
        BufferBudget budget = new BufferBudget(limits.maxBufferedBytes());
        Reactor reactor = new Reactor(server, limits, budget, workers,
                c -> serve(c, table, limits, self[0]), transportHeaders);
        self[0] = reactor;
        Thread thread = new Thread(reactor, "gateway-http-reactor");
        thread.setDaemon(true);
        thread.start();
        return new HttpTransport(server, reactor, thread, workers, budget);
    }

    /** On a worker: runs the route's filters and handler over the complete request, then hands the connection back. */
    private static void serve(Reactor.Dispatched d, List<Route> routes, HttpLimits limits, Reactor reactor) {
        Connection c = d.connection();
        RequestHead request = d.request();
        boolean keep = false;
        java.nio.ByteBuffer unsent = null;
        try {
            Route route = Route.find(routes, request.uri().getPath());
            ServerExchange exchange = new ServerExchange(request, d.body(), route, c,
                    new ChannelWriter(c.channel, limits.response(), c.noDelay));
            boolean failed = false;
            try {
                if (route == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    new Filter.Chain(route.getFilters(), route.getHandler()).doFilter(exchange);
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "exchange ended early (client went away?)", e);
                failed = true;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "handler failed on " + request.method() + " " + request.uri().getPath(), e);
                failed = true;
            }
            keep = exchange.finish(failed);
            unsent = exchange.unsent();
        } finally {
            reactor.finished(c, keep, unsent);
        }
    }

    private static ThreadPoolExecutor workers(HttpLimits limits) {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(limits.workers(), limits.workers(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(limits.queue()), r -> {
                    Thread t = new Thread(r, "gateway-http-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        pool.prestartAllCoreThreads();
        return pool;
    }

    public InetSocketAddress address() {
        return address;
    }

    /** Connections open now, in any phase: what {@link HttpLimits#maxConnections} bounds. */
    public int openConnections() {
        return reactor.openConnections();
    }

    /** Request body bytes held in memory now, by all connections together (bounded by {@link HttpLimits#maxBufferedBytes}). */
    public long bufferedBytes() {
        return budget.used();
    }

    /** Closes the listener and every connection (requests in progress fail), then stops the workers. */
    public void stop() {
        reactor.stop();
        try {
            reactorThread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
        try {
            server.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the listener", e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
