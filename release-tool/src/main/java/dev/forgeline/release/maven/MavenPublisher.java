package dev.forgeline.release.maven;

import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.common.MavenCoordinates;
import dev.forgeline.release.common.RepositoryUris;
import dev.forgeline.release.common.Sidecars;
import dev.forgeline.release.io.FileTrees;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Publishes a release into a Maven repository so that it is there whole or not at all.
 *
 * <ol>
 *   <li>Check the request: a supported URL scheme, files that exist, release versions only, a pom for each
 *       version.
 *   <li>Stage: deploy with maven-resolver into a private staging directory seeded with the repository's current
 *       {@code maven-metadata.xml} (so the versions list is merged, not overwritten), writing {@code .md5},
 *       {@code .sha1}, {@code .sha256}, {@code .sha512} next to every file; then verify what was staged.
 *   <li>Promote: a version already in the repository is skipped when byte-identical and refused when not (before
 *       anything moves: released versions are immutable); new version directories move in whole, then the
 *       metadata. A failure undoes every move.
 *   <li>Delete the staging directory, whatever happened.
 * </ol>
 *
 * <p>Targets are keyed by URL scheme: {@code file} ({@link FilePublishTarget}, atomic renames) and {@code http},
 * {@code https} ({@link HttpPublishTarget}: an upload order that keeps every version invisible until it is complete,
 * a journal to resume from, retries). For a remote repository the promotion step is that upload; a failed one leaves
 * the files uploaded so far (no POM or metadata points at them yet) and the next run finishes it.
 */
public final class MavenPublisher {

    /** Reason given for a version directory whose published content is exactly what would be published. */
    public static final String ALREADY_PUBLISHED_IDENTICAL = "already published, identical";

    /** Reason given for a maven-metadata.xml that already lists every version of the release. */
    public static final String METADATA_UP_TO_DATE = "already lists every version of this release";

    /** Opens the target for one publish. */
    @FunctionalInterface
    private interface TargetFactory {
        PublishTarget open(URI repository, PublishOptions options);
    }

    private final Map<String, TargetFactory> targets;

    private final ResolverSupplier resolver;

    public MavenPublisher() {
        this(new ResolverSupplier(), PromotionHook.NONE);
    }

    /** With the resolver parts {@code resolver} supplies (the staging check resolves what it staged). */
    public MavenPublisher(ResolverSupplier resolver) {
        this(resolver, PromotionHook.NONE);
    }

    /** With a hook run before each move into the repository, to inject failures in tests. */
    MavenPublisher(PromotionHook hook) {
        this(new ResolverSupplier(), hook);
    }

    private MavenPublisher(ResolverSupplier resolver, PromotionHook hook) {
        Objects.requireNonNull(hook, "hook");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        Map<String, TargetFactory> byScheme = new LinkedHashMap<>();
        byScheme.put("file", (uri, options) -> FilePublishTarget.forUri(uri, hook));
        byScheme.put("http", (uri, options) -> new HttpPublishTarget(uri, options, this.resolver));
        byScheme.put("https", (uri, options) -> new HttpPublishTarget(uri, options, this.resolver));
        // Maven Central's Publisher API at the portal's URL (central+https://central.sonatype.com/).
        byScheme.put(CentralPublishTarget.SCHEME_PREFIX + "http", CentralPublishTarget::new);
        byScheme.put(CentralPublishTarget.SCHEME_PREFIX + "https", CentralPublishTarget::new);
        this.targets = Map.copyOf(byScheme);
    }

    /** URL schemes this publisher can publish to. */
    public Set<String> supportedSchemes() {
        return new TreeSet<>(targets.keySet());
    }

    /** The schemes a user writes: Central's internal {@code central+} ones are reached through {@code --central}. */
    private Set<String> userSchemes() {
        Set<String> schemes = supportedSchemes();
        schemes.removeIf(scheme -> scheme.startsWith(CentralPublishTarget.SCHEME_PREFIX));
        return schemes;
    }

    /**
     * Publishes every artifact of the request into its repository. An artifact with an expected SHA-256 is
     * published only if its file still has it.
     *
     * @throws PublishException with {@link PublishException#reason()} saying which step failed; unless that is
     *     {@link PublishException.Reason#ROLLBACK_FAILED} the repository is exactly as it was
     */
    public PublishResult publish(PublishRequest request) throws PublishException {
        return publish(request, PublishOptions.defaults());
    }

