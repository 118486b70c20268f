package dev.forgeline.gateway.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import dev.forgeline.gateway.mcp.JsonRpc;
import dev.forgeline.gateway.mcp.McpError;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * DNS-rebinding protection, as the Streamable HTTP transport requires: a page on
 * {@code http://evil.example} whose name is re-pointed at 127.0.0.1 must not reach a local server.
 *
 * <ul>
 *   <li>An {@code Origin} header, when present, must be in the allow list, or, when the server is
 *       bound to loopback, itself name a loopback host. Otherwise: 403.</li>
 *   <li>When bound to loopback, the {@code Host} header must also name a loopback host: a rebound
 *       page's same-origin GET carries the attacker's host name and may carry no Origin.</li>
 * </ul>
 * Clients that are not browsers send no Origin and a loopback Host, and pass.
 */
public final class OriginGuard extends Filter {
    private final boolean loopbackBind;
    private final Set<String> allowedOrigins;

    public OriginGuard(InetAddress bindAddress, Set<String> allowedOrigins) {
        this.loopbackBind = bindAddress.isLoopbackAddress();
        this.allowedOrigins = Set.copyOf(allowedOrigins);
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (origin != null && !originAllowed(origin)) {
            forbid(exchange, "Forbidden: Origin " + origin + " is not allowed");
            return;
        }
        if (loopbackBind && !isLoopbackHost(hostOf(exchange.getRequestHeaders().getFirst("Host")))) {
            forbid(exchange, "Forbidden: Host header must name a loopback address");
            return;
        }
        chain.doFilter(exchange);
    }

    boolean originAllowed(String origin) {
        if (allowedOrigins.contains(origin)) {
            return true;
        }
        if (!loopbackBind) {
            return false;
        }
        try {
            URI uri = new URI(origin);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && isLoopbackHost(uri.getHost());
        } catch (java.net.URISyntaxException e) {
            return false; // "null" (opaque origins) and garbage alike
        }
    }

    /** Loopback names only, by their text: never resolved, since resolution is what rebinding attacks. */
    static boolean isLoopbackHost(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || h.endsWith(".localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) {
            return true;
        }
        String[] octets = h.split("\\.", -1);
        if (octets.length != 4 || !octets[0].equals("127")) {
            return false;
        }
        for (String o : octets) {
            if (o.isEmpty() || o.length() > 3 || !o.chars().allMatch(Character::isDigit) || Integer.parseInt(o) > 255) {
                return false;
            }
        }
        return true;
    }

    /** The host part of a Host header value ({@code name:port}, {@code [v6]:port}). */
    static String hostOf(String hostHeader) {
        if (hostHeader == null) {
            return null;
        }
        String h = hostHeader.trim();
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? null : h.substring(0, end + 1);
        }
        int colon = h.indexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    private static void forbid(HttpExchange exchange, String message) throws IOException {
        exchange.getRequestBody().close();
        HttpResponses.json(exchange, 403, JsonRpc.error(null, McpError.invalidRequest(message)));
    }

    @Override
    public String description() {
        return "Origin and Host validation";
    }
}
