package dev.forgeline.gateway;

import dev.forgeline.nativecore.BuildInfo;
import dev.forgeline.nativecore.LoadedLibrary;
import dev.forgeline.nativecore.NativeCore;
import dev.forgeline.nativecore.NativeCoreUnavailableException;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * Command line: parse, print, start. Exit codes: 0 done, 1 could not serve (e.g. port taken),
 * 2 bad arguments, 3 no native core for this platform.
 */
public final class Main {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_NO_NATIVE = 3;

    /** How long SIGTERM waits for in-flight requests before the process exits. */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

    private Main() {}

    public static void main(String[] args) {
        int code = run(args, System.out, System.err, NativeCore::get);
        if (code != EXIT_OK) {
            System.exit(code);
        }
    }

    /** Runs the command as from the shell; serving blocks until the process is told to stop. */
    static int run(String[] args, PrintStream out, PrintStream err, Supplier<NativeCore> nativeCore) {
        GatewayOptions options;
        try {
            options = GatewayOptions.parse(args);
        } catch (GatewayOptions.UsageException e) {
            err.println("gateway: " + e.getMessage());
            err.println();
            err.print(GatewayOptions.USAGE);
            return EXIT_USAGE;
        }
        if (options.mode() == GatewayOptions.Mode.HELP) {
            out.print(GatewayOptions.USAGE);
            return EXIT_OK;
        }
        NativeCore core;
        try {
            core = nativeCore.get();
        } catch (NativeCoreUnavailableException e) {
            err.println("gateway: the native core is unavailable, and the gateway cannot run without it.");
            err.println(e.getMessage());
            return EXIT_NO_NATIVE;
        }
        if (options.mode() == GatewayOptions.Mode.VERSION) {
            out.print(versionText(GatewayVersion.current(), core));
            return EXIT_OK;
        }
        GatewayServer server;
        try {
            server = GatewayServer.start(options, core);
        } catch (IOException e) {
            err.println("gateway: cannot listen on " + options.bind().getHostAddress() + ":" + options.port() + ": " + e.getMessage());
            return EXIT_FAILED;
        }
        out.println("gateway listening on " + server.endpoint());
        out.flush();
        awaitShutdown(server, err);
        return EXIT_OK;
    }

    /** Blocks until SIGTERM/SIGINT, then drains requests; the JVM exits once the hook returns. */
    private static void awaitShutdown(GatewayServer server, PrintStream err) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            err.println("gateway: shutting down");
            server.stop(SHUTDOWN_GRACE);
            stopped.countDown();
        }, "gateway-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String versionText(GatewayVersion gateway, NativeCore core) {
        BuildInfo build = core.buildInfo();
        LoadedLibrary library = core.library();
        return String.format("""
                %s %s
                native core: %s %s (%s)
                  rustc:  %s
                  sha256: %s
                  source: %s
                  file:   %s
                """, gateway.name(), gateway.version(),
                build.crateName(), build.crateVersion(), build.target(),
                build.rustc(), library.sha256(), library.source(), library.file());
    }
}
