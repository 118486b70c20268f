package dev.forgeline.release.pipeline;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.config.ReleaseConfig;
import dev.forgeline.release.config.ReleaseConfigLoader;
import dev.forgeline.release.testing.TestProjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseTagTest {
    @TempDir
    Path temp;

    @Test
    void of_takesTheExplicitTag_elseATagRefOfGithub_elseNone() {
        assertEquals(Optional.of("v1.0"), ReleaseTag.of("v1.0", Map.of("GITHUB_REF", "refs/tags/v2.0")));
        assertEquals(Optional.of("v2.0"), ReleaseTag.of(null, Map.of("GITHUB_REF", "refs/tags/v2.0")));
        assertEquals(Optional.empty(), ReleaseTag.of(null, Map.of("GITHUB_REF", "refs/heads/main")), "a branch build");
        assertEquals(Optional.empty(), ReleaseTag.of(" ", Map.of()));
    }

    @Test
    void requireMatchesVersion_followsTheConfiguredPattern() throws Exception {
        Path project = TestProjects.copySampleProject(temp);
        ReleaseConfig defaults = new ReleaseConfigLoader().load(project.resolve("release.yaml"));
        assertEquals("v2.3.4", defaults.expectedTag());
        assertDoesNotThrow(() -> ReleaseTag.requireMatchesVersion(Optional.of("v2.3.4"), defaults));
        assertDoesNotThrow(() -> ReleaseTag.requireMatchesVersion(Optional.empty(), defaults), "not a tag build");
        ForgelineException e = assertThrows(ForgelineException.class,
                () -> ReleaseTag.requireMatchesVersion(Optional.of("v2.3.5"), defaults));
        assertEquals(ExitCode.USAGE, e.exitCode());

        Path yaml = project.resolve("release.yaml");
        Files.writeString(yaml, Files.readString(yaml).replace("  version: 2.3.4", "  version: 2.3.4\n  tagPattern: sample-{version}"));
        ReleaseConfig custom = new ReleaseConfigLoader().load(yaml);
        assertDoesNotThrow(() -> ReleaseTag.requireMatchesVersion(Optional.of("sample-2.3.4"), custom));
        assertThrows(ForgelineException.class, () -> ReleaseTag.requireMatchesVersion(Optional.of("v2.3.4"), custom));
    }

    @Test
    void requireAtCheckout_theTagOfTheCheckedOutCommit_passes() throws Exception {
        Path project = TestProjects.copySampleProject(temp);
        TestProjects.git(project, "tag", "v2.3.4");

        assertDoesNotThrow(() -> ReleaseTag.requireAtCheckout(Optional.of("v2.3.4"), project, false));
        assertDoesNotThrow(() -> ReleaseTag.requireAtCheckout(Optional.empty(), project, false), "not a tag build");
    }

    @Test
    void requireAtCheckout_aTagOfAnotherCommit_isAUsageError_namingBoth() throws Exception {
        Path project = TestProjects.copySampleProject(temp);
        TestProjects.git(project, "tag", "v2.3.4");
        Files.writeString(project.resolve("NOTES.txt"), "later\n");
        TestProjects.git(project, "add", "NOTES.txt");
        TestProjects.git(project, "-c", "user.name=t", "-c", "user.email=t@forgeline.invalid", "commit", "-q", "-m", "later");

        ForgelineException e = assertThrows(ForgelineException.class,
                () -> ReleaseTag.requireAtCheckout(Optional.of("v2.3.4"), project, false));

        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains(TestProjects.git(project, "rev-parse", "v2.3.4^{commit}")), e.getMessage());
        assertTrue(e.getMessage().contains(TestProjects.git(project, "rev-parse", "HEAD")), e.getMessage());
    }

    @Test
    void requireAtCheckout_aShallowCloneWithoutTheTag_failsWithTheFetchFix() throws Exception {
        Path origin = TestProjects.copySampleProject(temp);
        TestProjects.git(origin, "tag", "v2.3.4");
        Path clone = temp.resolve("shallow");
        TestProjects.git(temp, "clone", "-q", "--depth=1", "--no-tags", origin.toUri().toString(), clone.toString());

        ForgelineException e = assertThrows(ForgelineException.class,
                () -> ReleaseTag.requireAtCheckout(Optional.of("v2.3.4"), clone, false));

        assertEquals(ExitCode.TOOLCHAIN_MISSING, e.exitCode());
        assertTrue(e.getMessage().contains("shallow clone"), e.getMessage());
        assertTrue(e.hint().contains("git fetch --depth=1 origin tag v2.3.4"), e.hint());
        assertTrue(e.hint().contains("fetch-depth: 0"), e.hint());
    }

    @Test
    void requireAtCheckout_aTagBuildOutsideGit_isAUsageError() throws Exception {
        Path project = TestProjects.copySampleProjectOutsideGit(temp);

        ForgelineException e = assertThrows(ForgelineException.class,
                () -> ReleaseTag.requireAtCheckout(Optional.of("v2.3.4"), project, true));

        assertEquals(ExitCode.USAGE, e.exitCode());
    }
}
