package dev.forgeline.release.maven;

import dev.forgeline.release.common.Credentials;
import dev.forgeline.release.common.Checksums;

import dev.forgeline.release.common.Sidecars;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession.SessionBuilder;
import org.eclipse.aether.internal.impl.DefaultArtifactPredicateFactory;
import org.eclipse.aether.internal.impl.Maven2RepositoryLayoutFactory;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.RepositoryPolicy;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;

/**
 * The one place maven-resolver is wired for publishing, staging, smoke tests and verification, in the manner of
 * resolver's own {@code RepositorySystemSupplier}: one overridable getter per part, no DI container. What the publisher
 * writes and what the resolver and the staging check expect cannot drift apart. A test (or a later transport) overrides
 * one getter and hands the supplier to {@link MavenArtifactResolver}, {@link SignedArtifactFetcher} or
 * {@link ReleaseStager}.
 */
public class ResolverSupplier {

    /**
     * Checksum files written next to every published file and checked on download, strongest first (resolver
     * validates with the first one present). Config key {@code aether.checksums.checksumAlgorithms} in resolver
     * 2.x (it was {@code aether.checksums.algorithms} in 1.x).
     */
    static final String CHECKSUM_ALGORITHMS = Arrays.stream(new Checksums.Algorithm[] {
                Checksums.Algorithm.SHA512, Checksums.Algorithm.SHA256, Checksums.Algorithm.SHA1, Checksums.Algorithm.MD5
            })
            .map(Checksums.Algorithm::jcaName)
            .collect(Collectors.joining(","));

    public ResolverSupplier() {}

    /** A new repository system; the caller closes it (which shuts it down). */
    public RepositorySystem getRepositorySystem() {
        return getRepositorySystemSupplier().get();
    }

    /**
     * A new supplier of resolver's parts: the repository system ({@code get()}) and, from the same wiring, the
     * transporter layer that publishing over HTTP uses file by file ({@code getTransporterProvider()}).
     */
    public RepositorySystemSupplier getRepositorySystemSupplier() {
        return new RepositorySystemSupplier();
    }

    /** A session builder for {@code system} with this tool's checksum rules ({@link #configureChecksums}). */
    public SessionBuilder getSessionBuilder(RepositorySystem system) {
        return configureChecksums(new SessionBuilderSupplier(system).get());
    }

    /** Checksum generation and validation as this tool requires it: all four, and a mismatch fails. */
    protected SessionBuilder configureChecksums(SessionBuilder builder) {
        return builder.setConfigProperty(Maven2RepositoryLayoutFactory.CONFIG_PROP_CHECKSUMS_ALGORITHMS, CHECKSUM_ALGORITHMS)
                .setConfigProperty(
                        DefaultArtifactPredicateFactory.CONFIG_PROP_OMIT_CHECKSUMS_FOR_EXTENSIONS,
                        String.join(",", Sidecars.WITHOUT_CHECKSUMS))
                .setChecksumPolicy(RepositoryPolicy.CHECKSUM_POLICY_FAIL);
    }

    /**
     * The same wiring, reading the repository at {@code repository} (and no other) with {@code credentials}: for
     * {@code smoke --repository} and {@code verify --repository} against a repository that needs a login for reads.
     * No credentials: this supplier itself.
     */
    public ResolverSupplier withReadCredentials(java.net.URI repository, RepositoryCredentials credentials) {
        return credentials.kind() == Credentials.Kind.NONE ? this
                : new AuthenticatedResolverSupplier(this, repository, credentials);
    }

    /** A remote repository with strict checksums and no caching of "not found". */
    public RemoteRepository getRemoteRepository(String id, String url) {
        RepositoryPolicy policy = new RepositoryPolicy(
                true, RepositoryPolicy.UPDATE_POLICY_ALWAYS, RepositoryPolicy.CHECKSUM_POLICY_FAIL);
        return new RemoteRepository.Builder(id, "default", url)
                .setReleasePolicy(policy)
                .setSnapshotPolicy(policy)
                .build();
    }
}
