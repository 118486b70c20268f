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
}
