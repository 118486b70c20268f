package dev.forgeline.release.cross;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OsReleaseTest {
    @TempDir Path root;

    @Test
    void of_quotedAndBareValuesThroughBaseFilesRelativeLink_givesIdAndVersionId() throws Exception {
        Files.createDirectories(root.resolve("usr/lib"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("usr/lib/os-release"), "# a comment=no\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
                + "VERSION_ID=\"12\"\nID=debian\nHOME_URL='https://www.debian.org/'\n");
        Files.createSymbolicLink(root.resolve("etc/os-release"), Path.of("../usr/lib/os-release"));

        OsRelease release = OsRelease.of(root);

        assertEquals(new OsRelease("debian", "12"), release);
        assertEquals("debian-12", release.distro());
    }

    @Test
    void of_noVersionId_failsNamingTheFileAndTheFix() throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/os-release"), "ID=debian\nVERSION_CODENAME=trixie\n");

        ForgelineException e = assertThrows(ForgelineException.class, () -> OsRelease.of(root));

        assertEquals(ExitCode.TOOLCHAIN_MISSING, e.exitCode());
        assertTrue(e.getMessage().contains("etc/os-release names no ID and VERSION_ID"), e.getMessage());
        assertTrue(e.hint().contains("so it is made again"), e.hint());
    }

    @Test
    void of_noFile_failsWithTheFix() {
        ForgelineException e = assertThrows(ForgelineException.class, () -> OsRelease.of(root));
        assertTrue(e.getMessage().startsWith("cannot read " + root.resolve("etc/os-release")), e.getMessage());
    }
}
