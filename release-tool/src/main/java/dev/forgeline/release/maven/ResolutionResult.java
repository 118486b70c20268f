package dev.forgeline.release.maven;

import dev.forgeline.release.common.MavenCoordinates;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The resolved artifacts in resolution order: the root first, then its dependencies depth-first in declaration
 * order (Maven's classpath order), each once.
 */
public record ResolutionResult(MavenCoordinates root, List<ResolvedArtifact> artifacts) {

    public ResolutionResult {
        Objects.requireNonNull(root, "root");
        artifacts = List.copyOf(artifacts);
    }

    /**
     * One resolved artifact.
     *
     * @param file  the artifact's file in the local repository
     * @param scope its Maven scope as seen from the root ({@code compile} or {@code runtime})
     */
    public record ResolvedArtifact(MavenCoordinates coordinates, Path file, String scope) {
        public ResolvedArtifact {
            Objects.requireNonNull(coordinates, "coordinates");
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(scope, "scope");
        }
    }

    /** The files, in order. */
    public List<Path> files() {
        return artifacts.stream().map(ResolvedArtifact::file).toList();
    }

    /** The coordinates, in order. */
    public List<MavenCoordinates> coordinates() {
        return artifacts.stream().map(ResolvedArtifact::coordinates).toList();
    }
}
