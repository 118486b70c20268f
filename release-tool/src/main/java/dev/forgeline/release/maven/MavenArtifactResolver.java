package dev.forgeline.release.maven;

import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.common.MavenCoordinates;
import dev.forgeline.release.common.RepositoryUris;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession.CloseableSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.DependencyNode;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactDescriptorException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.resolution.DependencyResult;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.transfer.ArtifactNotFoundException;
import org.eclipse.aether.transfer.ArtifactTransferException;
import org.eclipse.aether.transfer.ChecksumFailureException;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;
import org.eclipse.aether.util.repository.DefaultMirrorSelector;
import org.eclipse.aether.util.repository.SimpleArtifactDescriptorPolicy;

/**
 * Resolves an artifact with its transitive runtime dependencies the way a Maven consumer would, but from exactly
 * one repository: no {@code ~/.m2/settings.xml}, no Maven Central, no repository declared in a pom (all are
 * redirected to the given one). Each call uses a new repository system and session. Checksums are enforced (a
 * missing or wrong checksum file fails), and a missing or invalid pom fails instead of being skipped, so a
 * successful resolution proves the published release is complete.
 */
public final class MavenArtifactResolver {

    private static final String REPOSITORY_ID = "forgeline-release";

    private final ResolverSupplier resolver;

    public MavenArtifactResolver() {
        this(new ResolverSupplier());
    }

    /** With the resolver parts {@code resolver} supplies. */
    public MavenArtifactResolver(ResolverSupplier resolver) {
        this.resolver = resolver;
    }

    /** URL schemes this resolver can resolve from. */
    public Set<String> supportedSchemes() {
        return new TreeSet<>(RepositoryUris.READABLE_SCHEMES);
    }

