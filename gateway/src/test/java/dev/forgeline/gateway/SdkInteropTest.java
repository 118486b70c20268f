package dev.forgeline.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The official MCP TypeScript SDK client (pinned in src/test/node/package.json) against this
 * server: connect over StreamableHTTPClientTransport, list tools, call echo, end the session.
 * Needs node and {@code src/test/node/install.sh} run first; skipped without them locally, failed in CI.
 */
class SdkInteropTest {

    @Test
    void typescriptSdkClient_connectsListsToolsAndCallsEcho() throws Exception {
        Path nodeDir = nodeDir();
        String node = findOnPath("node");
        if (node == null || !Files.isDirectory(nodeDir.resolve("node_modules/@modelcontextprotocol/sdk"))) {
            skipOrFail("the MCP TypeScript SDK is not installed; run " + nodeDir.resolve("install.sh")
                    + (node == null ? " (and install Node.js 18+: node is not on PATH)" : ""));
        }
        try (TestGateway gateway = TestGateway.start()) {
            Process process = new ProcessBuilder(List.of(node, "interop.mjs", gateway.endpoint().toString()))
                    .directory(nodeDir.toFile())
                    .redirectErrorStream(false)
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("interop.mjs did not finish in 90 s");
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertEquals(0, process.exitValue(), () -> "interop.mjs failed:\n" + err + "\n" + out);

            JsonNode summary = TestGateway.JSON.readTree(out.lines().reduce((a, b) -> b).orElse("{}"));
            assertTrue(summary.get("ok").asBoolean());
            assertEquals("[\"echo\"]", summary.get("tools").toString());
            assertEquals("hello from the TypeScript SDK ✓", summary.get("echoed").asText());
            assertEquals(0, gateway.server().sessions().size(), "the SDK's DELETE ended its session");
        }
    }

    private static Path nodeDir() {
        String configured = System.getenv("FORGELINE_GATEWAY_NODE_DIR");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path fromModule = Path.of("src", "test", "node");
        return Files.isDirectory(fromModule) ? fromModule.toAbsolutePath() : Path.of("gateway", "src", "test", "node").toAbsolutePath();
    }

    private static String findOnPath(String program) throws IOException {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    private static void skipOrFail(String message) {
        if ("true".equals(System.getenv("CI"))) {
            fail("CI=true: " + message);
        }
        System.out.println("SKIPPED: " + message);
        Assumptions.abort(message);
    }
}
