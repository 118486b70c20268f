package dev.forgeline.release.cross;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.testing.Prerequisites;
import dev.forgeline.release.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database written for .debs built here by dpkg-deb and unpacked with dpkg -x, as the image base is, read back by
 * Debian's own dpkg-query and checked by dpkg --verify.
 */
class DpkgDatabaseTest {
    @TempDir Path dir;

    private AptSandbox.DebPackage zlib;
    private AptSandbox.DebPackage baseFiles;
    private Path root;

    @BeforeEach
    void twoPackagesUnpacked() throws Exception {
        Prerequisites.command("dpkg-deb", "apt-get install -y dpkg");
        Prerequisites.command("dpkg-query", "apt-get install -y dpkg");
        zlib = deb("zlib1g", "1:1.2.13-1", "amd64", "Source: zlib\nMulti-Arch: same\n", false);
        baseFiles = deb("base-files", "12.4", "amd64", "Essential: yes\n", true);
        root = Files.createDirectories(dir.resolve("root"));
        for (AptSandbox.DebPackage deb : List.of(zlib, baseFiles)) {
            Tools.Run x = Tools.run(dir, Map.of(), List.of("dpkg", "-x", deb.file().toString(), root.toString()));
            assertEquals(0, x.exitCode(), x.output());
        }
    }

