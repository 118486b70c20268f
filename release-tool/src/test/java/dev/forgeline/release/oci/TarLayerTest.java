package dev.forgeline.release.oci;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.testing.Tools;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layers are checked by GNU tar, the peer every container runtime's unpacking agrees with. */
class TarLayerTest {
    private static final long EPOCH = 1748736000L; // 2025-06-01T00:00:00Z

    @Test
    void tree_sameFilesWithOtherTimesAndOrder_giveIdenticalBytes(@TempDir Path dir) throws Exception {
        Path a = tree(dir.resolve("a"), List.of("b", "a/z", "a-b", "a/y"), FileTime.fromMillis(1_000));
        Path b = tree(dir.resolve("b"), List.of("a/y", "a-b", "b", "a/z"), FileTime.fromMillis(999_999_000));
        assertArrayEquals(bytes(new TarLayer(EPOCH).tree(a, "")), bytes(new TarLayer(EPOCH).tree(b, "")));
    }

    @Test
    void writeTo_gnuTarListsEntriesParentsFirstWithFixedTimeOwnerAndModes(@TempDir Path dir) throws Exception {
        TarLayer layer = new TarLayer(EPOCH)
                .file("app/lib/x.jar", 0644, "jar".getBytes(StandardCharsets.UTF_8))
                .directory("home/gateway", 0755, 65532, 65532)
                .directory("tmp", 01777, 0, 0)
                .symlink("app/current", "lib/x.jar");
        Path tar = dir.resolve("layer.tar");
        Files.write(tar, bytes(layer));
        Tools.Run list = Tools.run(dir, Map.of("TZ", "UTC"), List.of("tar", "--numeric-owner", "-tvf", tar.toString()));
        assertEquals(0, list.exitCode(), list.output());
        List<String> lines = list.output().lines().toList();
        assertEquals(List.of(
                "drwxr-xr-x 0/0               0 2025-06-01 00:00 app/",
                "lrwxrwxrwx 0/0               0 2025-06-01 00:00 app/current -> lib/x.jar",
                "drwxr-xr-x 0/0               0 2025-06-01 00:00 app/lib/",
                "-rw-r--r-- 0/0               3 2025-06-01 00:00 app/lib/x.jar",
                "drwxr-xr-x 0/0               0 2025-06-01 00:00 home/",
                "drwxr-xr-x 65532/65532       0 2025-06-01 00:00 home/gateway/",
                "drwxrwxrwt 0/0               0 2025-06-01 00:00 tmp/"), lines);
    }

    @Test
    void writeTo_pathsAndLinksLongerThanUstarHolds_roundTripThroughGnuTar(@TempDir Path dir) throws Exception {
        String longDir = "usr/share/" + "d".repeat(90) + "/" + "e".repeat(60);
        String longTarget = "../" + "t".repeat(120);
        Path tar = dir.resolve("layer.tar");
        Files.write(tar, bytes(new TarLayer(EPOCH).file(longDir + "/file.txt", 0600, "x".getBytes(StandardCharsets.UTF_8))
                .symlink("link", longTarget)));
        Path out = Files.createDirectories(dir.resolve("out"));
        Tools.Run extract = Tools.run(dir, Map.of(), List.of("tar", "-xf", tar.toString(), "-C", out.toString()));
        assertEquals(0, extract.exitCode(), extract.output());
        assertEquals("x", Files.readString(out.resolve(longDir + "/file.txt")));
        assertEquals(longTarget, Files.readSymbolicLink(out.resolve("link")).toString());
        assertTrue(extract.output().isEmpty(), "no warning from tar: " + extract.output());
    }

    private static Path tree(Path root, List<String> files, FileTime time) throws Exception {
        for (String f : files) {
            Path file = root.resolve(f);
            Files.createDirectories(file.getParent());
            Files.writeString(file, f);
            Files.setLastModifiedTime(file, time);
        }
        return root;
    }

    private static byte[] bytes(TarLayer layer) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        layer.writeTo(out);
        return out.toByteArray();
    }
}
