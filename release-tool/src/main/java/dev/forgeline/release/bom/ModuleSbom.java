package dev.forgeline.release.bom;

import dev.forgeline.release.common.MavenCoordinates;
import dev.forgeline.release.maven.ResolutionResult;
import dev.forgeline.sbom.MavenGraphSbom;
import dev.forgeline.sbom.PomDetails;
import dev.forgeline.sbom.ResolvedArtifact;
import dev.forgeline.sbom.SbomException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cyclonedx.model.Bom;

/**
 * The SBOM of a Maven module's jar: its runtime graph as maven-resolver resolved it (after conflict resolution), each
 * artifact with SHA-256 and SHA-512 and what its POM says (licenses, publisher, links), the tree as dependencies.
 */
public final class ModuleSbom {
    private ModuleSbom() {}

    /**
     * @param resolved the module's resolution, the module first
     * @param localRepositories where it was resolved into (a local repository and its read-only tails, in order): the
     *     POMs, and their parents, are read from there
     */
    public static Bom of(ResolutionResult resolved, List<Path> localRepositories) throws SbomException {
        List<PomDetails.ParentPoms> each = localRepositories.stream().map(PomDetails.ParentPoms::inRepository).toList();
        PomDetails.ParentPoms parents = (g, a, v) -> each.stream().map(p -> p.find(g, a, v))
                .flatMap(java.util.Optional::stream).findFirst();
        List<ResolvedArtifact> artifacts = new ArrayList<>();
        ResolvedArtifact root = null;
        for (ResolutionResult.ResolvedArtifact a : resolved.artifacts()) {
            MavenCoordinates c = a.coordinates();
            List<String> dependsOn = resolved.dependenciesOf(c).stream().map(ModuleSbom::coordinates).toList();
            ResolvedArtifact artifact = new ResolvedArtifact(c.groupId(), c.artifactId(), c.version(), c.classifier(),
                    c.extension(), a.file(), dependsOn).withScope(a.scope(), false);
            Path pom = a.file().resolveSibling(c.artifactId() + "-" + c.version() + ".pom");
            if (Files.isRegularFile(pom)) {
                artifact = artifact.withPom(PomDetails.read(pom, parents));
            }
            if (root == null) {
                root = artifact;
            } else {
                artifacts.add(artifact);
            }
        }
        if (root == null) {
            throw new IllegalArgumentException("an empty resolution of " + resolved.root());
        }
        return MavenGraphSbom.of(root, artifacts).build();
    }

    private static String coordinates(MavenCoordinates c) {
        return new ResolvedArtifact(c.groupId(), c.artifactId(), c.version(), c.classifier(), c.extension(), null, List.of())
                .coordinates();
    }
}
