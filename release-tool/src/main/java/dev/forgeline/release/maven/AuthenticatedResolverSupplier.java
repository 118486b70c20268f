package dev.forgeline.release.maven;

import dev.forgeline.release.common.RepositoryUris;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.aether.ConfigurationProperties;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession.SessionBuilder;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.supplier.RepositorySystemSupplier;

/**
 * A {@link ResolverSupplier} whose remote repository at one URL is read with credentials (a repository that needs a
 * login for {@code GET} too, as private repository managers do): basic credentials as resolver's authentication of
 * that repository, a bearer token as a header scoped to that repository's id. Any other repository (an upstream
 * mirror a smoke test falls back to) gets neither, so the secret goes to the one host it belongs to.
 *
 * <p>A bearer header is configured per repository id on the session, so a caller asks for the remote repository
 * ({@link #getRemoteRepository}) before building the session ({@link #getSessionBuilder}); every caller in this
 * package does.
 */
final class AuthenticatedResolverSupplier extends ResolverSupplier {
    private final ResolverSupplier base;
    private final String repository;
    private final RepositoryCredentials credentials;
    /** Ids of the remote repositories handed out for {@link #repository}: the ones the bearer header goes to. */
    private final Set<String> authenticatedIds = ConcurrentHashMap.newKeySet();

    AuthenticatedResolverSupplier(ResolverSupplier base, URI repository, RepositoryCredentials credentials) {
        this.base = Objects.requireNonNull(base, "base");
        this.repository = RepositoryUris.withTrailingSlash(Objects.requireNonNull(repository, "repository"));
        this.credentials = Objects.requireNonNull(credentials, "credentials");
    }

    @Override
    public RepositorySystemSupplier getRepositorySystemSupplier() {
        return base.getRepositorySystemSupplier();
    }

    @Override
    public SessionBuilder getSessionBuilder(RepositorySystem system) {
        SessionBuilder builder = base.getSessionBuilder(system);
        if (credentials.bearerHeader() != null) {
            for (String id : authenticatedIds) {
                builder.setConfigProperty(ConfigurationProperties.HTTP_HEADERS + "." + id,
                        Map.of("Authorization", credentials.bearerHeader()));
            }
        }
        // Sent with the first request: a repository that answers 404 to anonymous reads never asks for a login.
        return builder.setConfigProperty(ConfigurationProperties.HTTP_PREEMPTIVE_AUTH, true);
    }

    @Override
    public RemoteRepository getRemoteRepository(String id, String url) {
        RemoteRepository remote = base.getRemoteRepository(id, url);
        if (!RepositoryUris.withTrailingSlash(URI.create(url)).equals(repository)) {
            return remote;
        }
        authenticatedIds.add(id);
        return credentials.authentication() == null ? remote
                : new RemoteRepository.Builder(remote).setAuthentication(credentials.authentication()).build();
    }
}
