package dev.forgeline.release.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A server a test runs as a child process on a free loopback port (nginx, docker-registry): started with its console
 * output in a file, ready once a probe of its port says so, stopped by {@link #close} (SIGTERM, then SIGKILL after
 * 10 s). A port free when probed can be taken before the server binds it, so {@link #start} tries again on a new port
 * when the server's log says the address was in use.
 */
public final class LoopbackProcess implements AutoCloseable {
    private static final int ATTEMPTS = 3;

    /** Writes whatever config names the port and returns the command that serves on it. */
    @FunctionalInterface
    public interface Command {
        List<String> forPort(int port) throws IOException;
    }

    /** Whether the server on the port answers as it does once started; an IOException means not yet. */
    @FunctionalInterface
    public interface Probe {
        boolean ready(int port) throws IOException;
    }

    private final Process process;
    private final int port;

    private LoopbackProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts {@code name} on a free loopback port and waits up to {@code timeout} for {@code ready}; {@code log} reads
     * what the server wrote (its console output and log files), for the failure message and the port check.
     */
    public static LoopbackProcess start(String name, Command command, Path output, Supplier<String> log,
            Duration timeout, Probe ready) throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = freePort();
            Process process = new ProcessBuilder(command.forPort(port)).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            process.getOutputStream().close();
            LoopbackProcess server = new LoopbackProcess(process, port);
            try {
                server.await(name, ready, timeout, log);
                return server;
            } catch (IOException e) {
                server.close();
                last = e;
                if (!log.get().toLowerCase(Locale.ROOT).contains("address already in use")) {
                    break;
                }
            }
        }
        throw last;
    }

    /** A port nothing listens on at this moment, on the loopback address. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The HTTP status of {@code GET http://127.0.0.1:PORT/path}; an IOException while nothing answers. */
    public static int httpStatus(int port, String path) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
        c.setConnectTimeout(500);
        c.setReadTimeout(2000);
        try {
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }

    public int port() {
        return port;
    }

    private void await(String name, Probe ready, Duration timeout, Supplier<String> log)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + " before answering: " + log.get());
            }
            try {
                if (ready.ready(port)) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IOException(name + " did not answer on 127.0.0.1:" + port + " within " + timeout + ": " + log.get());
    }

    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
