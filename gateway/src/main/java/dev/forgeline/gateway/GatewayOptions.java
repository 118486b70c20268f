package dev.forgeline.gateway;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The command line, parsed and checked; {@link #parse} throws {@link UsageException} for anything wrong. */
public record GatewayOptions(
        Mode mode, InetAddress bind, int port, int maxBodyBytes, int maxDepth, Set<String> allowedOrigins) {

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
              --version            print the gateway version and the native core build, then exit
              --help               print this help, then exit
            """.formatted(DEFAULT_PORT, DEFAULT_BIND, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_DEPTH);

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
                default -> throw new UsageException("unknown option: " + arg);
            }
            if (inline != null && (name.equals("--help") || name.equals("-h") || name.equals("--version"))) {
                throw new UsageException(name + " takes no value");
            }
        }
        return new GatewayOptions(mode, address(bind), port, maxBody, maxDepth, origins);
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
