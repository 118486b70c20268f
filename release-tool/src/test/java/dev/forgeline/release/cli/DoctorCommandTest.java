package dev.forgeline.release.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.testing.CliRun;
import dev.forgeline.release.testing.TestProjects;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorCommandTest {
    @TempDir
    Path temp;

    @Test
    void doctor_reportsEveryTargetOfTheMatrixWithHowItIsBuiltAndSmokeTested() throws Exception {
        Path project = TestProjects.copySampleProject(temp);
        CliRun run = CliRun.of("doctor", "--config", project.resolve("release.yaml").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("linux-x86_64 (x86_64-unknown-linux-gnu)\n  build: native (ready)"), run.out());
        assertTrue(run.out().contains("linux-aarch_64 (aarch64-unknown-linux-gnu)\n  build: cross"), run.out());
        assertTrue(run.out().contains("osx-aarch_64 (aarch64-apple-darwin)\n  build: on a CI runner only"), run.out());
    }

    @Test
    void doctorTarget_reportsThatTargetAlone_andRefusesOneOutsideTheMatrix() throws Exception {
        Path project = TestProjects.copySampleProject(temp);
        CliRun run = CliRun.of("doctor", "--config", project.resolve("release.yaml").toString(), "--target", "osx-aarch_64");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("osx-aarch_64 (aarch64-apple-darwin)"), run.out());
        assertFalse(run.out().contains("linux-"), run.out());

        CliRun outside = CliRun.of("doctor", "--config", project.resolve("release.yaml").toString(), "--target", "windows-x86_64");
        assertEquals(2, outside.exitCode(), outside.err());
        assertTrue(outside.err().contains("not in the matrix"), outside.err());
    }

    @Test
    void planGithubMatrix_listsOneRunnerPerTarget() throws Exception {
        Path project = TestProjects.copySampleProject(temp);
        CliRun run = CliRun.of("plan", "--github-matrix", "--config", project.resolve("release.yaml").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("{\"include\":[{\"target\":\"linux-x86_64\""), run.out());
        assertTrue(run.out().contains("{\"target\":\"osx-aarch_64\",\"rustTriple\":\"aarch64-apple-darwin\",\"runs-on\":\"macos-14\","
                + "\"smoke\":\"runner\"}"), run.out());
        assertTrue(run.out().contains("{\"target\":\"linux-x86_64\",\"rustTriple\":\"x86_64-unknown-linux-gnu\","
                + "\"runs-on\":\"ubuntu-24.04\",\"container\":\"debian:12\",\"smoke\":\"host\"}"), run.out());
        assertTrue(run.out().contains("\"runs-on\":\"ubuntu-24.04-arm\",\"container\":\"debian:12\",\"smoke\":\"emulated\"}"),
                run.out());
    }

    @Test
    void planGithubMatrixSmoke_listsTheTargetsOnlyTheirOwnRunnerCanSmokeTest() throws Exception {
        Path project = TestProjects.copySampleProject(temp);
        CliRun run = CliRun.of("plan", "--config", project.resolve("release.yaml").toString(), "--github-matrix", "smoke");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("{\"include\":[{\"target\":\"osx-aarch_64\",\"rustTriple\":\"aarch64-apple-darwin\","
                + "\"runs-on\":\"macos-14\",\"smoke\":\"runner\"}]}", run.out().trim());
    }

    @Test
    void planGithubMatrix_unknownKind_isBadUsage() throws Exception {
        Path project = TestProjects.copySampleProject(temp);
        CliRun run = CliRun.of("plan", "--config", project.resolve("release.yaml").toString(), "--github-matrix", "deploy");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("build, smoke"), run.err());
    }
}
