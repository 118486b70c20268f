package dev.forgeline.release.rust;

import dev.forgeline.release.io.ProcessRunner;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cargo and rustc that build the host target, with their exact versions (recorded in the
 * manifest for provenance). {@link #probe} fails with exit code 3 and an install hint when either is
 * missing or older than the crate's rust-version.
 */
public record RustToolchain(String cargo, String rustc, String cargoVersion, String rustcVersion) {
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");
    static final String INSTALL_HINT = "install Rust with https://rustup.rs (or: apt-get install cargo rustc) and make sure cargo is on PATH";

    public static RustToolchain probe(Map<String, String> env, String minimumRustVersion) {
        String cargo = env.getOrDefault("CARGO", "cargo");
        String rustc = env.getOrDefault("RUSTC", "rustc");
        String cargoVersion = version(cargo, env);
        String rustcVersion = version(rustc, env);
        if (minimumRustVersion != null && compare(rustcVersion, minimumRustVersion) < 0) {
            throw new ForgelineException(ExitCode.TOOLCHAIN_MISSING,
                    rustc + " is " + rustcVersion + " but the crate needs Rust " + minimumRustVersion + " or newer",
                    "update Rust: rustup update stable (or a newer rustc package)", null);
        }
        return new RustToolchain(cargo, rustc, cargoVersion, rustcVersion);
    }

    private static String version(String tool, Map<String, String> env) {
        try {
            return ProcessRunner.query(List.of(tool, "--version"), env);
        } catch (ProcessRunner.ToolNotFoundException e) {
            throw new ForgelineException(ExitCode.TOOLCHAIN_MISSING, tool + " is not installed (not found on PATH)",
                    INSTALL_HINT, e);
        } catch (IOException e) {
            throw new ForgelineException(ExitCode.TOOLCHAIN_MISSING, tool + " --version failed: " + e.getMessage(),
                    INSTALL_HINT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ForgelineException(ExitCode.INTERNAL, "interrupted", null, e);
        }
    }

    /** Compares the first x.y[.z] found in each string; a missing part counts as 0. */
    static int compare(String versionText, String minimum) {
        int[] a = parts(versionText);
        int[] b = parts(minimum);
        for (int i = 0; i < 3; i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return 0;
    }

    private static int[] parts(String text) {
        Matcher m = VERSION.matcher(text);
        if (!m.find()) {
            return new int[] {0, 0, 0};
        }
        return new int[] {
            Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3) == null ? 0 : Integer.parseInt(m.group(3))
        };
    }
}
