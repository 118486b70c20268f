package dev.forgeline.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The gateway as a child JVM with a given heap, for tests about the process itself (alive, memory). */
final class GatewayProcess {
    private static final Pattern LISTENING = Pattern.compile("gateway listening on (http://127\\.0\\.0\\.1:\\d+/mcp)");

    interface Body {
        void run(GatewayProcess process) throws Exception;
    }

    private final Process process;
    private final URI endpoint;
    private final Path stderr;

    private GatewayProcess(Process process, URI endpoint, Path stderr) {
        this.process = process;
        this.endpoint = endpoint;
        this.stderr = stderr;
    }

    /** Starts the gateway with {@code -Xmx<heap>} and default options, runs {@code body}, then stops it. */
    static void withSmallHeap(String heap, Body body) throws Exception {
        run(List.of(), heap, body);
    }

    /** The same with at most {@code files} open file descriptors (the shell's {@code ulimit -n}, soft and hard). */
    static void withFileLimit(int files, Body body) throws Exception {
        run(List.of("bash", "-c", "ulimit -n " + files + " && exec \"$0\" \"$@\""), "256m", body);
    }

    private static void run(List<String> prefix, String heap, Body body) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path stderr = Files.createTempFile("gateway-stderr", ".txt");
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(java.toString(), "-Xmx" + heap, "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "--port", "0"));
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            Matcher m = LISTENING.matcher(line == null ? "" : line);
            assertTrue(m.matches(), () -> "first line: " + line + "; stderr: " + read(stderr));
            GatewayProcess gateway = new GatewayProcess(process, URI.create(m.group(1)), stderr);
            body.run(gateway);
            String err = read(stderr);
            assertFalse(err.contains("OutOfMemoryError"), err);
            assertFalse(err.contains("the HTTP reactor stopped"), err);
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            Files.deleteIfExists(stderr);
        }
    }

    String stderrText() {
        return read(stderr);
    }

    URI endpoint() {
        return endpoint;
    }

    boolean alive() {
        return process.isAlive();
    }

    void assertHealthy() throws IOException, InterruptedException {
        HttpResponse<String> health = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(endpoint.resolve("/health")).timeout(Duration.ofSeconds(1)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
    }

    /** Open file descriptors of the child, from /proc (Linux). */
    int openFiles() throws IOException {
        try (var files = Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
            return (int) files.count();
        }
    }

    /** Resident memory of the child, from /proc (Linux). */
    long rssKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IOException("no VmRSS for " + process.pid());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
