package dev.forgeline.release.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A gateway started as its own JVM from a class path of resolved jars, the way a consumer runs it,
 * on a free loopback port.
 */
public final class GatewayProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

    private final Process process;
    private final URI endpoint;
    private final List<String> output;

    private GatewayProcess(Process process, URI endpoint, List<String> output) {
        this.process = process;
        this.endpoint = endpoint;
        this.output = output;
    }

    public static GatewayProcess start(List<Path> classPath, Path nativeCache) throws IOException, InterruptedException {
        String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(javaBinary, "-Dforgeline.native.cache=" + nativeCache, "-cp",
                classPath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)),
                "dev.forgeline.gateway.Main", "--port", "0", "--bind", "127.0.0.1"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
        BlockingQueue<URI> found = new ArrayBlockingQueue<>(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    output.add(line);
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        found.offer(URI.create(m.group(1)));
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        URI endpoint = found.poll(60, TimeUnit.SECONDS);
        if (endpoint == null) {
            process.destroyForcibly();
            throw new IllegalStateException("gateway did not start; it printed:\n" + String.join("\n", output));
        }
        return new GatewayProcess(process, endpoint, output);
    }

    /** The MCP endpoint, e.g. http://127.0.0.1:43121/mcp. */
    public URI endpoint() {
        return endpoint;
    }

    public String output() {
        return String.join("\n", output);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
