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

    /** Host header values seen last and whether each names a loopback host. */
    private final RecentVerdicts loopbackHosts = new RecentVerdicts(8, value -> isLoopbackHost(hostOf(value)));

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
        if (loopbackBind && !loopbackHostHeader(exchange.getRequestHeaders().getFirst("Host"))) {
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

    /** Whether a Host header names a loopback host (null, no header, does not). */
    private boolean loopbackHostHeader(String hostHeader) {
        return hostHeader != null && loopbackHosts.test(hostHeader);
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
        return isLoopbackIpv4(h);
    }

    /** 127.x.y.z: four dot-separated decimal octets of one to three ASCII digits, each at most 255. */
    private static boolean isLoopbackIpv4(String h) {
        if (!h.startsWith("127.")) {
            return false;
        }
        int octets = 0;
        int i = 0;
        int len = h.length();
        while (true) {
            int value = 0;
            int digits = 0;
            while (i < len && h.charAt(i) >= '0' && h.charAt(i) <= '9') {
                value = value * 10 + (h.charAt(i) - '0');
                digits++;
                i++;
                if (digits > 3) {
                    return false;
                }
            }
            if (digits == 0 || value > 255) {
                return false;
            }
            octets++;
            if (i == len) {
                return octets == 4;
            }
            if (h.charAt(i) != '.' || octets == 4) {
                return false;
            }
            i++;
        }
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
