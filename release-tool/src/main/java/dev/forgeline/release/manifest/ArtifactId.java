package dev.forgeline.release.manifest;

import java.util.Comparator;
import java.util.Objects;

/**
 * An artifact's identity in a release: its Maven coordinates. Two records with one id are the same file, so a merge
 * refuses them with two digests. Ordered and printed as {@code group:artifact:extension[:classifier]:version}, the
 * order of the manifest's artifact list.
 */
public record ArtifactId(String groupId, String artifactId, String version, String classifier, String extension)
        implements Comparable<ArtifactId> {

    private static final Comparator<ArtifactId> ORDER = Comparator.comparing(ArtifactId::toString);

    public ArtifactId {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(artifactId, "artifactId");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(extension, "extension");
    }

    @Override
    public int compareTo(ArtifactId other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return groupId + ":" + artifactId + ":" + extension + (classifier == null ? "" : ":" + classifier) + ":" + version;
    }
}
