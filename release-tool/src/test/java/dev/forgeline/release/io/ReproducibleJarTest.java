package dev.forgeline.release.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReproducibleJarTest {
    @TempDir
    Path temp;

    private static ReproducibleJar sample(long epoch) {
        return new ReproducibleJar(epoch)
                .add("b/z.txt", "z".getBytes(StandardCharsets.UTF_8))
                .add("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n\r\n".getBytes(StandardCharsets.UTF_8))
                .add("a/y.txt", "y".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void writeTo_sameContentInAnyOrderAndTimeZone_givesIdenticalBytes() throws IOException {
        TimeZone original = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
            sample(1700000000L).writeTo(temp.resolve("one.jar"));
            TimeZone.setDefault(TimeZone.getTimeZone("America/Los_Angeles"));
            new ReproducibleJar(1700000000L)
                    .add("a/y.txt", "y".getBytes(StandardCharsets.UTF_8))
                    .add("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n\r\n".getBytes(StandardCharsets.UTF_8))
                    .add("b/z.txt", "z".getBytes(StandardCharsets.UTF_8))
                    .writeTo(temp.resolve("two.jar"));
        } finally {
            TimeZone.setDefault(original);
        }
        assertArrayEquals(Files.readAllBytes(temp.resolve("one.jar")), Files.readAllBytes(temp.resolve("two.jar")));
    }

    @Test
    void writeTo_differentEpoch_changesTheBytes() throws IOException {
        sample(1700000000L).writeTo(temp.resolve("one.jar"));
        sample(1800000000L).writeTo(temp.resolve("two.jar"));
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(temp.resolve("one.jar")), Files.readAllBytes(temp.resolve("two.jar"))));
    }

    @Test
    void writeTo_putsTheManifestFirstAndDirectoriesBeforeTheirFiles() throws IOException {
        Path jar = temp.resolve("x.jar");
        sample(1700000000L).writeTo(jar);
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                names.add(e.getName());
            }
        }
        assertEquals(List.of("META-INF/", "META-INF/MANIFEST.MF", "a/", "a/y.txt", "b/", "b/z.txt"), names);
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            assertEquals("1.0", in.getManifest().getMainAttributes().getValue("Manifest-Version"));
        }
    }

    @Test
    void writeTo_leavesNoTemporaryFileBehind() throws IOException {
        sample(1700000000L).writeTo(temp.resolve("x.jar"));
        try (var files = Files.list(temp)) {
            assertEquals(List.of(temp.resolve("x.jar")), files.toList());
        }
    }
}