    @Test
    void write_dpkgQueryListsEveryPackageAsInstalled_withItsControlFields() throws Exception {
        DpkgDatabase.write(root, List.of(zlib, baseFiles));

        Tools.Run query = query("-W", "-f", "${Package}:${Architecture} ${Version} ${db:Status-Abbrev}${Source} ${Essential}"
                + "|${binary:Summary}\n");
        assertEquals(0, query.exitCode(), query.output());
        assertEquals("base-files:amd64 12.4 ii  yes|a package made by the test\n"
                + "zlib1g:amd64 1:1.2.13-1 ii zlib no|a package made by the test\n", query.output());
        String status = Files.readString(root.resolve(DpkgDatabase.STATUS));
        assertEquals("Package: base-files\nStatus: install ok installed\nVersion: 12.4\n",
                status.lines().limit(3).reduce("", (a, b) -> a + b + "\n"), status);
        // Multi-line fields (the description's body) are kept as shipped.
        assertEquals(2, status.lines().filter(" It is a fixture of DpkgDatabaseTest."::equals).count(), status);
        // The image layer keeps the modes on disk: dpkg's, not the umask's.
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(DpkgDatabase.STATUS))));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(DpkgDatabase.INFO))));
        try (java.util.stream.Stream<Path> info = Files.list(root.resolve(DpkgDatabase.INFO))) {
            info.forEach(f -> assertEquals("rw-r--r--", permissions(f), f.toString()));
        }
    }

    private static String permissions(Path file) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void write_dpkgQueryKnowsWhichPackageOwnsEachFile() throws Exception {
        DpkgDatabase.write(root, List.of(zlib, baseFiles));

        Tools.Run search = query("-S", "/usr/share/doc/zlib1g/README");
        assertEquals(0, search.exitCode(), search.output());
        assertEquals("zlib1g:amd64: /usr/share/doc/zlib1g/README\n", search.output(), "a Multi-Arch: same package's list");
        Tools.Run list = query("-L", "base-files");
        assertEquals(0, list.exitCode(), list.output());
        assertEquals(List.of("/.", "/etc", "/etc/fixture.conf", "/usr", "/usr/share", "/usr/share/doc",
                "/usr/share/doc/base-files", "/usr/share/doc/base-files/README"), list.output().lines().sorted().toList());
    }

    @Test
    void write_dpkgVerifyFindsEveryFileIntact_andNamesAChangedFileAndAChangedConffile() throws Exception {
        DpkgDatabase.write(root, List.of(zlib, baseFiles));

        assertEquals("", verify(), "every packaged file and conffile as the packages shipped them");
        Files.writeString(root.resolve("usr/share/doc/zlib1g/README"), "changed\n", StandardOpenOption.APPEND);
        Files.writeString(root.resolve("etc/fixture.conf"), "changed\n", StandardOpenOption.APPEND);
        String verified = verify();
        assertTrue(verified.lines().anyMatch(l -> l.matches("\\?\\?5\\S+ {3}/usr/share/doc/zlib1g/README")), verified);
        assertTrue(verified.lines().anyMatch(l -> l.matches("\\?\\?5\\S+ c /etc/fixture\\.conf")), verified);
    }

    @Test
    void write_sameDebsInAnotherOrder_sameBytes() throws Exception {
        Path one = copyOf(root, "one");
        Path two = copyOf(root, "two");

        DpkgDatabase.write(one, List.of(zlib, baseFiles));
        DpkgDatabase.write(two, List.of(baseFiles, zlib));

        assertArrayEquals(Files.readAllBytes(one.resolve(DpkgDatabase.STATUS)),
                Files.readAllBytes(two.resolve(DpkgDatabase.STATUS)));
        for (String info : List.of("format", "zlib1g:amd64.list", "zlib1g:amd64.md5sums", "base-files.list",
                "base-files.md5sums")) {
            assertArrayEquals(Files.readAllBytes(one.resolve(DpkgDatabase.INFO).resolve(info)),
                    Files.readAllBytes(two.resolve(DpkgDatabase.INFO).resolve(info)), info);
        }
    }

    @Test
    void stanza_controlWithoutPackageFirst_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> DpkgDatabase.stanza("Version: 1\nPackage: x\n", ""));
        assertEquals("Package: x\nStatus: install ok installed\nVersion: 1\nConffiles:\n /etc/x 0123\n",
                DpkgDatabase.stanza("Package: x\nVersion: 1\n\n", "Conffiles:\n /etc/x 0123\n"));
    }

    private Tools.Run query(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("dpkg-query", "--admindir="
                + root.resolve("var/lib/dpkg")));
        command.addAll(List.of(arguments));
        return Tools.run(dir, Map.of(), command);
    }

    private String verify() throws Exception {
        Tools.Run verify = Tools.run(dir, Map.of(), List.of("dpkg", "--root=" + root, "--verify"));
        return verify.output();
    }

    private Path copyOf(Path tree, String name) throws Exception {
        Path copy = dir.resolve(name);
        Tools.Run cp = Tools.run(dir, Map.of(), List.of("cp", "-a", tree.toString(), copy.toString()));
        assertEquals(0, cp.exitCode(), cp.output());
        return copy;
    }

    /**
     * A real .deb built by dpkg-deb: a README under /usr/share/doc (and with {@code conffile}, /etc/fixture.conf
     * declared as one), its md5sums, and a control file with {@code extra} fields after Version.
     */
    private AptSandbox.DebPackage deb(String name, String version, String arch, String extra, boolean conffile)
            throws Exception {
        Path tree = dir.resolve("build-" + name);
        Files.createDirectories(tree.resolve("DEBIAN"));
        Files.createDirectories(tree.resolve("usr/share/doc/" + name));
        Files.writeString(tree.resolve("usr/share/doc/" + name + "/README"), name + "\n");
        String md5sums = Checksums.digest(tree.resolve("usr/share/doc/" + name + "/README"), Checksums.Algorithm.MD5) + "  usr/share/doc/" + name
                + "/README\n";
        if (conffile) {
            Files.createDirectories(tree.resolve("etc"));
            Files.writeString(tree.resolve("etc/fixture.conf"), "setting = 1\n");
            Files.writeString(tree.resolve("DEBIAN/conffiles"), "/etc/fixture.conf\n");
        }
        Files.writeString(tree.resolve("DEBIAN/md5sums"), md5sums);
        Files.writeString(tree.resolve("DEBIAN/control"), "Package: " + name + "\nVersion: " + version + "\n" + extra
                + "Architecture: " + arch + "\nMaintainer: Forgeline tests <tests@forgeline.dev>\n"
                + "Description: a package made by the test\n It is a fixture of DpkgDatabaseTest.\n");
        // The modes dpkg-deb requires of a package tree, whatever the umask the tests run under.
        Tools.Run modes = Tools.run(dir, Map.of(), List.of("chmod", "-R", "u=rwX,go=rX", tree.toString()));
        assertEquals(0, modes.exitCode(), modes.output());
        Path file = dir.resolve(name + "_" + arch + ".deb");
        Tools.Run build = Tools.run(dir, Map.of(), List.of("dpkg-deb", "--root-owner-group", "--build", tree.toString(),
                file.toString()));
        assertEquals(0, build.exitCode(), build.output());
        return new AptSandbox.DebPackage(name, arch, version, file, Checksums.sha256(file));
    }
}
