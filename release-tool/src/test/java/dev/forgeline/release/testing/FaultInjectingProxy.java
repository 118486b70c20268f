package dev.forgeline.release.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The suite's own TCP proxy between a client and a server on loopback that breaks connections on purpose, as a
 * flaky network or an overloaded repository would: it resets a connection after some bytes of the request, stalls
 * the answer (the client's timeout must fire), answers 503 itself, or cuts the answer short. It can also limit the
 * bandwidth, so that an upload is reliably under way when a test wants it to be. Each new connection asks the
 * {@link #faults(Supplier) fault source} what to do with it.
 */
public final class FaultInjectingProxy implements AutoCloseable {

    /** What happens to one connection. */
    public enum Fault { NONE, RESET_REQUEST, STALL_RESPONSE, SERVICE_UNAVAILABLE, TRUNCATE_RESPONSE }

    /** A connection's fate: {@code fault} once {@code atByte} bytes went the fault's way. */
    public record Plan(Fault fault, long atByte) {
        public static final Plan NONE = new Plan(Fault.NONE, 0);
    }

    private final ServerSocket server;
    private final int upstreamPort;
    private final long bytesPerSecond;
    private volatile Supplier<Plan> faults = () -> Plan.NONE;
    private final Map<Fault, AtomicInteger> injected = new EnumMap<>(Fault.class);
    private final Thread acceptor;

    private FaultInjectingProxy(ServerSocket server, int upstreamPort, long bytesPerSecond) {
        this.server = server;
        this.upstreamPort = upstreamPort;
        this.bytesPerSecond = bytesPerSecond;
        for (Fault fault : Fault.values()) {
            injected.put(fault, new AtomicInteger());
        }
        this.acceptor = new Thread(this::acceptLoop, "fault-proxy-accept");
        acceptor.setDaemon(true);
    }

    /**
     * A proxy on a free loopback port to {@code 127.0.0.1:upstreamPort}.
     *
     * @param bytesPerSecond per connection and direction; 0 for no limit
     */
    public static FaultInjectingProxy start(int upstreamPort, long bytesPerSecond) throws IOException {
        FaultInjectingProxy proxy = new FaultInjectingProxy(
                new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), upstreamPort, bytesPerSecond);
        proxy.acceptor.start();
        return proxy;
    }

    /** From now on, each new connection gets the plan {@code source} hands out. */
    public FaultInjectingProxy faults(Supplier<Plan> source) {
        this.faults = source;
        return this;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
    }

    /** How many connections got each fault so far. */
    public Map<Fault, Integer> injected() {
        Map<Fault, Integer> counts = new EnumMap<>(Fault.class);
        injected.forEach((fault, count) -> counts.put(fault, count.get()));
        return counts;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Plan plan = faults.get();
                injected.get(plan.fault()).incrementAndGet();
                Thread t = new Thread(() -> serve(client, plan), "fault-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client, Plan plan) {
        try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
            // No Nagle: relayed small writes must not wait for the peer's delayed ACK (40 ms per request otherwise).
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            if (plan.fault() == Fault.SERVICE_UNAVAILABLE) {
                client.getInputStream().read(new byte[8192]); // the start of the request
                client.getOutputStream().write(("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
                        + "Connection: close\r\nRetry-After: 1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                client.getOutputStream().flush();
                return;
            }
            long requestLimit = plan.fault() == Fault.RESET_REQUEST ? plan.atByte() : Long.MAX_VALUE;
            long responseLimit = plan.fault() == Fault.TRUNCATE_RESPONSE ? plan.atByte()
                    : plan.fault() == Fault.STALL_RESPONSE ? 0 : Long.MAX_VALUE;
            Thread up = new Thread(() -> pump(client, upstream, requestLimit, plan.fault() == Fault.RESET_REQUEST),
                    "fault-proxy-up");
            up.setDaemon(true);
            up.start();
            pump(upstream, client, responseLimit, false);
            // A stalled answer holds the connection open, silent, until the client gives up.
            up.join(plan.fault() == Fault.STALL_RESPONSE ? 60_000 : 10_000);
        } catch (IOException | InterruptedException e) {
            // the connection broke: that is what this class is for
        }
    }

    /** Copies {@code from} to {@code to}, at most {@code limit} bytes; past the limit resets or closes both. */
    private void pump(Socket from, Socket to, long limit, boolean reset) {
        byte[] buffer = new byte[16 * 1024];
        long sent = 0;
        long start = System.nanoTime();
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer, 0, (int) Math.min(buffer.length, Math.max(1, limit - sent)))) >= 0) {
                if (sent + n > limit || limit == 0) {
                    break;
                }
                out.write(buffer, 0, n);
                out.flush();
                sent += n;
                if (sent >= limit) {
                    break;
                }
                if (bytesPerSecond > 0) {
                    long due = start + sent * 1_000_000_000L / bytesPerSecond;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
            }
            if (limit != Long.MAX_VALUE && limit > 0) {
                if (reset) {
                    from.setSoLinger(true, 0);
                    to.setSoLinger(true, 0);
                }
                from.close();
                to.close();
            } else if (limit == Long.MAX_VALUE) {
                to.shutdownOutput();
            }
        } catch (IOException | InterruptedException e) {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
