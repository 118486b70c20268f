package dev.forgeline.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.gateway.transport.HttpLimits;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GatewayOptionsTest {

    @Test
    void parse_noArguments_servesOnLoopbackWithDefaults() throws Exception {
        GatewayOptions options = GatewayOptions.parse();
        assertEquals(GatewayOptions.Mode.SERVE, options.mode());
        assertEquals("127.0.0.1", options.bind().getHostAddress());
        assertEquals(8080, options.port());
        assertEquals(1 << 20, options.maxBodyBytes());
        assertEquals(64, options.maxDepth());
        assertEquals(Set.of(), options.allowedOrigins());
    }

    @Test
    void parse_noArguments_hasTheDocumentedTransportDefaults() throws Exception {
        HttpLimits http = GatewayOptions.parse().http();
        assertEquals(Duration.ofSeconds(10), http.requestLine());
        assertEquals(Duration.ofSeconds(10), http.headers());
        assertEquals(Duration.ofSeconds(30), http.body());
        assertEquals(Duration.ofSeconds(30), http.idle());
        assertEquals(Duration.ofSeconds(30), http.response());
        assertEquals(32 * 1024, http.maxHeaderBytes());
        assertEquals(512, http.maxConnections());
        assertEquals(1 << 20, http.maxBodyBytes());
    }

    @Test
    void parse_transportOptions_setTheirLimits() throws Exception {
        HttpLimits http = GatewayOptions.parse("--request-line-timeout", "500ms", "--header-timeout=2s", "--body-timeout", "1m",
                "--idle-timeout", "7", "--response-timeout", "3s", "--max-header-bytes", "4096", "--max-connections", "9",
                "--max-body-bytes", "100").http();
        assertEquals(Duration.ofMillis(500), http.requestLine());
        assertEquals(Duration.ofSeconds(2), http.headers());
        assertEquals(Duration.ofMinutes(1), http.body());
        assertEquals(Duration.ofSeconds(7), http.idle());
        assertEquals(Duration.ofSeconds(3), http.response());
        assertEquals(4096, http.maxHeaderBytes());
        assertEquals(9, http.maxConnections());
        assertEquals(100, http.maxBodyBytes());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--body-timeout|soon|needs a time like 500ms, 10s or 2m",
        "--body-timeout|0s|between 1ms and 24h",
        "--idle-timeout|2d|needs a time",
        "--max-header-bytes|10|between 256",
        "--max-connections|0|between 1"})
    void parse_badTransportValue_saysWhatIsWrong(String option, String value, String message) {
        GatewayOptions.UsageException e = assertThrows(GatewayOptions.UsageException.class,
                () -> GatewayOptions.parse(option, value));
        assertTrue(e.getMessage().contains(option) && e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void parse_spaceAndEqualsForms_areEquivalent() throws Exception {
        GatewayOptions a = GatewayOptions.parse("--port", "0", "--bind", "::1", "--max-body-bytes", "4096");
        GatewayOptions b = GatewayOptions.parse("--port=0", "--bind=::1", "--max-body-bytes=4096");
        assertEquals(a, b);
        assertEquals(0, a.port());
        assertTrue(a.bind().isLoopbackAddress());
    }

    @Test
    void parse_allowOrigin_isRepeatable() throws Exception {
        GatewayOptions options = GatewayOptions.parse("--allow-origin", "https://a.example", "--allow-origin=http://b.example:8080");
        assertEquals(Set.of("https://a.example", "http://b.example:8080"), options.allowedOrigins());
    }

    @Test
    void parse_helpWinsOverVersion() throws Exception {
        assertEquals(GatewayOptions.Mode.HELP, GatewayOptions.parse("--version", "--help").mode());
        assertEquals(GatewayOptions.Mode.VERSION, GatewayOptions.parse("--version").mode());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--port|--port needs a value",
            "--port abc|--port needs a whole number, got 'abc'",
            "--port 65536|--port must be between 0 and 65535, got 65536",
            "--port -1|--port must be between 0 and 65535, got -1",
            "--max-body-bytes 0|--max-body-bytes must be between 1",
            "--frobnicate|unknown option: --frobnicate",
            "--allow-origin https://a.example/path|--allow-origin needs an origin",
            "--version=yes|--version takes no value",
            "--bind=|--bind needs an address"})
    void parse_badArguments_sayWhatIsWrong(String line, String expected) {
        GatewayOptions.UsageException e = assertThrows(GatewayOptions.UsageException.class,
                () -> GatewayOptions.parse(line.split(" ")));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }
}
