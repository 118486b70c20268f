package dev.forgeline.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Abusive clients on loopback against a real gateway: slow or stalled heads, huge heads, many
 * connections at once. Each test is bounded in time; the only timing bounds asserted are the
 * stated ones (health within a second while under attack, the configured timeouts).
 */
class HostileClientsTest {
    private static final String HEALTH_REQUEST = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void slowHeaderClients_200_healthStillAnswersWithinOneSecond_andTheyAreTimedOut() throws Exception {
        try (TestGateway gateway = TestGateway.start("--request-line-timeout", "3s", "--header-timeout", "3s")) {
            List<RawHttp> trickling = new ArrayList<>();
            List<RawHttp> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < 100; i++) {
                    RawHttp t = new RawHttp(gateway.endpoint(), 15_000);
                    t.send(HEALTH_REQUEST.substring(0, 1));
                    trickling.add(t);
                    RawHttp s = new RawHttp(gateway.endpoint(), 15_000);
                    s.send("GET"); // three bytes, then nothing
                    stalled.add(s);
                }
                waitUntil(() -> gateway.server().openConnections() >= 200, Duration.ofSeconds(5), "200 slow connections open");

                // One byte a second on each trickling connection, while health is asked five times.
                for (int second = 1; second <= 2; second++) {
                    for (RawHttp t : trickling) {
                        t.send(HEALTH_REQUEST.substring(second, second + 1));
                    }
                    for (int k = 0; k < 3; k++) {
                        assertHealthWithinOneSecond(gateway);
                    }
                    Thread.sleep(700);
                }

                // The request-line timeout (3 s) answers every one of them 408 and closes it.
                for (RawHttp c : concat(trickling, stalled)) {
                    RawHttp.Response r = c.read();
                    assertEquals(408, r.status(), r::text);
                    assertTrue(r.text().contains("request line"), r::text);
                    assertTrue(c.closedByServer());
                }
                waitUntil(() -> gateway.server().openConnections() == 0, Duration.ofSeconds(10), "slow connections closed");
                assertHealthWithinOneSecond(gateway);
            } finally {
                for (RawHttp c : concat(trickling, stalled)) {
                    c.close();
                }
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void stalledHeadersAndBody_areTimedOutByTheirOwnPhase() throws Exception {
        try (TestGateway gateway = TestGateway.start("--request-line-timeout", "10s", "--header-timeout", "1s",
                "--body-timeout", "1s")) {
            try (RawHttp headers = new RawHttp(gateway.endpoint(), 10_000);
                    RawHttp body = new RawHttp(gateway.endpoint(), 10_000)) {
                headers.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
                String post = RawHttp.post("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
                body.send(post.substring(0, post.length() - 5));

                RawHttp.Response h = headers.read();
                assertEquals(408, h.status());
                assertTrue(h.text().contains("headers"), h::text);
                RawHttp.Response b = body.read();
                assertEquals(408, b.status());
                assertTrue(b.text().contains("body"), b::text);
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void clientsThatDoNotReadTheirResponses_holdNoWorker_andAreDroppedAfterTheResponseTimeout() throws Exception {
        int clients = 12; // more than the workers (at most 2 per core, at least 4)
        String message = "x".repeat(3_000_000);
        try (TestGateway gateway = TestGateway.start("--max-body-bytes", "4000000", "--response-timeout", "4s")) {
            List<RawHttp> stuck = new ArrayList<>();
            try {
                for (int i = 0; i < clients; i++) {
                    RawHttp c = new RawHttp(gateway.endpoint(), 30_000, 4096);
                    c.send(echoCall(i, message)); // ... and never reads the 3 MB answer
                    stuck.add(c);
                }
                Thread.sleep(1_000);
                for (int k = 0; k < 3; k++) {
                    assertHealthWithinOneSecond(gateway);
                }
                try (RawHttp fast = new RawHttp(gateway.endpoint(), 1_000)) {
                    fast.send(echoCall(99, "fast"));
                    RawHttp.Response r = fast.read();
                    assertEquals(200, r.status(), r::text);
                    assertTrue(r.text().contains("fast"), r::text);
                }
                waitUntil(() -> gateway.server().openConnections() == 0, Duration.ofSeconds(20),
                        "connections that stopped reading dropped");
                assertEquals(0, gateway.server().bufferedRequestBytes(), "the unsent answers were released");
            } finally {
                for (RawHttp c : stuck) {
                    c.close();
                }
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void wellBehavedClients_200Concurrent_allSucceed() throws Exception {
        int clients = 200;
        int requestsEach = 5;
        try (TestGateway gateway = TestGateway.start()) {
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            CyclicBarrier allConnected = new CyclicBarrier(clients + 1);
            CountDownLatch go = new CountDownLatch(1);
            AtomicInteger ok = new AtomicInteger();
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    int client = i;
                    done.add(pool.submit(() -> {
                        try (RawHttp c = new RawHttp(gateway.endpoint(), 20_000)) {
                            allConnected.await(20, TimeUnit.SECONDS);
                            assertTrue(go.await(20, TimeUnit.SECONDS));
                            for (int n = 0; n < requestsEach; n++) {
                                String message = "client " + client + " request " + n;
                                c.send(echoCall(n, message));
                                RawHttp.Response r = c.read();
                                assertEquals(200, r.status(), r::text);
                                assertTrue(r.text().contains(message), r::text);
                                ok.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                allConnected.await(20, TimeUnit.SECONDS);
                // Every client holds its connection now: the server really has them all at once.
                waitUntil(() -> gateway.server().openConnections() >= clients, Duration.ofSeconds(10),
                        clients + " connections open at once");
                go.countDown();
                for (Future<?> f : done) {
                    f.get(40, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(clients * requestsEach, ok.get());
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void headOfOneMebibyte_is431_andTheServerCarriesOn() throws Exception {
        try (TestGateway gateway = TestGateway.start()) {
            byte[] huge = ("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(1 << 20) + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
            for (int i = 0; i < 3; i++) {
                try (RawHttp c = new RawHttp(gateway.endpoint(), 10_000)) {
                    c.send(huge);
                    RawHttp.Response r = c.read();
                    assertEquals(431, r.status(), r::text);
                    assertEquals("close", r.headers().get("connection"));
                    assertTrue(r.headers().containsKey("x-forgeline-native"), r.headers()::toString);
                }
            }
            assertHealthWithinOneSecond(gateway);
            waitUntil(() -> gateway.server().openConnections() == 0, Duration.ofSeconds(10), "431 connections closed");
        }
    }

    @Test
    void headAtTheLimit_isServed_oneByteMoreIs431() throws Exception {
        try (TestGateway gateway = TestGateway.start("--max-header-bytes", "1024")) {
            String prefix = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: ";
            String suffix = "\r\n\r\n";
            String atLimit = prefix + "p".repeat(1024 - prefix.length() - suffix.length()) + suffix;
            assertEquals(1024, atLimit.length());
            try (RawHttp c = new RawHttp(gateway.endpoint(), 10_000)) {
                c.send(atLimit);
                assertEquals(200, c.read().status());
                c.send(atLimit.replace("X-Pad: ", "X-Pad: p"));
                assertEquals(431, c.read().status());
            }
        }
    }

    @Test
    void connectionsBeyondTheLimit_get503_andTheOthersAreServed() throws Exception {
        try (TestGateway gateway = TestGateway.start("--max-connections", "4")) {
            List<RawHttp> held = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    held.add(new RawHttp(gateway.endpoint(), 10_000));
                }
                waitUntil(() -> gateway.server().openConnections() == 4, Duration.ofSeconds(5), "4 connections open");
                try (RawHttp extra = new RawHttp(gateway.endpoint(), 10_000)) {
                    assertEquals(503, extra.read().status());
                }
                held.get(0).send(HEALTH_REQUEST);
                assertEquals(200, held.get(0).read().status());
            } finally {
                for (RawHttp c : held) {
                    c.close();
                }
            }
        }
    }

    @Test
    void pipelinedAndChunkedRequests_areAnsweredInOrder() throws Exception {
        try (TestGateway gateway = TestGateway.start()) {
            String body = TestGateway.initializeBody("2025-11-25");
            String chunked = "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json, text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(10) + "\r\n" + body.substring(0, 10) + "\r\n"
                    + Integer.toHexString(body.length() - 10) + "\r\n" + body.substring(10) + "\r\n0\r\n\r\n";
            try (RawHttp c = new RawHttp(gateway.endpoint(), 10_000)) {
                c.send(HEALTH_REQUEST + chunked + HEALTH_REQUEST);
                assertEquals(200, c.read().status());
                RawHttp.Response init = c.read();
                assertEquals(200, init.status(), init::text);
                assertTrue(init.text().contains("\"protocolVersion\":\"2025-11-25\""), init::text);
                assertEquals(200, c.read().status());
            }
        }
    }

    @Test
    void smugglingShapedHeads_areRefusedWith400() throws Exception {
        try (TestGateway gateway = TestGateway.start()) {
            for (String head : List.of(
                    "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
                    "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
                    "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: 1\r\n folded\r\n\r\n",
                    "GET /health  HTTP/1.1\r\n\r\n")) {
                try (RawHttp c = new RawHttp(gateway.endpoint(), 10_000)) {
                    c.send(head);
                    assertEquals(400, c.read().status(), head);
                }
            }
        }
    }

    /** A child JVM with a 64 MiB heap under every abuse at once: it must stay up, answer, and release it all. */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void underCombinedAbuse_aSmallHeapProcessStaysUp_andHoldsNothingAfterwards() throws Exception {
        NativeCoreRequirement.nativeCore();
        try (TestGateway gateway = TestGateway.start()) {
            // In-process part: the budget of buffered bodies returns to zero once the attack ends.
            abuse(gateway.endpoint());
            waitUntil(() -> gateway.server().openConnections() == 0, Duration.ofSeconds(15), "connections closed");
            assertEquals(0, gateway.server().bufferedRequestBytes());
            assertHealthWithinOneSecond(gateway);
        }
        GatewayProcess.withSmallHeap("64m", process -> {
            abuse(process.endpoint());
            assertTrue(process.alive(), "the gateway process died under abuse");
            process.assertHealthy();
            long rssKiB = process.rssKiB();
            assertTrue(rssKiB < 400 * 1024, "RSS " + rssKiB + " KiB");
        });
    }

    /** Out of file descriptors, accepting fails: the gateway pauses accepts, serves what it has, and recovers. */
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void outOfFileDescriptors_theGatewayPausesAccepting_andRecovers() throws Exception {
        NativeCoreRequirement.nativeCore();
        GatewayProcess.withFileLimit(128, process -> {
            List<RawHttp> flood = new ArrayList<>();
            try {
                for (int i = 0; i < 150; i++) {
                    flood.add(new RawHttp(process.endpoint(), 5_000)); // the kernel queues what the gateway cannot accept
                }
                Thread.sleep(1_000);
                int open = process.openFiles();
                assertTrue(open >= 120, "the gateway holds " + open + " files of its 128: the limit was never reached,"
                        + " so this test would prove nothing");
            } finally {
                for (RawHttp c : flood) {
                    c.close();
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (true) {
                try {
                    process.assertHealthy();
                    break;
                } catch (IOException | AssertionError e) {
                    if (System.nanoTime() > deadline) {
                        fail("the gateway did not recover after the flood; stderr:\n" + process.stderrText(), e);
                    }
                    Thread.sleep(200);
                }
            }
        });
    }

    /** 100 stalled heads, 50 heads of 1 MiB, 50 bodies of 1 MiB sent in parallel, 100 good requests. */
    private static void abuse(URI endpoint) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(64);
        List<RawHttp> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                RawHttp s = new RawHttp(endpoint, 15_000);
                s.send("POS");
                stalled.add(s);
            }
            byte[] hugeHead = ("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(1 << 20) + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
            byte[] bigBody = new byte[1 << 20];
            Arrays.fill(bigBody, (byte) ' ');
            String bigHead = "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json, text/event-stream\r\nContent-Length: " + bigBody.length + "\r\n\r\n";
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                statuses.add(pool.submit(() -> exchange(endpoint, hugeHead)));
                statuses.add(pool.submit(() -> {
                    byte[] request = new byte[bigHead.length() + bigBody.length];
                    System.arraycopy(bigHead.getBytes(StandardCharsets.ISO_8859_1), 0, request, 0, bigHead.length());
                    System.arraycopy(bigBody, 0, request, bigHead.length(), bigBody.length);
                    return exchange(endpoint, request);
                }));
            }
            for (int i = 0; i < 100; i++) {
                statuses.add(pool.submit(() -> exchange(endpoint, HEALTH_REQUEST.getBytes(StandardCharsets.ISO_8859_1))));
            }
            int good = 0;
            for (Future<Integer> f : statuses) {
                int status = f.get(60, TimeUnit.SECONDS);
                // 431 for the heads; 400 (spaces are no JSON-RPC) or 503 (the body budget) for the bodies; 200 for health.
                assertTrue(List.of(200, 400, 431, 503).contains(status), "status " + status);
                good += status == 200 ? 1 : 0;
            }
            assertTrue(good >= 100, "health answered " + good + " times of 100");
        } finally {
            pool.shutdownNow();
            for (RawHttp s : stalled) {
                s.close();
            }
        }
    }

    private static int exchange(URI endpoint, byte[] request) throws IOException {
        try (RawHttp c = new RawHttp(endpoint, 30_000)) {
            c.send(request);
            return c.read().status();
        }
    }

    private static String echoCall(int id, String message) {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                + "\"arguments\":{\"message\":\"" + message + "\"},\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\""
                + TestGateway.MODERN + "\",\"io.modelcontextprotocol/clientCapabilities\":{}}}}";
        return RawHttp.post("/mcp", body, "MCP-Protocol-Version", TestGateway.MODERN, "Mcp-Method", "tools/call",
                "Mcp-Name", "echo");
    }

    /** GET /health on a connection of its own, closed after, so the server's connection count stays exact. */
    private static void assertHealthWithinOneSecond(TestGateway gateway) throws Exception {
        long started = System.nanoTime();
        try (RawHttp c = new RawHttp(gateway.endpoint(), 1_000)) {
            c.send(HEALTH_REQUEST);
            RawHttp.Response r = c.read();
            assertEquals(200, r.status(), r::text);
        } catch (java.net.SocketTimeoutException e) {
            fail("/health did not answer within one second", e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(Duration.ofSeconds(1)) <= 0, "/health took " + took);
    }

    private static void waitUntil(BooleanSupplier condition, Duration limit, String what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + limit + ": " + what);
            }
            Thread.sleep(50);
        }
    }

    private static List<RawHttp> concat(List<RawHttp> a, List<RawHttp> b) {
        List<RawHttp> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
