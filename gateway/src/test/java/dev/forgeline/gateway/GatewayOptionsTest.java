package dev.forgeline.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
