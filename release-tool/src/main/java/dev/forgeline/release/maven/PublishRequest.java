package dev.forgeline.release.maven;

import dev.forgeline.release.common.MavenCoordinates;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What to publish where: artifacts (each version complete, with its pom) and the repository URL. Checked on
 * construction for what needs no I/O: at least one artifact, no coordinate twice, an absolute URL. Whether the
 * scheme is supported and the files exist is checked by {@link MavenPublisher#publish}.
 */
public record PublishRequest(URI repository, List<PublishedArtifact> artifacts) {

    public PublishRequest {
        Objects.requireNonNull(repository, "repository");
        if (!repository.isAbsolute()) {
            throw new IllegalArgumentException("Repository URL must be absolute (with a scheme such as file:), got '"
                    + repository + "'");
        }
        artifacts = List.copyOf(Objects.requireNonNull(artifacts, "artifacts"));
        if (artifacts.isEmpty()) {
            throw new IllegalArgumentException("Nothing to publish: the request has no artifacts");
        }
        Set<MavenCoordinates> seen = new HashSet<>();
        for (PublishedArtifact artifact : artifacts) {
            if (!seen.add(artifact.coordinates())) {
                throw new IllegalArgumentException("Artifact " + artifact.coordinates()
                        + " is listed twice in the publish request; each coordinate names exactly one file");
            }
        }
    }

    /** A request to publish into the file repository at {@code repositoryDirectory}. */
    public static PublishRequest toDirectory(Path repositoryDirectory, List<PublishedArtifact> artifacts) {
        return new PublishRequest(repositoryDirectory.toAbsolutePath().normalize().toUri(), artifacts);
    }
}
