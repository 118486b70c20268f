package dev.forgeline.sbom;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real tools the peer tests run (cargo, git, python3, node with the CycloneDX library). A
 * missing tool skips the test locally, printing what is missing and how to install it; on CI (env
 * CI=true) it fails the test: CI runs every peer.
 */
final class Peers {

    /** The npm package of the peer validator, installed by {@code .ci/install-test-deps}. */
    static final Path NODE_DIR = Path.of("src/test/node").toAbsolutePath();

    private Peers() {}

    static void require(String tool, boolean present, String install) {
        if (present) {
            return;
        }
        String message = tool + " is not available; install it with: " + install;
        if ("true".equals(System.getenv("CI"))) {
            fail(message + " (CI=true: a peer test never skips)");
        }
        System.err.println("SKIPPED: " + message);
        Assumptions.abort(message);
    }

    static void requireCommand(String command, String install) {
        require(command, onPath(command), install);
    }

    static void requireCycloneDxLibrary() {
        requireCommand("node", "sudo apt-get install -y nodejs npm");
        require("@cyclonedx/cyclonedx-library (npm packages in sbom/src/test/node)",
                Files.isDirectory(NODE_DIR.resolve("node_modules/@cyclonedx/cyclonedx-library"))
                        && Files.isDirectory(NODE_DIR.resolve("node_modules/ajv")),
                "bash .ci/install-test-deps (or: cd sbom/src/test/node && npm ci)");
    }

    static boolean onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    record Run(int exitCode, String output) {}

    /** Runs the command (stdout and stderr together), failing the test after 120 s. */
    static Run run(Path workDir, Map<String, String> env, List<String> command)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(workDir.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(command + " did not finish in 120 s");
        }
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /** Runs the command and fails the test, with its output, unless it exits 0. */
    static String ok(Path workDir, Map<String, String> env, String... command)
            throws IOException, InterruptedException {
        Run run = run(workDir, env, List.of(command));
        if (run.exitCode() != 0) {
            fail(String.join(" ", command) + " exited " + run.exitCode() + ":\n" + run.output());
        }
        return run.output();
    }
}
