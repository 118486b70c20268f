package dev.forgeline.release.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.io.FileTrees;
import dev.forgeline.release.testing.CliRun;
import dev.forgeline.release.testing.TestProjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of bad input has its own message and exit code, and leaves no output behind. */
class BadInputTest {
    @TempDir
    Path temp;

    private Path project;
    private Path out;

    @BeforeEach
    void setUp() throws IOException {
        project = TestProjects.copySampleProject(temp);
        out = temp.resolve("out");
    }

    private CliRun build(String target) {
        return CliRun.of("build", "--config", project.resolve("release.yaml").toString(), "--target", target,
                "--out", out.toString());
    }

    private void replaceInConfig(String from, String to) throws IOException {
        Path yaml = project.resolve("release.yaml");
        String text = Files.readString(yaml);
        assertTrue(text.contains(from), "fixture contains " + from);
        Files.writeString(yaml, text.replace(from, to));
    }

    private void assertNothingWritten() throws IOException {
        assertFalse(Files.exists(out), "no output directory");
        try (Stream<Path> entries = Files.list(temp)) {
            assertEquals(1, entries.count(), "only the project is left in " + temp + " (no staging directory)");
        }
    }

    @Test
    void build_ofATagThatNamesAnotherVersion_exits2BeforeAnythingIsBuilt() throws IOException {
        CliRun run = CliRun.of("build", "--config", project.resolve("release.yaml").toString(), "--target", "linux-x86_64",
                "--tag", "v2.4.0", "--out", out.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("the tag v2.4.0 does not name version 2.3.4"), run.err());
        assertTrue(run.err().contains("expects tag v2.3.4"), run.err());
        assertNothingWritten();
        CliRun release = CliRun.of("release", "--local", "--config", project.resolve("release.yaml").toString(),
                "--tag", "2.3.4", "--out", out.toString());
        assertEquals(2, release.exitCode(), "the default pattern is v{version}: " + release.err());
        assertNothingWritten();
    }

    @Test
    void build_ofSourcesOutsideGit_exits3WithBothWaysOn_andWritesNothing() throws IOException {
        FileTrees.deleteTree(project.resolve(".git"));

        CliRun run = build("linux-x86_64");

        assertEquals(3, run.exitCode(), run.err());
        assertTrue(run.err().contains("has no commit to release"), run.err());
        assertTrue(run.err().contains("hint: build from a git checkout") && run.err().contains("--outside-git"), run.err());
        assertNothingWritten();
    }

    @Test
    void build_ofATagTheCloneLacks_exits3WithTheFetchCommand() throws IOException {
        CliRun run = CliRun.of("build", "--config", project.resolve("release.yaml").toString(), "--target", "linux-x86_64",
                "--tag", "v2.3.4", "--out", out.toString());

        assertEquals(3, run.exitCode(), run.err());
        assertTrue(run.err().contains("the tag v2.3.4 is not in the clone"), run.err());
        assertTrue(run.err().contains("git fetch --depth=1 origin tag v2.3.4"), run.err());
        assertNothingWritten();
    }

    @Test
    void build_tagPatternWithoutTheVersion_exits2NamingTheField() throws IOException {
        replaceInConfig("  version: 2.3.4", "  version: 2.3.4\n  tagPattern: release");
        CliRun run = build("linux-x86_64");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("project.tagPattern 'release' does not contain {version}"), run.err());
        assertNothingWritten();
    }

    @Test
    void build_wrongTypeInConfig_exits2WithFieldAndLine() throws IOException {
        replaceInConfig("version: 1", "version: one");
        CliRun run = build("linux-x86_64");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("release.yaml:2:") && run.err().contains("field 'version' has the wrong type"), run.err());
        assertNothingWritten();
    }

    @Test
    void build_unknownTargetInConfig_exits2NamingIt() throws IOException {
        replaceInConfig("  - linux-aarch_64", "  - linux-sparc_64");
        CliRun run = build("linux-x86_64");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("unknown target 'linux-sparc_64' in targets[1]"), run.err());
        assertTrue(run.err().contains("hint: known targets: linux-x86_64"), run.err());
        assertNothingWritten();
    }

    @Test
    void build_missingCratePath_exits2NamingThePath() throws IOException {
        replaceInConfig("crate: crate", "crate: rust/core");
        CliRun run = build("linux-x86_64");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("native.crate 'rust/core' does not exist"), run.err());
        assertNothingWritten();
    }

    @Test
    void build_targetNotInMatrix_exits2ListingTheMatrix() throws IOException {
        CliRun run = build("windows-x86_64");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("--target windows-x86_64: it is a known platform but not in the matrix"), run.err());
        assertTrue(run.err().contains("targets in release.yaml: linux-x86_64, linux-aarch_64, osx-aarch_64"), run.err());
        assertNothingWritten();
    }

    @Test
    void build_unknownTargetOnCommandLine_exits2() throws IOException {
        CliRun run = build("plan9-mips");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("it is not a platform forgeline knows"), run.err());
        assertNothingWritten();
    }

    @Test
    void build_targetThatCannotBeBuiltHere_exits3WithReason() throws IOException {
        CliRun run = build("osx-aarch_64");
        assertEquals(3, run.exitCode(), run.err());
        assertTrue(run.err().contains("cannot build osx-aarch_64 on this machine: needs a CI runner"), run.err());
        assertNothingWritten();
    }

    @Test
    void release_withoutLocal_exits2WithHint() {
        CliRun run = CliRun.of("release", "--config", project.resolve("release.yaml").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("forgeline release --local"), run.err());
    }

    @Test
    void unknownOption_exits2WithUsage() {
        CliRun run = CliRun.of("build", "--target", "linux-x86_64", "--frobnicate");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("Unknown option: '--frobnicate'"), run.err());
    }

    @Test
    void plan_printsEveryTargetWithReason() throws IOException {
        CliRun run = CliRun.of("plan", "--config", project.resolve("release.yaml").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("\"classifier\" : \"linux-aarch_64\""), run.out());
        assertTrue(run.out().contains("\"buildableHere\" : false"), run.out());
        assertTrue(run.out().contains("\"version\" : \"2.3.4\""), run.out());
    }
}
