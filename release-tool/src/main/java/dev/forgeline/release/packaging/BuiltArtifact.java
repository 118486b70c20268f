package dev.forgeline.release.packaging;

import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.manifest.ReleaseManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file the release will publish, with its Maven coordinates. {@code target} is the platform
 * classifier for per-platform jars and null for platform-independent files.
 */
public record BuiltArtifact(
        String groupId, String artifactId, String version, String classifier, String extension, String target, Path file) {

    public BuiltArtifact {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(artifactId, "artifactId");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(extension, "extension");
        Objects.requireNonNull(file, "file");
    }

    /** The Maven file name: {@code artifactId-version[-classifier].extension}. */
    public String fileName() {
        return artifactId + "-" + version + (classifier == null ? "" : "-" + classifier) + "." + extension;
    }

    /** The manifest's record of this file, its path relative to the release directory {@code base}. */
    public ReleaseManifest.ArtifactRecord record(Path base) throws IOException {
        return new ReleaseManifest.ArtifactRecord(groupId, artifactId, version, classifier, extension, target,
                base.relativize(file).toString().replace('\\', '/'), Files.size(file), Checksums.sha256(file));
    }

    /** {@code group:artifact:extension[:classifier]:version}, the key the manifest sorts by. */
    public String coordinate() {
        return groupId + ":" + artifactId + ":" + extension + (classifier == null ? "" : ":" + classifier) + ":" + version;
    }
}
