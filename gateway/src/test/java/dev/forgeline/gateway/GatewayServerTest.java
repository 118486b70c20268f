package dev.forgeline.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GatewayServerTest {

    @Test
    void stop_withIdleKeepAliveConnection_returnsWithoutWaitingOutTheGrace() {
        TestGateway gateway = TestGateway.start();
        try {
            assertEquals(200, gateway.request("GET", "/health").statusCode()); // leaves a keep-alive connection open

            long started = System.nanoTime();
            gateway.server().stop(Duration.ofSeconds(10));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "stop took " + took);
            assertThrows(UncheckedIOException.class, () -> gateway.request("GET", "/health"));
        } finally {
            gateway.close();
        }
    }

    @Test
    void endpoint_namesTheBoundAddressAndPath() {
        try (TestGateway gateway = TestGateway.start()) {
            assertEquals("127.0.0.1", gateway.endpoint().getHost());
            assertTrue(gateway.endpoint().getPort() > 0);
            assertEquals("/mcp", gateway.endpoint().getPath());
        }
    }
}
