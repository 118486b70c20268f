package dev.forgeline.release.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code forgeline audit}'s usage errors: each one exit 2, saying what is wrong and how to put it right. */
class AuditCommandTest {
    @Test
    void nothingToAudit_orTwoReleases_isBadUsage() {
        CliRun none = CliRun.of("audit", "--require", "none");
        assertEquals(2, none.exitCode(), none.err());
        assertTrue(none.err().contains("error: nothing to audit") && none.err().contains("hint: name a release directory"),
                none.err());
        CliRun both = CliRun.of("audit", "dist", "--repository", "file:///srv/maven", "--version", "g:a:1", "--require",
                "none");
        assertEquals(2, both.exitCode());
        assertTrue(both.err().contains("DIR and --repository name two releases"), both.err());
    }

    @Test
    void repositoryWithoutVersion_andVersionWithoutRepository_isBadUsage() {
        CliRun noVersion = CliRun.of("audit", "--repository", "file:///srv/maven", "--require", "none");
        assertEquals(2, noVersion.exitCode());
        assertTrue(noVersion.err().contains("--repository needs --version G:A:V"), noVersion.err());
        CliRun badVersion = CliRun.of("audit", "--repository", "file:///srv/maven", "--version", "nonsense", "--require",
                "none");
        assertEquals(2, badVersion.exitCode());
        assertTrue(badVersion.err().contains("--version nonsense") && badVersion.err().contains("group:artifact:version"),
                badVersion.err());
    }

    @Test
    void sameTrustOptionsAsVerify_requiredSignatureWithoutKey_isBadUsage(@TempDir Path dir) {
        CliRun run = CliRun.of("audit", dir.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("PGP signatures are required but no key is trusted"), run.err());
    }

    @Test
    void sinceAMissingDirectory_withoutRepository_isBadUsage(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("release"));
        CliRun run = CliRun.of("audit", dir.resolve("release").toString(), "--since", dir.resolve("nowhere").toString(),
                "--require", "none");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("no such release directory") && run.err().contains("needs --repository"), run.err());
        CliRun notADir = CliRun.of("audit", dir.resolve("nowhere").toString(), "--require", "none");
        assertEquals(2, notADir.exitCode());
        assertTrue(notADir.err().contains("is not a directory"), notADir.err());
    }
}
