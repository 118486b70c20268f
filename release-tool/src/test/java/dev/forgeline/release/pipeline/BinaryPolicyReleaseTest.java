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
    void release_libraryNeedsNewerGlibcThanThePolicy_stopsNamingVersionAndSymbols() throws Exception {
        Path project = TestProjects.copySampleProject(temp);
        Path yaml = project.resolve("release.yaml");
        Files.writeString(yaml, Files.readString(yaml).replace("maxGlibc: \"2.34\"", "maxGlibc: \"2.28\""));
        Path out = temp.resolve("out");
        CliRun run = CliRun.of("release", "--local", "--config", yaml.toString(), "--out", out.toString());
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().contains("the linux-x86_64 library fails the binary checks"), run.err());
        assertTrue(run.err().contains("requires GLIBC_2.34") && run.err().contains("allows at most 2.28"), run.err());
        assertTrue(run.err().contains("pthread_key_create") || run.err().contains("dlsym"), "names the symbols: " + run.err());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void release_extraNeededLibraryNotAllowed_stopsNamingIt() throws Exception {
        Path project = TestProjects.copySampleProject(temp);
        Path yaml = project.resolve("release.yaml");
        // Allow only libc itself: the Rust std's libgcc_s dependency is then a disallowed DT_NEEDED.
        Files.writeString(yaml, Files.readString(yaml) + "  allowedNeeded: [\"libc.so.6\", \"ld-linux-*.so.*\"]\n");
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
        Path fakeCargo = temp.resolve("cargo");
        Files.writeString(fakeCargo, """
                #!/usr/bin/env bash
                if [[ "$1" == --version ]]; then echo "cargo 1.95.0 (stand-in)"; exit 0; fi
                while (($#)); do case "$1" in --target) triple="$2"; shift;; --target-dir) dir="$2"; shift;; esac; shift; done
                mkdir -p "$dir/$triple/release" && cp "%s" "$dir/$triple/release/libsample_core.so"
                """.formatted(foreign));
        fakeCargo.toFile().setExecutable(true);

        Path project = TestProjects.copySampleProject(temp);
        java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.put("CARGO", fakeCargo.toString());
        Path out = temp.resolve("out");
        dev.forgeline.release.ForgelineException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.forgeline.release.ForgelineException.class,
                () -> new LocalRelease(new dev.forgeline.release.config.ReleaseConfigLoader().loadFromProject(project), out,
                        env, QUIET).run());
        assertEquals(dev.forgeline.release.ExitCode.CHECK_FAILED, e.exitCode());
        assertTrue(e.getMessage().contains("the linux-x86_64 library fails the binary checks"), e.getMessage());
        assertTrue(e.getMessage().contains("AArch64") && e.getMessage().contains("x86"), e.getMessage());
        assertFalse(Files.exists(out), "nothing written");
    }
}
