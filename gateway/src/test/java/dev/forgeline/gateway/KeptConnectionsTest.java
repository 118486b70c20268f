package dev.forgeline.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How a connection goes on after its answer. A worker that answers a plain request settles the connection itself
 * (left registered for the next request, or closed) without waking the reactor; these tests hold the reactor to the
 * same rules as when it did that itself: idle timeouts, the open-connection count, the body budget, and order.
 */
class KeptConnectionsTest {
    private static final String HEALTH = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    private static final String HEALTH_10 = "GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void keptConnection_servesRequestAfterRequest_thenIsClosedWhenIdleTooLong() throws Exception {
        try (TestGateway gateway = TestGateway.start("--idle-timeout", "1s");
                RawHttp c = new RawHttp(gateway.endpoint(), 10_000)) {
            for (int i = 0; i < 200; i++) {
                c.send(HEALTH);
                assertEquals(200, c.read().status(), "request " + i);
            }
            long answered = System.nanoTime();
            assertTrue(c.closedByServer(), "an idle kept connection must be closed by the idle timeout");
            long idleMillis = (System.nanoTime() - answered) / 1_000_000;
            assertTrue(idleMillis >= 900, "closed after " + idleMillis + " ms, before the 1 s idle timeout");
            waitUntil(() -> gateway.server().openConnections() == 0, Duration.ofSeconds(5), "the idle connection uncounted");
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void connectionPerRequest_isClosedByTheServerAfterEachAnswer_andNoneStaysCounted() throws Exception {
        try (TestGateway gateway = TestGateway.start("--max-connections", "8")) {
            for (int i = 0; i < 100; i++) { // far more than the bound: closed ones must leave the count
                try (RawHttp c = new RawHttp(gateway.endpoint(), 10_000)) {
                    c.send(HEALTH_10);
                    RawHttp.Response r = c.read();
                    assertEquals(200, r.status(), "request " + i + ": " + r.text());
                    assertTrue(c.closedByServer(), "an HTTP/1.0 request without keep-alive ends its connection");
                }
            }
            waitUntil(() -> gateway.server().openConnections() == 0, Duration.ofSeconds(5), "every connection uncounted");
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void manyClientsWithAConnectionPerRequest_closedByTheirWorkers_neverStopTheReactor() throws Exception {
        // A worker closes its connection while the reactor may hold that connection's key in its selected set
        // (the close itself makes the socket readable): the reactor must pass over the cancelled key. It once
        // died of a CancelledKeyException there, and the gateway accepted nothing more.
        int clients = 8;
        int each = 1_500;
        try (TestGateway gateway = TestGateway.start()) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
            java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();
            java.util.List<java.util.concurrent.Future<?>> runs = new java.util.ArrayList<>();
            for (int t = 0; t < clients; t++) {
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        try (RawHttp c = new RawHttp(gateway.endpoint(), 10_000)) {
                            c.send(HEALTH_10);
                            if (c.read().status() == 200) {
                                answered.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> run : runs) {
                run.get();
            }
            pool.shutdown();
            assertEquals(clients * each, answered.get(), "every request answered 200");
            try (RawHttp c = new RawHttp(gateway.endpoint(), 5_000)) {
                c.send(HEALTH);
                assertEquals(200, c.read().status(), "the gateway still accepts and answers afterwards");
            }
            waitUntil(() -> gateway.server().openConnections() <= 1, Duration.ofSeconds(5), "closed connections uncounted");
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void answeredRequestsBody_isNotHeldWhileItsConnectionIdles() throws Exception {
        try (TestGateway gateway = TestGateway.start(); RawHttp c = new RawHttp(gateway.endpoint(), 10_000)) {
            c.send(RawHttp.post("/mcp", TestGateway.initializeBody("2025-11-25")));
            RawHttp.Response r = c.read();
            assertEquals(200, r.status(), r::text);
            waitUntil(() -> gateway.server().bufferedRequestBytes() == 0, Duration.ofSeconds(5),
                    "the body's reservation given back while the connection stays open");
            c.send(HEALTH);
            assertEquals(200, c.read().status(), "the connection was kept");
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void nextRequestSentBeforeTheAnswer_inItsOwnWrite_isAnsweredInOrder() throws Exception {
        // The second request often arrives while the worker still runs the first: the reactor must leave it
        // for the worker to hand back, then read it. Either way the answers come in order.
        String call = RawHttp.post("/mcp", TestGateway.initializeBody("2025-11-25"));
        try (TestGateway gateway = TestGateway.start(); RawHttp c = new RawHttp(gateway.endpoint(), 10_000)) {
            for (int i = 0; i < 100; i++) {
                c.send(call);
                c.send(HEALTH);
                RawHttp.Response first = c.read();
                assertEquals(200, first.status(), first::text);
                assertTrue(first.text().contains("protocolVersion"), first::text);
                RawHttp.Response second = c.read();
                assertEquals(200, second.status(), second::text);
                assertTrue(second.text().contains("native"), second::text);
            }
        }
    }

    private static void waitUntil(BooleanSupplier condition, Duration limit, String what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + limit + ": " + what);
            }
            Thread.sleep(20);
        }
    }
}
