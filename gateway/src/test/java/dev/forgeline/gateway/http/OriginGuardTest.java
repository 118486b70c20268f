package dev.forgeline.gateway.http;

import static dev.forgeline.gateway.TestGateway.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.gateway.NativeIdentity;
import dev.forgeline.gateway.TestGateway;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OriginGuardTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LOCALHOST", "app.localhost", "127.0.0.1", "127.1.2.3", "[::1]", "::1",
            "127.255.255.255", "127.0.0.01", "127.000.0.1"})
    void isLoopbackHost_loopbackNames_areLoopback(String host) {
        assertTrue(OriginGuard.isLoopbackHost(host));
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.example", "127.0.0.1.evil.example", "localhost.evil.example", "128.0.0.1", "127.0.0.256",
            "0.0.0.0", "[::2]", "", "127.0.0.1.", "127..0.1", "127.0.0", "127.0.0.0001", "127.0.0.1.2", "127.0.0.-1",
            "127.0.0.+1", "127.0.0.1a", "127.\u0660.\u0660.\u0661", "127.0.0.999", "1270.0.0.1", "127"})
    void isLoopbackHost_otherNames_areNot(String host) {
        assertFalse(OriginGuard.isLoopbackHost(host));
    }

    @Test
    void originAllowed_boundToLoopback_acceptsLoopbackOriginsOnly() throws Exception {
        OriginGuard guard = new OriginGuard(LOOPBACK, Set.of());
        assertTrue(guard.originAllowed("http://localhost:3000"));
        assertTrue(guard.originAllowed("https://127.0.0.1"));
        assertFalse(guard.originAllowed("http://evil.example"));
        assertFalse(guard.originAllowed("null"));
        assertFalse(guard.originAllowed("file://localhost"));
    }

    @Test
    void originAllowed_boundElsewhere_acceptsOnlyTheAllowList() throws Exception {
        OriginGuard guard = new OriginGuard(InetAddress.getByName("0.0.0.0"), Set.of("https://app.example.com"));
        assertTrue(guard.originAllowed("https://app.example.com"));
        assertFalse(guard.originAllowed("http://localhost:3000"), "a public bind trusts no origin by its name");
    }

    @Test
    void hostOf_stripsThePort() {
        assertEquals("localhost", OriginGuard.hostOf("localhost:8080"));
        assertEquals("[::1]", OriginGuard.hostOf("[::1]:8080"));
        assertEquals("example", OriginGuard.hostOf("example"));
    }

    @Test
    void request_withForeignOrigin_is403WithJsonRpcErrorAndNativeHeader() {
        try (TestGateway gateway = TestGateway.start()) {
            HttpResponse<byte[]> response = gateway.post(TestGateway.initializeBody("2025-11-25"), "Origin", "http://evil.example");

            assertEquals(403, response.statusCode());
            assertEquals(-32600, json(response).get("error").get("code").asInt());
            assertFalse(json(response).has("id"));
            assertTrue(response.headers().firstValue(NativeIdentity.HEADER).isPresent());
            assertEquals(403, gateway.request("GET", "/health", "Origin", "http://evil.example").statusCode());
        }
    }

    @Test
    void request_withLoopbackOrigin_isServed() {
        try (TestGateway gateway = TestGateway.start()) {
            HttpResponse<byte[]> response = gateway.post(TestGateway.initializeBody("2025-11-25"), "Origin", "http://localhost:6274");
            assertEquals(200, response.statusCode());
        }
    }

    @Test
    void request_withAllowListedOrigin_isServed() {
        try (TestGateway gateway = TestGateway.start("--allow-origin", "https://app.example.com")) {
            assertEquals(200, gateway.post(TestGateway.initializeBody("2025-11-25"), "Origin", "https://app.example.com").statusCode());
        }
    }

    @Test
    void request_withReboundHostName_is403() throws IOException {
        try (TestGateway gateway = TestGateway.start()) {
            // java.net.http will not set Host, so speak HTTP/1.1 by hand, as a rebound browser page would.
            try (Socket socket = new Socket(LOOPBACK, gateway.endpoint().getPort())) {
                OutputStream out = socket.getOutputStream();
                out.write(("GET /health HTTP/1.1\r\nHost: evil.example:" + gateway.endpoint().getPort()
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String reply = readAll(socket.getInputStream());
                assertTrue(reply.startsWith("HTTP/1.1 403"), reply);
            }
        }
    }

    @Test
    void request_hostVerdicts_areKeptPerValue_notPerGuard() throws IOException {
        try (TestGateway gateway = TestGateway.start()) {
            int port = gateway.endpoint().getPort();
            for (int round = 0; round < 3; round++) {
                assertTrue(rawHealth(port, "Host: 127.0.0.1:" + port + "\r\n").startsWith("HTTP/1.1 200"));
                assertTrue(rawHealth(port, "Host: evil.example:" + port + "\r\n").startsWith("HTTP/1.1 403"));
                assertTrue(rawHealth(port, "Host: localhost\r\n").startsWith("HTTP/1.1 200"));
                assertTrue(rawHealth(port, "").startsWith("HTTP/1.1 403"), "no Host header at all");
                assertTrue(rawHealth(port, "Host: 127.0.0.1.evil.example\r\n").startsWith("HTTP/1.1 403"));
            }
        }
    }

    private static String rawHealth(int port, String hostLine) throws IOException {
        try (Socket socket = new Socket(LOOPBACK, port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /health HTTP/1.1\r\n" + hostLine + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return readAll(socket.getInputStream());
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        in.transferTo(buffer);
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
