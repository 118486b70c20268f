package dev.forgeline.release.testing;

import java.nio.file.Path;

/** Where tests keep provisioned toolchains, JVMs and glibc's ABI lists across runs. */
public final class TestToolchains {
    private TestToolchains() {}

    /** $FORGELINE_TEST_TOOLCHAINS, or ~/.cache/forgeline-test/toolchains. */
    public static Path dir() {
        String override = System.getenv("FORGELINE_TEST_TOOLCHAINS");
        return override != null && !override.isBlank() ? Path.of(override)
                : Path.of(System.getProperty("user.home"), ".cache", "forgeline-test", "toolchains");
    }
}
