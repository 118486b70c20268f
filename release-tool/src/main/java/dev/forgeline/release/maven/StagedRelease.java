package dev.forgeline.release.maven;

import dev.forgeline.release.common.Checksums;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * A release deployed into a staging repository and verified there, ready to be moved into the target.
 *
 * @param repository       root of the staging repository (Maven 2 layout)
 * @param seedDirectory    copies of the target's metadata files as they were when staging started, by the same
 *                         relative paths (to notice a concurrent change before replacing them)
 * @param files            every staged file, relative path ({@code /}) to its digests
 * @param versionsByGaPath for each {@code group/path/artifactId}, the versions this release publishes there
 * @param metadataFiles    for each {@code group/path/artifactId}, its staged metadata files, checksum files first
 *                         and {@code maven-metadata.xml} last
 */
record StagedRelease(
        Path repository,
        Path seedDirectory,
        SortedMap<String, Checksums.Digests> files,
        SortedMap<String, SortedSet<String>> versionsByGaPath,
        SortedMap<String, List<String>> metadataFiles) {

    StagedRelease {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(seedDirectory, "seedDirectory");
        files = new TreeMap<>(files);
        versionsByGaPath = new TreeMap<>(versionsByGaPath);
        metadataFiles = new TreeMap<>(metadataFiles);
    }

    /** {@code group/path/artifactId/version} of every version in this release, sorted. */
    List<String> versionDirectories() {
        return versionsByGaPath.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(v -> e.getKey() + "/" + v))
                .sorted()
                .toList();
    }

    /** The staged files under a directory (relative path prefix), with their digests. */
    Map<String, Checksums.Digests> filesUnder(String relativeDirectory) {
        String prefix = relativeDirectory + "/";
        return files.subMap(prefix, prefix + Character.MAX_VALUE);
    }
}
