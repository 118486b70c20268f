package dev.forgeline.release.maven;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Third-party artifacts and POMs, downloaded from an upstream (Maven Central) once and kept between runs, like a
 * Maven user's {@code ~/.m2}: a resolution reads them as the read-only tail of its local repository instead of asking
 * the upstream again. Only files the release repository does not hold are kept, so the cache never answers for the
 * release's own artifacts (rebuilt with other bytes under the same version) and each run still resolves those from
 * the release. Every kept file was checksum-verified when it was downloaded; it is put in place atomically, and a
 * file already there is left alone, so concurrent runs may share the cache.
 */
public final class UpstreamCache {
    /** Resolver bookkeeping, not artifacts: never kept. */
    private static final List<String> NOT_KEPT = List.of("_remote.repositories", "resolver-status.properties");

    private UpstreamCache() {}

    /**
     * Copies into {@code cache} every artifact or POM under {@code localRepository} that {@code releaseRepository} (a
     * directory) does not hold. Best effort: a file that cannot be kept is downloaded again next time.
     */
    static void keep(Path localRepository, Path cache, Path releaseRepository) {
        try (Stream<Path> files = Files.walk(localRepository)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path relative = localRepository.relativize(file);
                String name = file.getFileName().toString();
                if (NOT_KEPT.contains(name) || name.endsWith(".lastUpdated") || name.startsWith("maven-metadata")
                        || relative.getNameCount() < 4 || Files.exists(releaseRepository.resolve(relative.toString()))) {
                    continue; // group/artifact/version/file at least: an artifact's place in the layout
                }
                Path target = cache.resolve(relative.toString());
                if (!Files.exists(target)) {
                    put(file, target);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the cache only saves downloads; resolution already succeeded
        }
    }

    private static void put(Path file, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path part = Files.createTempFile(target.getParent(), ".keep-", ".part");
        try {
            Files.copy(file, part, StandardCopyOption.REPLACE_EXISTING);
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            // another run kept it first
        } finally {
            Files.deleteIfExists(part);
        }
    }
}
