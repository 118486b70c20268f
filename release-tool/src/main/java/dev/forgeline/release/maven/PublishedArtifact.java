package dev.forgeline.release.maven;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A file to publish under its coordinates. The path is made absolute on construction; whether the file exists is
 * checked when it is published ({@link MavenPublisher}), so a request can be built before the files are.
 */
public record PublishedArtifact(MavenCoordinates coordinates, Path file) {

    public PublishedArtifact {
        Objects.requireNonNull(coordinates, "coordinates");
        Objects.requireNonNull(file, "file");
        file = file.toAbsolutePath().normalize();
    }

    public PublishedArtifact(
            String groupId, String artifactId, String version, String classifier, String extension, Path file) {
        this(new MavenCoordinates(groupId, artifactId, version, classifier, extension), file);
    }

    public String groupId() {
        return coordinates.groupId();
    }

    public String artifactId() {
        return coordinates.artifactId();
    }

    public String version() {
        return coordinates.version();
    }

    /** The classifier, or null. */
    public String classifier() {
        return coordinates.classifier();
    }

    public String extension() {
        return coordinates.extension();
    }

    @Override
    public String toString() {
        return coordinates + " (" + file + ")";
    }
}