    /**
     * Publishes every artifact of the request into its repository, reaching a remote one as {@code options} say.
     *
     * @throws PublishException as {@link #publish(PublishRequest)}; for a remote repository the files uploaded before
     *     the failure stay, unreachable through any POM or metadata, and the journal lets the next run finish
     */
    public PublishResult publish(PublishRequest request, PublishOptions options) throws PublishException {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(options, "options");
        try (PublishTarget target = targetFor(request.repository(), options)) {
            return publish(request, target);
        }
    }

    private PublishResult publish(PublishRequest request, PublishTarget target) throws PublishException {
        Map<MavenCoordinates, Checksums.Digests> sourceDigests = checkArtifacts(request.artifacts());

        Path staging;
        try {
            staging = target.createStagingDirectory();
        } catch (NoSuchFileException e) {
            throw invalid("Cannot publish to " + request.repository() + ": " + e.getReason() + " (" + e.getFile() + ")",
                    "Create the directory that holds the repository, or fix the repository URL. (The repository"
                            + " directory itself is created when missing; its parent is not, to catch typos.)");
        } catch (IOException e) {
            throw new PublishException(
                    PublishException.Reason.PROMOTION_FAILED,
                    "Cannot create a staging directory for " + request.repository() + ": " + e.getMessage(),
                    "Make sure the directory that holds the repository exists and is writable.",
                    e);
        }
        List<String> warnings = new ArrayList<>();
        PublishException failure = null;
        try {
            StagedRelease staged =
                    new ReleaseStager(request.artifacts(), sourceDigests, target, staging.resolve("stage"), resolver).stage();
            PublishTarget.Promotion promotion = target.promote(staged, staging.resolve("backup"));
            return new PublishResult(request.repository(), promotion.published(), promotion.skipped(), warnings);
        } catch (PublishException e) {
            failure = e;
            throw e;
        } finally {
            try {
                FileTrees.deleteTree(staging);
            } catch (IOException e) {
                if (failure != null) {
                    failure.addSuppressed(e);
                } else {
                    warnings.add("Could not delete the staging directory " + staging + " (" + e.getMessage()
                            + "); it holds nothing the repository needs and can be removed by hand.");
                }
            }
        }
    }

    /**
     * Whether a file repository already holds the whole request: every file at its Maven path with its expected
     * SHA-256, the checksum files next to it with the right digests, and each artifact's {@code maven-metadata.xml}
     * listing the version. Then publishing again would write nothing, and the publish stage is done. Other schemes
     * answer false (publishing finds out).
     */
    public boolean holds(PublishRequest request) throws IOException {
        if (!"file".equals(request.repository().getScheme())) {
            return false;
        }
        Path root = Path.of(request.repository());
        for (PublishedArtifact artifact : request.artifacts()) {
            Path file = root.resolve(artifact.coordinates().repositoryPath());
            if (!Files.isRegularFile(file) || artifact.expectedSha256() == null) {
                return false;
            }
            Checksums.Digests digests = Checksums.of(file);
            if (!digests.sha256().equals(artifact.expectedSha256())) {
                return false;
            }
            if (Sidecars.needsChecksums(file.getFileName().toString())) {
                for (Checksums.Algorithm algorithm : Checksums.Algorithm.values()) {
                    Path sidecar = algorithm.sidecarOf(file);
                    if (!Files.isRegularFile(sidecar)
                            || !Checksums.readChecksumFile(sidecar).equals(digests.get(algorithm))) {
                        return false;
                    }
                }
            }
            MavenMetadata metadata = MavenMetadata.readIfExists(root.resolve(artifact.coordinates().groupArtifactPath())
                    .resolve(MavenMetadata.FILE_NAME));
            if (!metadata.versions().contains(artifact.coordinates().version())) {
                return false;
            }
        }
        return !request.artifacts().isEmpty();
    }

