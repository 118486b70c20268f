package dev.forgeline.release.maven;

import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.common.MavenCoordinates;
import dev.forgeline.release.common.RepositoryUris;
import dev.forgeline.release.common.Sidecars;
import org.eclipse.aether.internal.impl.DefaultArtifactPredicateFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession.CloseableSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.transfer.ArtifactNotFoundException;
import org.eclipse.aether.transfer.ChecksumFailureException;

/**
 * Fetches one artifact and its signature files ({@code jar.asc}, {@code jar.sigstore.json}: same coordinates, the
 * suffix added to the extension) from a repository with maven-resolver, so they can be verified together. Checksum
 * suffixes ({@code .sha1}, ...) may be asked for the same way: resolver validates a download with the first checksum
 * file it finds, and the verifier checks every one. No pom
 * is read and no dependency resolved. Checksums are enforced on download; a signature file that is not in the
 * repository is simply absent from the result (the verifier decides whether it was required).
 */
public final class SignedArtifactFetcher {
    private final ResolverSupplier resolver;

    public SignedArtifactFetcher() {
        this(new ResolverSupplier());
    }

    /** With the resolver parts {@code resolver} supplies. */
    public SignedArtifactFetcher(ResolverSupplier resolver) {
        this.resolver = resolver;
    }

    /** The artifact's file in the local repository; its signature files, when published, lie next to it. */
    public Path fetch(URI repository, MavenCoordinates coordinates, List<String> signatureSuffixes, Path localRepository)
            throws ResolutionException {
        String scheme = RepositoryUris.scheme(repository);
        if (!RepositoryUris.readable(repository)) {
            throw new ResolutionException(ResolutionException.Reason.UNSUPPORTED_REPOSITORY, coordinates.toString(),
                    repository, "cannot fetch from " + repository + ": scheme '" + scheme + "' is not supported",
                    "use a file:, http: or https: repository URL", null);
        }
        try {
            Files.createDirectories(localRepository);
        } catch (IOException e) {
            throw new ResolutionException(ResolutionException.Reason.FAILED, null, repository,
                    "cannot create " + localRepository + ": " + e.getMessage(), "pass a writable directory", e);
        }
        RemoteRepository remote = resolver.getRemoteRepository("forgeline-verify", repository.toString());
        List<ArtifactRequest> requests = new ArrayList<>();
        Artifact main = new DefaultArtifact(coordinates.groupId(), coordinates.artifactId(), coordinates.classifier(),
                coordinates.extension(), coordinates.version());
        requests.add(new ArtifactRequest(main, List.of(remote), null));
        for (String suffix : signatureSuffixes) {
            requests.add(new ArtifactRequest(new DefaultArtifact(coordinates.groupId(), coordinates.artifactId(),
                    coordinates.classifier(), coordinates.extension() + suffix, coordinates.version()), List.of(remote), null));
        }
        try (RepositorySystem system = resolver.getRepositorySystem();
                CloseableSession session = resolver.getSessionBuilder(system)
                        // A checksum file fetched as a suffix has no checksum files of its own.
                        .setConfigProperty(DefaultArtifactPredicateFactory.CONFIG_PROP_OMIT_CHECKSUMS_FOR_EXTENSIONS,
                                String.join(",", Sidecars.WITHOUT_CHECKSUMS) + "," + String.join(",",
                                        Sidecars.CHECKSUM_SUFFIXES))
                        .withLocalRepositoryBaseDirectories(localRepository)
                        .build()) {
            List<ArtifactResult> results;
            try {
                results = system.resolveArtifacts(session, requests);
            } catch (ArtifactResolutionException e) {
                results = e.getResults();
            }
            ArtifactResult mainResult = results.get(0);
            if (!mainResult.isResolved()) {
                Exception cause = mainResult.getExceptions().isEmpty() ? null : mainResult.getExceptions().get(0);
                if (causedBy(cause, ChecksumFailureException.class)) {
                    throw new ResolutionException(ResolutionException.Reason.CHECKSUM_MISMATCH, coordinates.toString(),
                            repository, coordinates + " in " + repository + " does not match its checksum files: "
                                    + cause.getMessage(),
                            "the published file or its checksum files are damaged: republish the version", cause);
                }
                boolean notFound = cause == null || causedBy(cause, ArtifactNotFoundException.class);
                throw new ResolutionException(notFound ? ResolutionException.Reason.NOT_FOUND
                                : ResolutionException.Reason.FAILED, coordinates.toString(), repository,
                        coordinates + (notFound ? " is not in " : " cannot be fetched from ") + repository
                                + (cause == null ? "" : ": " + cause.getMessage()),
                        "check the coordinate and the repository URL", cause);
            }
            return mainResult.getArtifact().getPath();
        }
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
