package dev.forgeline.gateway.transport;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A path prefix with its handler and filters: the {@link HttpContext} of this transport, so handlers
 * and filters written for {@code com.sun.net.httpserver} run unchanged. It belongs to no JDK
 * {@link HttpServer}, so {@link #getServer} is null.
 */
public final class Route extends HttpContext {
    private final String path;
    private HttpHandler handler;
    private final List<Filter> filters = new ArrayList<>();
    private final Map<String, Object> attributes = new HashMap<>();
    private Authenticator authenticator;

    public Route(String path, HttpHandler handler, List<Filter> filters) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a route path starts with '/': " + path);
        }
        this.path = path;
        this.handler = handler;
        this.filters.addAll(filters);
    }

    @Override
    public HttpHandler getHandler() {
        return handler;
    }

    @Override
    public void setHandler(HttpHandler handler) {
        this.handler = handler;
    }

    @Override
    public String getPath() {
        return path;
    }

    @Override
    public HttpServer getServer() {
        return null;
    }

    @Override
    public Map<String, Object> getAttributes() {
        return attributes;
    }

    @Override
    public List<Filter> getFilters() {
        return filters;
    }

    @Override
    public Authenticator setAuthenticator(Authenticator auth) {
        Authenticator old = authenticator;
        authenticator = auth;
        return old;
    }

    @Override
    public Authenticator getAuthenticator() {
        return authenticator;
    }

    /** The route whose path is the longest prefix of {@code requestPath} (the JDK server's rule), or null. */
    static Route find(List<Route> routes, String requestPath) {
        Route best = null;
        for (Route r : routes) {
            if (requestPath != null && requestPath.startsWith(r.path)
                    && (best == null || r.path.length() > best.path.length())) {
                best = r;
            }
        }
        return best;
    }
}
