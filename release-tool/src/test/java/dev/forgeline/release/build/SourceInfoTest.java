package dev.forgeline.release.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.io.ProcessRunner;
import dev.forgeline.release.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceInfoTest {
    @TempDir
    Path temp;

    private Path committedRepository() throws Exception {
        Path repo = Files.createDirectories(temp.resolve("repo"));
        Files.writeString(repo.resolve("a.txt"), "a\n");
        git(repo, "init", "-q");
        git(repo, "add", "a.txt");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "one");
        return repo;
    }

    private static String git(Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        return ProcessRunner.query(command, Map.of("GIT_COMMITTER_DATE", "1700000000 +0000", "GIT_AUTHOR_DATE",
                "1700000000 +0000"));
    }

    @Test
    void of_aCheckout_recordsItsCommitAndTheCommitTime() throws Exception {
        Path repo = committedRepository();
        SourceInfo info = SourceInfo.of(repo, Map.of(), false);
        assertEquals(git(repo, "rev-parse", "HEAD"), info.commit());
        assertFalse(info.dirty());
        assertEquals(1700000000L, info.sourceDateEpoch());
    }

    @Test
    void of_aDirectoryOutsideGit_withTheOption_hasNoCommitTheFixedEpochAndSaysSo() {
        SourceInfo info = SourceInfo.of(temp, Map.of(), true);
        assertNull(info.commit());
        assertTrue(info.outsideGit());
        assertEquals(SourceInfo.DEFAULT_EPOCH, info.sourceDateEpoch());
    }

    @Test
    void of_aDirectoryOutsideGit_withoutTheOption_failsWithGitsWordsAndBothWaysOn() {
        ForgelineException e = assertThrows(ForgelineException.class, () -> SourceInfo.of(temp, Map.of(), false));

        assertEquals(ExitCode.TOOLCHAIN_MISSING, e.exitCode());
        assertTrue(e.getMessage().contains("not a git repository"), e.getMessage());
        assertTrue(e.hint().contains(SourceInfo.OUTSIDE_GIT_OPTION), e.hint());
        assertTrue(e.hint().contains("git checkout"), e.hint());
    }

    @Test
    void of_aCheckout_withTheOption_stillRecordsItsCommit() throws Exception {
        Path repo = committedRepository();
        SourceInfo info = SourceInfo.of(repo, Map.of(), true);
        assertEquals(git(repo, "rev-parse", "HEAD"), info.commit());
        assertFalse(info.outsideGit());
    }

    @Test
    void of_aCheckoutGitRefusesAsAnotherUsersOwn_failsWithGitsWordsAndTheFix_insteadOfHidingTheCommit() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            Prerequisites.missing("this test hands the checkout to another user with chown, which needs root",
                    "run the suite as root (as CI does)");
        }
        Path repo = committedRepository();
        Prerequisites.command("chown", "apt-get install -y coreutils");
        ProcessRunner.query(List.of("chown", "-R", "nobody", repo.toString()), Map.of());
        ForgelineException e = assertThrows(ForgelineException.class, () -> SourceInfo.of(repo, Map.of(), false));
        assertEquals(ExitCode.TOOLCHAIN_MISSING, e.exitCode());
        assertTrue(e.getMessage().contains("dubious ownership"), e.getMessage());
        assertTrue(e.hint().contains("git config --global --add safe.directory " + repo), e.hint());
    }
}
