package dev.forgeline.release.maven;

import dev.forgeline.release.common.MavenCoordinates;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Resolve {@code root} and its transitive runtime dependencies from {@code repository} into
 * {@code localRepository}, typically a new empty directory. {@code upstreams} are further repositories
 * consulted after it for third-party dependencies (a consumer's Maven Central); with none, the release
 * repository must hold everything. {@code upstreamCache} (may be null): third-party files kept between runs
 * ({@link UpstreamCache}), read before the upstreams are asked; never a file of the release repository.
 */
public record ResolutionRequest(MavenCoordinates root, URI repository, Path localRepository, List<URI> upstreams,
        Path upstreamCache) {

    public ResolutionRequest {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(localRepository, "localRepository");
        upstreams = List.copyOf(upstreams);
        for (URI uri : upstreams) {
            requireAbsolute(uri);
        }
        requireAbsolute(repository);
        localRepository = localRepository.toAbsolutePath().normalize();
        upstreamCache = upstreamCache == null ? null : upstreamCache.toAbsolutePath().normalize();
    }

    public ResolutionRequest(MavenCoordinates root, URI repository, Path localRepository, List<URI> upstreams) {
        this(root, repository, localRepository, upstreams, null);
    }

    public ResolutionRequest(MavenCoordinates root, URI repository, Path localRepository) {
        this(root, repository, localRepository, List.of());
    }

    /** The same request, reading third-party files from {@code cache} first and keeping what it downloads there. */
    public ResolutionRequest withUpstreamCache(Path cache) {
        return new ResolutionRequest(root, repository, localRepository, upstreams, cache);
    }

    /** The same request, also consulting {@code upstream} for what the release repository lacks. */
    public ResolutionRequest withUpstream(URI upstream) {
        List<URI> more = new java.util.ArrayList<>(upstreams);
        more.add(upstream);
        return new ResolutionRequest(root, repository, localRepository, more, upstreamCache);
    }

    private static void requireAbsolute(URI repository) {
        if (!repository.isAbsolute()) {
            throw new IllegalArgumentException("Repository URL must be absolute (with a scheme such as file:), got '"
                    + repository + "'");
        }
    }

    /** Resolve from the file repository at {@code repositoryDirectory}. */
    public static ResolutionRequest fromDirectory(MavenCoordinates root, Path repositoryDirectory, Path localRepository) {
        return new ResolutionRequest(root, repositoryDirectory.toAbsolutePath().normalize().toUri(), localRepository);
    }
}
