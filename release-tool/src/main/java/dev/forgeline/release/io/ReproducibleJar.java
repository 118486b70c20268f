package dev.forgeline.release.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a jar whose bytes depend only on its contents: entries in sorted order (manifest first, as
 * the jar format wants), every timestamp set to the release's SOURCE_DATE_EPOCH in UTC, no extra
 * fields, fixed compression level. Two builds of one commit give the same file.
 */
public final class ReproducibleJar {
    private final SortedMap<String, Object> entries = new TreeMap<>();
    private final LocalDateTime timestamp;

    public ReproducibleJar(long sourceDateEpoch) {
        // DOS time cannot hold dates before 1980; the jar spec clamps the same way.
        long clamped = Math.max(sourceDateEpoch, 315532800L);
        this.timestamp = LocalDateTime.ofEpochSecond(clamped, 0, ZoneOffset.UTC);
    }

    public ReproducibleJar add(String name, byte[] content) {
        entries.put(name, content);
        return this;
    }

    public ReproducibleJar add(String name, Path file) {
        entries.put(name, file);
        return this;
    }

    /** Writes to {@code destination} through a temporary file, so a failure leaves no partial jar. */
    public void writeTo(Path destination) throws IOException {
        Path temp = Files.createTempFile(destination.toAbsolutePath().getParent(), ".jar-", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temp); ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.setLevel(9);
                SortedMap<String, Object> ordered = new TreeMap<>((a, b) -> {
                    int ra = rank(a);
                    int rb = rank(b);
                    return ra != rb ? Integer.compare(ra, rb) : a.compareTo(b);
                });
                ordered.putAll(withDirectories());
                for (var entry : ordered.entrySet()) {
                    ZipEntry zipEntry = new ZipEntry(entry.getKey());
                    zipEntry.setTimeLocal(timestamp);
                    zip.putNextEntry(zipEntry);
                    if (entry.getValue() instanceof byte[] bytes) {
                        zip.write(bytes);
                    } else if (entry.getValue() instanceof Path path) {
                        try (InputStream in = Files.newInputStream(path)) {
                            in.transferTo(zip);
                        }
                    }
                    zip.closeEntry();
                }
            }
            Files.move(temp, destination, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The manifest directory and file come first so java.util.jar.JarInputStream finds them. */
    private static int rank(String name) {
        if (name.equals("META-INF/")) {
            return 0;
        }
        if (name.equals("META-INF/MANIFEST.MF")) {
            return 1;
        }
        return 2;
    }

    private SortedMap<String, Object> withDirectories() {
        SortedMap<String, Object> all = new TreeMap<>(entries);
        for (String name : entries.keySet()) {
            int slash = name.indexOf('/');
            while (slash >= 0) {
                all.putIfAbsent(name.substring(0, slash + 1), null);
                slash = name.indexOf('/', slash + 1);
            }
        }
        return all;
    }
}
