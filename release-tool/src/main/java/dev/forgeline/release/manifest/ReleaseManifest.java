package dev.forgeline.release.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * release-manifest.json: the contract between stages and between CI runners. Every file the release
 * publishes is listed with its coordinates and SHA-256; every target of the matrix is listed with
 * whether it was built and, if not, why. Maps are sorted and artifacts ordered by coordinate so the
 * file is stable. The format is documented in docs/formats.md.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReleaseManifest(
        int formatVersion,
        Project project,
        Source source,
        SortedMap<String, TargetRecord> targets,
        List<ArtifactRecord> artifacts) {

    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "release-manifest.json";

    public ReleaseManifest {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(source, "source");
        targets = new TreeMap<>(targets == null ? Map.of() : targets);
        artifacts = (artifacts == null ? List.<ArtifactRecord>of() : artifacts).stream()
                .sorted(Comparator.comparing(ArtifactRecord::coordinate))
                .toList();
    }

    public record Project(String groupId, String version) {}

    /** The commit released, whether the tree had uncommitted changes, and the timestamp used everywhere. */
    public record Source(String commit, boolean dirty, long sourceDateEpoch) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TargetRecord(
            String rustTriple, Status status, String reason, Toolchain toolchain, Library library) {
        public enum Status { built, skipped }
    }

    public record Toolchain(String cargo, String rustc) {}

    public record Library(String file, long size, String sha256) {}

    /** One published file; {@code file} is relative to the manifest's directory. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ArtifactRecord(
            String groupId, String artifactId, String version, String classifier, String extension,
            String target, String file, long size, String sha256) {

        public String coordinate() {
            return groupId + ":" + artifactId + ":" + extension + (classifier == null ? "" : ":" + classifier) + ":" + version;
        }
    }
}
