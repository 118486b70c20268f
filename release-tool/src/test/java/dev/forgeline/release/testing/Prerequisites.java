package dev.forgeline.release.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need a tool this machine may lack (a cross gcc, qemu, a Debian package): they print
 * what is missing and how to install it, and are skipped, except on CI (env CI=true), where a
 * missing prerequisite fails the test so the suite cannot pass by skipping.
 */
public final class Prerequisites {
    private Prerequisites() {}

    /** The absolute path of {@code command} on PATH, or a skip (a failure on CI) naming the install command. */
    public static Path command(String command, String installCommand) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        missing(command + " is not installed", installCommand);
        throw new AssertionError("unreachable");
    }

    public static void missing(String what, String installCommand) {
        String message = what + "; install it with: " + installCommand + " (or run .ci/install-test-deps)";
        System.err.println("[prerequisite missing] " + message);
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.abort(message);
    }
}
