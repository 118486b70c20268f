package dev.forgeline.release.maven;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Resolve {@code root} and its transitive runtime dependencies from {@code repository} (and nowhere else) into
 * {@code localRepository}, typically a new empty directory.
 */
public record ResolutionRequest(MavenCoordinates root, URI repository, Path localRepository) {

    public ResolutionRequest {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(localRepository, "localRepository");
        if (!repository.isAbsolute()) {
            throw new IllegalArgumentException("Repository URL must be absolute (with a scheme such as file:), got '"
                    + repository + "'");
        }
        localRepository = localRepository.toAbsolutePath().normalize();
    }

    /** Resolve from the file repository at {@code repositoryDirectory}. */
    public static ResolutionRequest fromDirectory(MavenCoordinates root, Path repositoryDirectory, Path localRepository) {
        return new ResolutionRequest(root, repositoryDirectory.toAbsolutePath().normalize().toUri(), localRepository);
    }
}
