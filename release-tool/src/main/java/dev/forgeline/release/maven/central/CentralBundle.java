package dev.forgeline.release.maven.central;

import dev.forgeline.release.common.Checksums;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The deployment bundle Central's Publisher API takes: a zip of the release in repository layout
 * ({@code group/artifact/version/file}), without {@code maven-metadata.xml} (Central writes its own). Deterministic:
 * entries sorted by path, one fixed time, no extra fields, so the same release gives the same bytes and the same
 * SHA-256, which is how a rerun recognises the deployment it journaled.
 *
 * @param zip    the bundle file
 * @param sha256 of the bundle file
 * @param files  the paths in the bundle, sorted
 */
public record CentralBundle(Path zip, String sha256, long size, List<String> files) {
    /** 1980-01-01, the earliest zip time: no entry carries the build machine's clock. */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    public CentralBundle {
        files = List.copyOf(files);
    }

    /** Writes the bundle of {@code relativePaths} under {@code root} to {@code zip}. */
    public static CentralBundle write(Path root, Collection<String> relativePaths, Path zip) throws IOException {
        TreeSet<String> paths = new TreeSet<>();
        for (String path : relativePaths) {
            String name = path.substring(path.lastIndexOf('/') + 1);
            if (!name.equals("maven-metadata.xml") && !name.startsWith("maven-metadata.xml.")) {
                paths.add(path);
            }
        }
        Files.createDirectories(zip.toAbsolutePath().getParent());
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            for (String path : paths) {
                ZipEntry entry = new ZipEntry(path);
                entry.setTimeLocal(ENTRY_TIME);
                out.putNextEntry(entry);
                Files.copy(root.resolve(path), out);
                out.closeEntry();
            }
        }
        return new CentralBundle(zip, Checksums.sha256(zip), Files.size(zip), List.copyOf(paths));
    }
}