    private PublishTarget targetFor(URI repository, PublishOptions options) throws PublishException {
        String scheme = repository.getScheme() == null ? "" : repository.getScheme().toLowerCase(Locale.ROOT);
        if (repository.getRawUserInfo() != null) {
            throw invalid("Cannot publish to " + RepositoryUris.redacted(repository) + ": the URL holds credentials",
                    "Take them out of the URL: give a settings.xml server (--server-id) or set "
                            + CredentialsSource.USERNAME_ENV + " and " + CredentialsSource.PASSWORD_ENV + " (or "
                            + CredentialsSource.TOKEN_ENV + ").");
        }
        TargetFactory factory = targets.get(scheme);
        if (factory == null) {
            throw new PublishException(
                    PublishException.Reason.UNSUPPORTED_REPOSITORY,
                    "Cannot publish to " + repository + ": the URL scheme '" + scheme + "' is not supported"
                            + " (supported: " + String.join(", ", userSchemes()) + ")",
                    "Use a file: URL of a local directory (file:///srv/maven-repo) or an http(s): repository URL;"
                            + " for Maven Central, publish --central.");
        }
        try {
            return factory.open(repository, options);
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw new PublishException(
                    PublishException.Reason.UNSUPPORTED_REPOSITORY,
                    "Cannot publish to " + repository + ": not a usable " + scheme + " URL (" + e.getMessage() + ")",
                    "Write a local directory as an absolute file URL without host, e.g. file:///srv/maven-repo.",
                    e);
        }
    }

    /** Checks what needs no staging, and takes each file's digests (which the staged copy must match). */
    private static Map<MavenCoordinates, Checksums.Digests> checkArtifacts(List<PublishedArtifact> artifacts)
            throws PublishException {
        Map<String, Boolean> hasPom = new TreeMap<>();
        for (PublishedArtifact artifact : artifacts) {
            MavenCoordinates c = artifact.coordinates();
            if (c.version().endsWith("SNAPSHOT")) {
                throw invalid("Cannot publish " + c + ": SNAPSHOT versions are not releases",
                        "Publish a release version (set it in release.yaml / the pom), never a -SNAPSHOT.");
            }
            if (Sidecars.isChecksumFile("x." + c.extension())) {
                throw invalid("Cannot publish " + c + ": its extension '" + c.extension()
                                + "' is that of a checksum file",
                        "Leave checksum files out of the request: the publisher writes .md5, .sha1, .sha256 and"
                                + " .sha512 for every file itself.");
            }
            hasPom.merge(c.groupArtifact() + ":" + c.version(),
                    c.classifier() == null && c.extension().equals("pom"), Boolean::logicalOr);
        }
        hasPom.forEach((gav, pom) -> {
            if (!pom) {
                throw invalid("Version " + gav + " has no pom in the publish request",
                        "Add its .pom (extension pom, no classifier): Maven consumers cannot resolve a version"
                                + " without one, and a released version cannot get it later.");
            }
        });
        Map<MavenCoordinates, Checksums.Digests> digests = new LinkedHashMap<>();
        for (PublishedArtifact artifact : artifacts) {
            Path file = artifact.file();
            if (!Files.isRegularFile(file)) {
                throw invalid("The file of " + artifact.coordinates() + " does not exist or is not a regular file: "
                                + file,
                        "Build and package the release first (forgeline package), or fix the path in the manifest.");
            }
            Checksums.Digests fileDigests;
            try {
                fileDigests = Checksums.of(file);
            } catch (IOException e) {
                throw new PublishException(
                        PublishException.Reason.INVALID_REQUEST,
                        "Cannot read " + file + " (" + artifact.coordinates() + "): " + e.getMessage(),
                        "Check that the file is readable.",
                        e);
            }
            if (artifact.expectedSha256() != null && !artifact.expectedSha256().equals(fileDigests.sha256())) {
                throw new PublishException(
                        PublishException.Reason.DIGEST_MISMATCH,
                        "The file of " + artifact.coordinates() + " (" + file + ") has sha256 " + fileDigests.sha256()
                                + ", but the release recorded " + artifact.expectedSha256(),
                        "The file changed after it was built, tested and signed. Rebuild the release from its tag"
                                + " (stages whose outputs no longer match rerun); never publish a file that was not"
                                + " verified.");
            }
            digests.put(artifact.coordinates(), fileDigests);
        }
        return digests;
    }

    private static PublishException invalid(String message, String hint) {
        return new PublishException(PublishException.Reason.INVALID_REQUEST, message, hint);
    }

}
