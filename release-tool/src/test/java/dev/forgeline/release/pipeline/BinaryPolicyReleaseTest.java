package dev.forgeline.release.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.testing.CliRun;
import dev.forgeline.release.testing.TestProjects;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A library that needs more than the policy allows stops the release before anything is packaged. */
class BinaryPolicyReleaseTest {
    private static final java.io.PrintStream QUIET = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
    @TempDir
    Path temp;

    @Test
    void release_crateCallsAFunctionNewerThanTheGlibcFloor_linkStopsNamingSymbolAndVersion() throws Exception {
        // close_range appeared in glibc 2.34: linked against glibc 2.28's stubs, the link itself fails,
        // and the release says which function and since when.
        Path project = TestProjects.copySampleProject(temp);
        Files.writeString(project.resolve("crate/src/lib.rs"), Files.readString(project.resolve("crate/src/lib.rs")) + """

                extern "C" {
                    fn close_range(first: u32, last: u32, flags: i32) -> i32;
                }

                #[no_mangle]
                pub extern "C" fn sample_close_all() -> i32 {
                    unsafe { close_range(3, u32::MAX, 0) }
                }
                """);
        Path out = temp.resolve("out");
        CliRun run = CliRun.of("release", "--local", "--config", project.resolve("release.yaml").toString(),
                "--out", out.toString());
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().contains("the linux-x86_64 library calls functions glibc 2.28 does not have")
                && run.err().contains("close_range (glibc 2.34)"), run.err());
        assertTrue(run.err().contains("raise checks.maxGlibc"), run.err());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void release_libraryNeedsNewerGlibcThanThePolicy_binaryCheckStopsNamingVersionAndSymbols() throws Exception {
        // A library that escaped the glibc floor (here: a cargo stand-in that ships one linked against the
        // build machine's glibc) is still caught by the independent binary check.
        Path source = temp.resolve("lib.c");
        Files.writeString(source, "#include <pthread.h>\nstatic pthread_key_t key;\n"
                + "int sample_key(void) { return pthread_key_create(&key, 0) + pthread_key_delete(key); }\n");
        Path library = temp.resolve("libnew.so");
        Process gcc = new ProcessBuilder(dev.forgeline.release.testing.Prerequisites.command("gcc", "apt-get install -y gcc")
                .toString(), "-shared", "-fPIC", "-o", library.toString(), source.toString()).inheritIO().start();
        assertEquals(0, gcc.waitFor());
        Path out = temp.resolve("out");
        dev.forgeline.release.ForgelineException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.forgeline.release.ForgelineException.class, () -> releaseWithCargoStandIn(library, out));
        assertEquals(dev.forgeline.release.ExitCode.CHECK_FAILED, e.exitCode());
        assertTrue(e.getMessage().contains("the linux-x86_64 library fails the binary checks"), e.getMessage());
        assertTrue(e.getMessage().contains("requires GLIBC_2.34") && e.getMessage().contains("allows at most 2.28"),
                e.getMessage());
        assertTrue(e.getMessage().contains("pthread_key_create"), "names the symbols: " + e.getMessage());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void release_extraNeededLibraryNotAllowed_stopsNamingIt() throws Exception {
        Path project = TestProjects.copySampleProject(temp);
        Path yaml = project.resolve("release.yaml");
        // Allow only libc itself: the Rust std's libgcc_s dependency is then a disallowed DT_NEEDED.
        Files.writeString(yaml, Files.readString(yaml) + "checks:\n  allowedNeeded: [\"libc.so.6\", \"ld-linux-*.so.*\"]\n");
        Path out = temp.resolve("out");
        CliRun run = CliRun.of("release", "--local", "--config", yaml.toString(), "--out", out.toString());
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().contains("libgcc_s.so.1"), run.err());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void release_libraryForTheWrongMachine_stopsNamingBothMachines() throws Exception {
        // A cargo stand-in that "builds" an aarch64 library for the x86_64 target, as a misconfigured
        // linker would: the binary check must catch it before anything is packaged.
        String crossGcc = dev.forgeline.release.testing.Prerequisites.command("aarch64-linux-gnu-gcc",
                "apt-get install -y gcc-aarch64-linux-gnu").toString();
        Path source = temp.resolve("lib.c");
        Files.writeString(source, "int answer(void) { return 42; }\n");
        Path foreign = temp.resolve("libforeign.so");
        Process gcc = new ProcessBuilder(crossGcc, "-shared", "-fPIC", "-o", foreign.toString(), source.toString())
                .inheritIO().start();
        assertEquals(0, gcc.waitFor());
        Path out = temp.resolve("out");
        dev.forgeline.release.ForgelineException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.forgeline.release.ForgelineException.class, () -> releaseWithCargoStandIn(foreign, out));
        assertEquals(dev.forgeline.release.ExitCode.CHECK_FAILED, e.exitCode());
        assertTrue(e.getMessage().contains("the linux-x86_64 library fails the binary checks"), e.getMessage());
        assertTrue(e.getMessage().contains("AArch64") && e.getMessage().contains("x86"), e.getMessage());
        assertFalse(Files.exists(out), "nothing written");
    }

    /** Releases the sample project with a cargo stand-in that "builds" {@code library} for every target. */
    private void releaseWithCargoStandIn(Path library, Path out) throws Exception {
        Path fakeCargo = temp.resolve("cargo");
        Files.writeString(fakeCargo, """
                #!/usr/bin/env bash
                if [[ "$1" == --version ]]; then echo "cargo 1.95.0 (stand-in)"; exit 0; fi
                while (($#)); do case "$1" in --target) triple="$2"; shift;; --target-dir) dir="$2"; shift;; esac; shift; done
                mkdir -p "$dir/$triple/release" && cp "%s" "$dir/$triple/release/libsample_core.so"
                """.formatted(library));
        fakeCargo.toFile().setExecutable(true);
        Path project = TestProjects.copySampleProject(temp);
        java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.put("CARGO", fakeCargo.toString());
        try (ReleaseRunner runner = new ReleaseRunner(env, QUIET)) {
            runner.localRelease(new dev.forgeline.release.config.ReleaseConfigLoader().loadFromProject(project), out,
                    java.util.List.of(dev.forgeline.release.platform.TargetCatalog.host().orElseThrow()), null);
        }
    }
}
