package dev.forgeline.gateway;

import com.sun.net.httpserver.Filter;
import dev.forgeline.gateway.http.HealthHandler;
import dev.forgeline.gateway.http.InFlightFilter;
import dev.forgeline.gateway.http.NativeHeaderFilter;
import dev.forgeline.gateway.http.NotFoundHandler;
import dev.forgeline.gateway.http.OriginGuard;
import dev.forgeline.gateway.mcp.JsonRpcDispatcher;
import dev.forgeline.gateway.mcp.McpHttpHandler;
import dev.forgeline.gateway.mcp.SessionRegistry;
import dev.forgeline.gateway.tools.ToolRegistry;
import dev.forgeline.gateway.transport.HttpTransport;
import dev.forgeline.gateway.transport.Route;
import dev.forgeline.nativecore.NativeCore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The running gateway: the HTTP transport with its endpoints and filters, wired here and nowhere
 * else. Start with {@link #start}; {@link #stop} drains in-flight exchanges.
 */
public final class GatewayServer implements AutoCloseable {
    /** Idle legacy sessions are forgotten after this long (a client that vanished never sends DELETE). */
    static final Duration SESSION_IDLE_TIMEOUT = Duration.ofMinutes(30);
    static final int MAX_SESSIONS = 10_000;
    private static final int BACKLOG = 1024;

    private final HttpTransport http;
    private final SessionRegistry sessions;
    private final InFlightFilter inFlight;

    private GatewayServer(HttpTransport http, SessionRegistry sessions, InFlightFilter inFlight) {
        this.http = http;
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

        InFlightFilter inFlight = new InFlightFilter();
        // The native header goes first so that even a 403 or a 503 while draining names the core.
        List<Filter> filters = List.of(new NativeHeaderFilter(identity), inFlight,
                new OriginGuard(options.bind(), options.allowedOrigins()));
        List<Route> routes = List.of(
                new Route(McpHttpHandler.PATH, mcp, filters),
                new Route(HealthHandler.PATH, new HealthHandler(version, identity), filters),
                new Route("/", new NotFoundHandler(), filters));
        HttpTransport http = HttpTransport.start(new InetSocketAddress(options.bind(), options.port()), BACKLOG,
                options.http(), routes, Map.of(NativeIdentity.HEADER, identity.headerValue()));
        return new GatewayServer(http, sessions, inFlight);
    }

    public int port() {
        return http.address().getPort();
    }

    /** The MCP endpoint URL, with IPv6 literals bracketed. */
    public URI endpoint() {
        String host = http.address().getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port() + McpHttpHandler.PATH);
    }

    /** Connections open now (what --max-connections bounds). */
    public int openConnections() {
        return http.openConnections();
    }

    /** Request bodies and unsent response ends held in memory now. */
    long bufferedRequestBytes() {
        return http.bufferedBytes();
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
        http.stop();
    }

    @Override
    public void close() {
        stop(Duration.ZERO);
    }
}
