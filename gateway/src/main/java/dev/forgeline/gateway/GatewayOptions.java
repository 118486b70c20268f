package dev.forgeline.gateway;

import dev.forgeline.gateway.transport.HttpLimits;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The command line, parsed and checked; {@link #parse} throws {@link UsageException} for anything wrong. */
public record GatewayOptions(
        Mode mode, InetAddress bind, int port, int maxBodyBytes, int maxDepth, Set<String> allowedOrigins,
        HttpLimits http) {

    public enum Mode { SERVE, VERSION, HELP }

    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
    public static final int DEFAULT_MAX_DEPTH = 64;

    public static final String USAGE = """
            Usage: gateway [options]

            Serves MCP (Streamable HTTP) at http://BIND:PORT/mcp and health at /health.

            Options:
              --port N             port to listen on; 0 picks a free one (default %d)
              --bind ADDR          address to bind (default %s; keep it loopback unless you add auth)
              --max-body-bytes N   largest POST body accepted; larger gets 413 (default %d)
              --max-depth N        deepest JSON nesting accepted (default %d)
              --allow-origin URL   a browser Origin to accept besides loopback ones; repeatable
              --request-line-timeout T  time for the request line, from the connection's (or the
                                   request's) first byte; then 408 (default %s)
              --header-timeout T   time for the headers after the request line; then 408 (default %s)
              --body-timeout T     time for the body after the headers; then 408 (default %s)
              --idle-timeout T     a kept-alive connection with no request is closed after T (default %s)
              --response-timeout T a response the client stops reading is dropped after T (default %s)
              --max-header-bytes N largest request head (request line and headers); larger gets 431
                                   (default %d)
              --max-connections N  open connections at most; more get 503 (default %d)
              --version            print the gateway version and the native core build, then exit
              --help               print this help, then exit

            Times T are a number with a unit: 500ms, 10s, 2m (a bare number is seconds).
            """.formatted(DEFAULT_PORT, DEFAULT_BIND, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_DEPTH,
            text(HttpLimits.DEFAULT_REQUEST_LINE_TIMEOUT), text(HttpLimits.DEFAULT_HEADER_TIMEOUT),
            text(HttpLimits.DEFAULT_BODY_TIMEOUT), text(HttpLimits.DEFAULT_IDLE_TIMEOUT),
            text(HttpLimits.DEFAULT_RESPONSE_TIMEOUT), HttpLimits.DEFAULT_MAX_HEADER_BYTES,
            HttpLimits.DEFAULT_MAX_CONNECTIONS);

    public GatewayOptions {
        allowedOrigins = Set.copyOf(allowedOrigins);
    }

    /** A bad command line: the message says what is wrong; the caller prints it with {@link #USAGE}. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }

    public static GatewayOptions parse(String... args) throws UsageException {
        Mode mode = Mode.SERVE;
        String bind = DEFAULT_BIND;
        int port = DEFAULT_PORT;
        int maxBody = DEFAULT_MAX_BODY_BYTES;
        int maxDepth = DEFAULT_MAX_DEPTH;
        Set<String> origins = new LinkedHashSet<>();
        Duration requestLine = HttpLimits.DEFAULT_REQUEST_LINE_TIMEOUT;
        Duration headers = HttpLimits.DEFAULT_HEADER_TIMEOUT;
        Duration body = HttpLimits.DEFAULT_BODY_TIMEOUT;
        Duration idle = HttpLimits.DEFAULT_IDLE_TIMEOUT;
        Duration response = HttpLimits.DEFAULT_RESPONSE_TIMEOUT;
        int maxHeader = HttpLimits.DEFAULT_MAX_HEADER_BYTES;
        int maxConnections = HttpLimits.DEFAULT_MAX_CONNECTIONS;
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String arg = rest.remove(0);
            String name = arg;
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                inline = arg.substring(eq + 1);
            }
            switch (name) {
                case "--help", "-h" -> mode = Mode.HELP;
                case "--version" -> mode = mode == Mode.HELP ? Mode.HELP : Mode.VERSION;
                case "--port" -> port = intValue(name, value(name, inline, rest), 0, 65_535);
                case "--bind" -> bind = value(name, inline, rest);
                case "--max-body-bytes" -> maxBody = intValue(name, value(name, inline, rest), 1, Integer.MAX_VALUE - 1);
                case "--max-depth" -> maxDepth = intValue(name, value(name, inline, rest), 1, 10_000);
                case "--allow-origin" -> origins.add(origin(value(name, inline, rest)));
                case "--request-line-timeout" -> requestLine = duration(name, value(name, inline, rest));
                case "--header-timeout" -> headers = duration(name, value(name, inline, rest));
                case "--body-timeout" -> body = duration(name, value(name, inline, rest));
                case "--idle-timeout" -> idle = duration(name, value(name, inline, rest));
                case "--response-timeout" -> response = duration(name, value(name, inline, rest));
                case "--max-header-bytes" -> maxHeader = intValue(name, value(name, inline, rest), 256, 64 << 20);
                case "--max-connections" -> maxConnections = intValue(name, value(name, inline, rest), 1, 1_000_000);
                default -> throw new UsageException("unknown option: " + arg);
            }
            if (inline != null && (name.equals("--help") || name.equals("-h") || name.equals("--version"))) {
                throw new UsageException(name + " takes no value");
            }
        }
        HttpLimits defaults = HttpLimits.defaults(maxBody);
        HttpLimits http = new HttpLimits(requestLine, headers, body, idle, response, maxHeader, maxBody,
                defaults.maxDiscardBytes(), maxConnections, Math.max(defaults.maxBufferedBytes(), maxHeader),
                defaults.workers(), defaults.queue());
        return new GatewayOptions(mode, address(bind), port, maxBody, maxDepth, origins, http);
    }

    private static String value(String name, String inline, List<String> rest) throws UsageException {
        if (inline != null) {
            return inline;
        }
        if (rest.isEmpty() || rest.get(0).startsWith("--")) {
            throw new UsageException(name + " needs a value");
        }
        return rest.remove(0);
    }

    private static int intValue(String name, String text, int min, int max) throws UsageException {
        try {
            int n = Integer.parseInt(text.trim());
            if (n < min || n > max) {
                throw new UsageException(name + " must be between " + min + " and " + max + ", got " + text);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " needs a whole number, got '" + text + "'");
        }
    }

    /** 500ms, 10s, 2m, or a bare number of seconds; at least 1 ms, at most a day. */
    static Duration duration(String name, String text) throws UsageException {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new UsageException(name + " needs a time like 500ms, 10s or 2m, got '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.isZero() || d.compareTo(Duration.ofDays(1)) > 0) {
            throw new UsageException(name + " must be between 1ms and 24h, got '" + text + "'");
        }
        return d;
    }

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|)");

    static String text(Duration d) {
        long ms = d.toMillis();
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    private static InetAddress address(String bind) throws UsageException {
        if (bind.isBlank()) {
            throw new UsageException("--bind needs an address");
        }
        try {
            return InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new UsageException("--bind: cannot resolve address '" + bind + "'");
        }
    }

    private static String origin(String origin) throws UsageException {
        if (!origin.matches("https?://[^/\\s]+")) {
            throw new UsageException("--allow-origin needs an origin like https://app.example.com (scheme://host[:port]), got '"
                    + origin + "'");
        }
        return origin;
    }
}
