package dev.forgeline.release.io;

import dev.forgeline.release.io.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * An output directory that appears only when a run succeeds. Everything is written to a hidden
 * sibling staging directory; {@link #commit()} moves the results into place and {@link #close()}
 * removes whatever is left, so a failed run leaves the output as it was (absent, if it was).
 */
public final class OutputDirectory implements AutoCloseable {
    private final Path target;
    private final Path staging;

    private OutputDirectory(Path target, Path staging) {
        this.target = target;
        this.staging = staging;
    }

    public static OutputDirectory open(Path target) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + absolute.getFileName() + ".partial-");
        return new OutputDirectory(absolute, staging);
    }

    /** Where the run writes its results. */
    public Path staging() {
        return staging;
    }

    /** Where results land after {@link #commit()}. */
    public Path target() {
        return target;
    }

    /** A scratch directory inside staging that {@link #commit()} discards. */
    public Path work() throws IOException {
        return Files.createDirectories(staging.resolve(".work"));
    }

    /**
     * Moves the staged results into the target directory: each top-level entry replaces the one of the
     * same name (a previous manifest, a previous artifacts directory); other entries stay.
     */
    public void commit() throws IOException {
        FileTrees.deleteTree(staging.resolve(".work"));
        Files.createDirectories(target);
        try (var entries = Files.list(staging)) {
            for (Path entry : entries.sorted().toList()) {
                Path destination = target.resolve(entry.getFileName().toString());
                if (Files.isDirectory(destination) && !Files.isSymbolicLink(destination)) {
                    FileTrees.deleteTree(destination);
                }
                Files.move(entry, destination, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    @Override
    public void close() throws IOException {
        FileTrees.deleteTree(staging);
    }
}
