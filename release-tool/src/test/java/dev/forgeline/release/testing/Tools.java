package dev.forgeline.release.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * External peers the interoperability tests run (gpg, node with sigstore-js). A missing tool skips the test with a
 * message naming it and how to install it, except on CI (env CI=true), where it fails: CI must run every peer.
 */
public final class Tools {
    public static final Path NODE_DIR = Path.of("src/test/node").toAbsolutePath();

    private Tools() {}

    public static void require(String tool, boolean present, String install) {
        if (!present) {
            Prerequisites.missing(tool + " is not available", install);
        }
    }

    public static void requireGpg() {
        require("gpg (GnuPG)", onPath("gpg"), "sudo apt-get install -y gnupg");
    }

    public static void requireSigstoreJs() {
        require("node", onPath("node"), "sudo apt-get install -y nodejs npm");
        require("sigstore-js (npm packages in release-tool/src/test/node)",
                Files.isDirectory(NODE_DIR.resolve("node_modules/@sigstore/verify")),
                "cd release-tool/src/test/node && npm ci");
    }

    /** The workflow validators: SchemaStore's schema (action-validator) and GitHub's own parser. */
    public static void requireWorkflowValidators() {
        require("node", onPath("node"), "sudo apt-get install -y nodejs npm");
        require("@action-validator/cli and @actions/workflow-parser (npm packages in release-tool/src/test/node)",
                Files.isDirectory(NODE_DIR.resolve("node_modules/@action-validator/cli"))
                        && Files.isDirectory(NODE_DIR.resolve("node_modules/@actions/workflow-parser")),
                "cd release-tool/src/test/node && npm ci");
    }

    static boolean onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    public record Run(int exitCode, String output) {}

    /** Runs the command (stdout and stderr together) with extra environment, failing the test after 120 s. */
    public static Run run(Path workDir, Map<String, String> env, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(workDir.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(command + " did not finish");
        }
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
