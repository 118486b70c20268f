package dev.forgeline.release.cross;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.testing.Prerequisites;
import dev.forgeline.release.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status written for .debs built here by dpkg-deb, read back by Debian's own dpkg-query. */
class DpkgStatusTest {
    @TempDir Path dir;

    @Test
    void write_dpkgQueryListsEveryPackageAsInstalled_withItsControlFields() throws Exception {
        Prerequisites.command("dpkg-query", "apt-get install -y dpkg");
        AptSandbox.DebPackage zlib = deb("zlib1g", "1:1.2.13-1", "amd64", "Source: zlib\nMulti-Arch: same\n");
        AptSandbox.DebPackage baseFiles = deb("base-files", "12.4", "amd64", "Essential: yes\n");
        Path root = Files.createDirectories(dir.resolve("root"));

        DpkgStatus.write(root, List.of(zlib, baseFiles));

        Tools.Run query = Tools.run(dir, Map.of(), List.of("dpkg-query", "--admindir=" + root.resolve("var/lib/dpkg"),
                "-W", "-f", "${Package}:${Architecture} ${Version} ${db:Status-Abbrev}${Source} ${Essential}|${binary:Summary}\n"));
        assertEquals(0, query.exitCode(), query.output());
        assertEquals("base-files:amd64 12.4 ii  yes|a package made by the test\n"
                + "zlib1g:amd64 1:1.2.13-1 ii zlib no|a package made by the test\n", query.output());
        String status = Files.readString(root.resolve(DpkgStatus.PATH));
        assertEquals("Package: base-files\nStatus: install ok installed\nVersion: 12.4\n",
                status.lines().limit(3).reduce("", (a, b) -> a + b + "\n"), status);
        // Multi-line fields (the description's body) are kept as shipped.
        assertEquals(2, status.lines().filter(" It is a fixture of DpkgStatusTest."::equals).count(), status);
    }

    @Test
    void write_sameDebsInAnotherOrder_sameBytes() throws Exception {
        AptSandbox.DebPackage a = deb("libgcc-s1", "12.2.0-14", "arm64", "");
        AptSandbox.DebPackage b = deb("libc6", "2.36-9", "arm64", "");
        Path one = Files.createDirectories(dir.resolve("one"));
        Path two = Files.createDirectories(dir.resolve("two"));

        DpkgStatus.write(one, List.of(a, b));
        DpkgStatus.write(two, List.of(b, a));

        assertArrayEquals(Files.readAllBytes(one.resolve(DpkgStatus.PATH)), Files.readAllBytes(two.resolve(DpkgStatus.PATH)));
    }

    @Test
    void stanza_controlWithoutPackageFirst_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> DpkgStatus.stanza("Version: 1\nPackage: x\n"));
        assertEquals("Package: x\nStatus: install ok installed\nVersion: 1\n", DpkgStatus.stanza("Package: x\nVersion: 1\n\n"));
    }

    /** A real .deb with one file, built by dpkg-deb from a control file with {@code extra} fields after Version. */
    private AptSandbox.DebPackage deb(String name, String version, String arch, String extra) throws Exception {
        Prerequisites.command("dpkg-deb", "apt-get install -y dpkg");
        Path tree = dir.resolve("build-" + name);
        Files.createDirectories(tree.resolve("DEBIAN"));
        Files.createDirectories(tree.resolve("usr/share/doc/" + name));
        Files.writeString(tree.resolve("usr/share/doc/" + name + "/README"), name + "\n");
        Files.writeString(tree.resolve("DEBIAN/control"), "Package: " + name + "\nVersion: " + version + "\n" + extra
                + "Architecture: " + arch + "\nMaintainer: Forgeline tests <tests@forgeline.dev>\n"
                + "Description: a package made by the test\n It is a fixture of DpkgStatusTest.\n");
        Path file = dir.resolve(name + "_" + arch + ".deb");
        Tools.Run build = Tools.run(dir, Map.of(), List.of("dpkg-deb", "--root-owner-group", "--build", tree.toString(),
                file.toString()));
        assertEquals(0, build.exitCode(), build.output());
        return new AptSandbox.DebPackage(name, arch, version, file, Checksums.sha256(file));
    }
}
