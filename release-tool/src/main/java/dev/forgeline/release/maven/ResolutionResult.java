package dev.forgeline.release.maven;

import dev.forgeline.release.common.MavenCoordinates;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The resolved artifacts in resolution order: the root first, then its dependencies depth-first in declaration
 * order (Maven's classpath order), each once. {@code dependencies} is the tree after Maven's conflict resolution: each
 * resolved artifact's direct dependencies among the resolved ones (for an SBOM's dependency graph).
 */
public record ResolutionResult(MavenCoordinates root, List<ResolvedArtifact> artifacts,
        Map<MavenCoordinates, List<MavenCoordinates>> dependencies) {

    public ResolutionResult {
        Objects.requireNonNull(root, "root");
        artifacts = List.copyOf(artifacts);
        dependencies = dependencies == null ? Map.of() : Map.copyOf(dependencies);
    }

    public ResolutionResult(MavenCoordinates root, List<ResolvedArtifact> artifacts) {
        this(root, artifacts, Map.of());
    }

    /** The direct dependencies of {@code artifact} in the resolved tree (none when it has none or is unknown). */
    public List<MavenCoordinates> dependenciesOf(MavenCoordinates artifact) {
        return dependencies.getOrDefault(artifact, List.of());
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
