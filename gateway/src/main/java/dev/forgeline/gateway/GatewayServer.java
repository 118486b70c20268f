package dev.forgeline.gateway;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.forgeline.gateway.http.HealthHandler;
import dev.forgeline.gateway.http.InFlightFilter;
import dev.forgeline.gateway.http.NativeHeaderFilter;
import dev.forgeline.gateway.http.NotFoundHandler;
import dev.forgeline.gateway.http.OriginGuard;
import dev.forgeline.gateway.mcp.JsonRpcDispatcher;
import dev.forgeline.gateway.mcp.McpHttpHandler;
import dev.forgeline.gateway.mcp.SessionRegistry;
import dev.forgeline.gateway.tools.ToolRegistry;
import dev.forgeline.nativecore.NativeCore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The running gateway: the JDK HTTP server with its endpoints, filters and worker pool, wired here
 * and nowhere else. Start with {@link #start}; {@link #stop} drains in-flight exchanges.
 */
public final class GatewayServer implements AutoCloseable {
    /** Idle legacy sessions are forgotten after this long (a client that vanished never sends DELETE). */
    static final Duration SESSION_IDLE_TIMEOUT = Duration.ofMinutes(30);
    static final int MAX_SESSIONS = 10_000;
    private static final int WORKERS = 16;
    private static final int QUEUE = 256;

    private final HttpServer http;
    private final ExecutorService workers;
    private final SessionRegistry sessions;
    private final InFlightFilter inFlight;

    private GatewayServer(HttpServer http, ExecutorService workers, SessionRegistry sessions, InFlightFilter inFlight) {
        this.http = http;
        this.workers = workers;
        this.sessions = sessions;
        this.inFlight = inFlight;
    }

    /** Binds and starts serving; the native core must already be loaded (there is no fallback). */
    public static GatewayServer start(GatewayOptions options, NativeCore core) throws IOException {
        GatewayVersion version = GatewayVersion.current();
        NativeIdentity identity = NativeIdentity.of(core);
        SessionRegistry sessions = new SessionRegistry(Clock.systemUTC(), SESSION_IDLE_TIMEOUT, MAX_SESSIONS);
        McpHttpHandler mcp = new McpHttpHandler(core, new JsonRpcDispatcher(version, ToolRegistry.defaults()), sessions,
                new McpHttpHandler.Limits(options.maxBodyBytes(), options.maxDepth()));

        HttpServer http = HttpServer.create(new InetSocketAddress(options.bind(), options.port()), 64);
        InFlightFilter inFlight = new InFlightFilter();
        // The native header goes first so that even a 403 or a 503 while draining names the core.
        List<Filter> filters = List.of(new NativeHeaderFilter(identity), inFlight,
                new OriginGuard(options.bind(), options.allowedOrigins()));
        context(http, McpHttpHandler.PATH, mcp, filters);
        context(http, HealthHandler.PATH, new HealthHandler(version, identity), filters);
        context(http, "/", new NotFoundHandler(), filters);
        ExecutorService workers = workers();
        http.setExecutor(workers);
        http.start();
        return new GatewayServer(http, workers, sessions, inFlight);
    }

    private static void context(HttpServer http, String path, HttpHandler handler, List<Filter> filters) {
        HttpContext context = http.createContext(path, handler);
        context.getFilters().addAll(filters);
    }

    /**
     * A bounded pool. When WORKERS are busy and QUEUE exchanges wait, the accepting thread runs the
     * next one itself, which stops it accepting more: back-pressure instead of unbounded queueing.
     */
    private static ExecutorService workers() {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(WORKERS, WORKERS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "gateway-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** The MCP endpoint URL, with IPv6 literals bracketed. */
    public URI endpoint() {
        String host = http.getAddress().getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port() + McpHttpHandler.PATH);
    }

    SessionRegistry sessions() {
        return sessions;
    }

    /**
     * Graceful stop: new requests get 503, requests in progress get up to {@code grace} to finish,
     * then the listener and the workers stop.
     */
    public void stop(Duration grace) {
        try {
            inFlight.drain(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.stop(0);
        workers.shutdownNow();
    }

    @Override
    public void close() {
        stop(Duration.ZERO);
    }
}
