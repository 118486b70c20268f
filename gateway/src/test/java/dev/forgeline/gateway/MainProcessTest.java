package dev.forgeline.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway as a real process: the port line it prints, serving, and stopping on SIGTERM. */
class MainProcessTest {
    private static final Pattern LISTENING = Pattern.compile("gateway listening on (http://127\\.0\\.0\\.1:(\\d+)/mcp)");

    @Test
    void portZero_printsTheBoundEndpoint_servesIt_andStopsGracefullyOnSigterm(@TempDir Path dir) throws Exception {
        NativeCoreRequirement.nativeCore(); // the child loads it the same way; skip or fail alike
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--port", "0"))
                // A file, not a pipe: destroy() closes the pipes, and stderr is read after it.
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        try {
            BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = stdout.readLine();
            Matcher m = LISTENING.matcher(line == null ? "" : line);
            assertTrue(m.matches(), () -> "first line: " + line + "; stderr: " + stderr(dir));

            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(m.group(1)).resolve("/health")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());

            process.destroy(); // SIGTERM
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "gateway did not stop on SIGTERM");
            assertEquals(143, process.exitValue(), "128 + SIGTERM, after the shutdown hook ran");
            assertTrue(stderr(dir).contains("gateway: shutting down"), () -> stderr(dir));
        } finally {
            process.destroyForcibly();
        }
    }

    private static String stderr(Path dir) {
        try {
            return Files.readString(dir.resolve("stderr.txt"));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