    /**
     * Resolves the request's root and its runtime dependencies into the request's local repository.
     *
     * @throws ResolutionException naming the artifact that could not be resolved and the repository
     */
    public ResolutionResult resolve(ResolutionRequest request) throws ResolutionException {
        Objects.requireNonNull(request, "request");
        URI repository = request.repository();
        requireSupported(repository);
        try {
            Files.createDirectories(request.localRepository());
        } catch (IOException e) {
            throw new ResolutionException(
                    ResolutionException.Reason.FAILED,
                    null,
                    repository,
                    "Cannot create the local repository " + request.localRepository() + ": " + e.getMessage(),
                    "Pass a writable directory as the local repository.",
                    e);
        }

        MavenCoordinates root = request.root();
        RemoteRepository remote = resolver.getRemoteRepository(REPOSITORY_ID, repository.toString());
        Artifact rootArtifact = new DefaultArtifact(
                root.groupId(), root.artifactId(), root.classifier(), root.extension(), root.version());
        List<RemoteRepository> remotes = new ArrayList<>(List.of(remote));
        for (int i = 0; i < request.upstreams().size(); i++) {
            URI upstream = request.upstreams().get(i);
            requireSupported(upstream);
            remotes.add(resolver.getRemoteRepository("upstream-" + (i + 1), upstream.toString()));
        }
        CollectRequest collect = new CollectRequest(new Dependency(rootArtifact, JavaScopes.COMPILE), remotes);
        // Without upstreams every repository a POM names is redirected to the release repository, so
        // success proves the release is complete on its own.
        DefaultMirrorSelector mirrors = new DefaultMirrorSelector();
        if (request.upstreams().isEmpty()) {
            mirrors.add(REPOSITORY_ID, repository.toString(), "default", false, false, "*", "*");
        }
        DependencyRequest dependencyRequest =
                new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));

        try (RepositorySystem system = resolver.getRepositorySystem();
                CloseableSession session = resolver.getSessionBuilder(system)
                        // With a cache: a chained local repository, the cache its read-only tail.
                        .withLocalRepositoryBaseDirectories(request.upstreamCache() == null
                                ? List.of(request.localRepository())
                                : List.of(request.localRepository(), request.upstreamCache()))
                        .setMirrorSelector(mirrors)
                        .setIgnoreArtifactDescriptorRepositories(true)
                        .setArtifactDescriptorPolicy(new SimpleArtifactDescriptorPolicy(false, false))
                        .build()) {
            DependencyResult result = system.resolveDependencies(session, dependencyRequest);
            List<ResolutionResult.ResolvedArtifact> resolved = new ArrayList<>();
            for (ArtifactResult artifactResult : result.getArtifactResults()) {
                Artifact artifact = artifactResult.getArtifact();
                DependencyNode node = artifactResult.getRequest().getDependencyNode();
                String scope = node == null || node.getDependency() == null
                        ? JavaScopes.COMPILE
                        : node.getDependency().getScope();
                resolved.add(new ResolutionResult.ResolvedArtifact(toCoordinates(artifact), artifact.getPath(), scope));
            }
            if (request.upstreamCache() != null && "file".equals(repository.getScheme())) {
                UpstreamCache.keep(request.localRepository(), request.upstreamCache(), Path.of(repository));
            }
            return new ResolutionResult(root, resolved, edges(result.getRoot(), resolved));
        } catch (DependencyResolutionException e) {
            throw translate(e, root, repository);
        } catch (RuntimeException e) {
            throw new ResolutionException(
                    ResolutionException.Reason.FAILED,
                    root.toString(),
                    repository,
                    "Resolving " + root + " from " + repository + " failed: " + e,
                    "See the cause; this is likely a bug in forgeline.",
                    e);
        }
    }

    /** Each resolved artifact's direct dependencies in the tree after conflict resolution, among the resolved ones. */
    private static java.util.Map<MavenCoordinates, List<MavenCoordinates>> edges(DependencyNode rootNode,
            List<ResolutionResult.ResolvedArtifact> resolved) {
        Set<MavenCoordinates> kept = new java.util.HashSet<>();
        resolved.forEach(a -> kept.add(a.coordinates()));
        java.util.Map<MavenCoordinates, List<MavenCoordinates>> edges = new java.util.LinkedHashMap<>();
        java.util.ArrayDeque<DependencyNode> pending = new java.util.ArrayDeque<>();
        if (rootNode != null) {
            pending.add(rootNode);
        }
        while (!pending.isEmpty()) {
            DependencyNode node = pending.poll();
            if (node.getArtifact() == null) {
                pending.addAll(node.getChildren());
                continue;
            }
            MavenCoordinates from = toCoordinates(node.getArtifact());
            if (!kept.contains(from) || edges.containsKey(from)) {
                continue;
            }
            List<MavenCoordinates> to = new ArrayList<>();
            for (DependencyNode child : node.getChildren()) {
                if (child.getArtifact() != null && kept.contains(toCoordinates(child.getArtifact()))) {
                    to.add(toCoordinates(child.getArtifact()));
                    pending.add(child);
                }
            }
            edges.put(from, to);
        }
        return edges;
    }

    private void requireSupported(URI repository) throws ResolutionException {
        String scheme = RepositoryUris.scheme(repository);
        if (!RepositoryUris.readable(repository)) {
            throw new ResolutionException(
                    ResolutionException.Reason.UNSUPPORTED_REPOSITORY,
                    null,
                    repository,
                    "Cannot resolve from " + repository + ": the URL scheme '" + scheme + "' is not supported"
                            + " (supported: " + String.join(", ", supportedSchemes()) + ")",
                    "Use a file:, http: or https: repository URL, e.g. file:///srv/maven-repo.",
                    null);
        }
    }

    private static ResolutionException translate(DependencyResolutionException e, MavenCoordinates root, URI repository) {
        List<Exception> failures = new ArrayList<>();
        DependencyResult result = e.getResult();
        if (result != null) {
            failures.addAll(result.getCollectExceptions());
            for (ArtifactResult artifactResult : result.getArtifactResults()) {
                if (!artifactResult.isResolved()) {
                    failures.addAll(artifactResult.getExceptions());
                }
            }
        }
        if (failures.isEmpty()) {
            failures.add(e);
        }
        // The most specific cause: a transfer failure names the exact file; a descriptor failure the pom.
        for (Exception failure : failures) {
            for (Throwable t : causes(failure)) {
                if (t instanceof ArtifactTransferException transfer && transfer.getArtifact() != null) {
                    String coordinate = describe(transfer.getArtifact());
                    boolean checksum = causes(transfer).stream().anyMatch(c -> c instanceof ChecksumFailureException);
                    if (checksum) {
                        return new ResolutionException(
                                ResolutionException.Reason.CHECKSUM_MISMATCH,
                                coordinate,
                                repository,
                                "Checksum check failed for " + coordinate + " in " + repository
                                        + neededBy(coordinate, root) + ": " + transfer.getMessage(),
                                "The published file or its checksum files are damaged or missing: republish the"
                                        + " version from the verified release, never patch it in place.",
                                e);
                    }
                    if (transfer instanceof ArtifactNotFoundException) {
                        return notFound(coordinate, root, repository, e);
                    }
                    return new ResolutionException(
                            ResolutionException.Reason.FAILED,
                            coordinate,
                            repository,
                            "Could not fetch " + coordinate + " from " + repository + neededBy(coordinate, root) + ": "
                                    + transfer.getMessage(),
                            "Check that the repository is reachable and readable.",
                            e);
                }
            }
        }
        for (Exception failure : failures) {
            for (Throwable t : causes(failure)) {
                if (t instanceof ArtifactDescriptorException descriptor && descriptor.getResult() != null) {
                    String coordinate = describe(descriptor.getResult().getRequest().getArtifact());
                    return new ResolutionException(
                            ResolutionException.Reason.INVALID_DESCRIPTOR,
                            coordinate,
                            repository,
                            "The pom of " + coordinate + " in " + repository + " cannot be used"
                                    + neededBy(coordinate, root) + ": " + descriptor.getMessage(),
                            "Fix the pom and release a new version: published versions are immutable.",
                            e);
                }
            }
        }
        return new ResolutionException(
                ResolutionException.Reason.FAILED,
                root.toString(),
                repository,
                "Resolving " + root + " from " + repository + " failed: " + e.getMessage(),
                "See the cause.",
                e);
    }

    private static String neededBy(String coordinate, MavenCoordinates root) {
        return coordinate.equals(root.toString()) ? "" : " (needed by " + root + ")";
    }

    private static ResolutionException notFound(String coordinate, MavenCoordinates root, URI repository, Exception e) {
        return new ResolutionException(
                ResolutionException.Reason.NOT_FOUND,
                coordinate,
                repository,
                coordinate + " is not in " + repository + neededBy(coordinate, root),
                "Check the coordinate (group, artifact, version, classifier) and that the release containing it was"
                        + " published to this repository.",
                e);
    }

    private static List<Throwable> causes(Throwable throwable) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = throwable; t != null && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /** {@code g:a:v[:classifier][@extension]}, the form of {@link MavenCoordinates#toString()}. */
    private static String describe(Artifact artifact) {
        return artifact.getGroupId() + ":" + artifact.getArtifactId() + ":" + artifact.getVersion()
                + (artifact.getClassifier().isEmpty() ? "" : ":" + artifact.getClassifier())
                + ("jar".equals(artifact.getExtension()) ? "" : "@" + artifact.getExtension());
    }

    private static MavenCoordinates toCoordinates(Artifact artifact) {
        return new MavenCoordinates(
                artifact.getGroupId(),
                artifact.getArtifactId(),
                artifact.getBaseVersion(),
                artifact.getClassifier(),
                artifact.getExtension());
    }
}
