package dev.forgeline.release.maven;

import dev.forgeline.release.common.MavenCoordinates;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A file to publish under its coordinates, optionally with the SHA-256 it must have (the digest the release
 * manifest recorded when the file was built, tested and signed: {@link MavenPublisher} refuses a file that no
 * longer matches it).
 *
 * <p>The path is made absolute on construction; whether the file exists is checked when it is published, so a
 * request can be built before the files are.
 *
 * @param expectedSha256 lower-case hex, or null to publish whatever the file holds
 */
public record PublishedArtifact(MavenCoordinates coordinates, Path file, String expectedSha256) {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public PublishedArtifact {
        Objects.requireNonNull(coordinates, "coordinates");
        Objects.requireNonNull(file, "file");
        file = file.toAbsolutePath().normalize();
        if (expectedSha256 != null) {
            expectedSha256 = expectedSha256.toLowerCase(Locale.ROOT);
            if (!SHA256_HEX.matcher(expectedSha256).matches()) {
                throw new IllegalArgumentException(
                        "Expected SHA-256 of " + coordinates + " is not 64 hex digits: '" + expectedSha256 + "'");
            }
        }
    }

    public PublishedArtifact(MavenCoordinates coordinates, Path file) {
        this(coordinates, file, null);
    }

    public PublishedArtifact(
            String groupId, String artifactId, String version, String classifier, String extension, Path file) {
        this(new MavenCoordinates(groupId, artifactId, version, classifier, extension), file, null);
    }

    /** The same artifact, required to have this SHA-256 when published. */
    public PublishedArtifact withExpectedSha256(String sha256) {
        return new PublishedArtifact(coordinates, file, sha256);
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
