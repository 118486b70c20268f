package dev.forgeline.release.publish;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.maven.MavenPublisher;
import dev.forgeline.release.common.RepositoryUris;
import dev.forgeline.release.maven.PublishJournal;
import dev.forgeline.release.maven.PublishOptions;
import dev.forgeline.release.maven.PublishRequest;
import dev.forgeline.release.maven.RepositoryAccess;
import dev.forgeline.release.maven.RepositoryCredentials;
import dev.forgeline.release.maven.PublishResult;
import dev.forgeline.release.maven.PublishedArtifact;
import dev.forgeline.release.maven.ReleaseFiles;
import dev.forgeline.release.maven.central.CentralOptions;
import dev.forgeline.release.stage.Stage;
import dev.forgeline.release.stage.StageContext;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The publish stage (and, toward a staging repository, the stage stage): checks that every file the manifest lists is
 * present with its recorded digest (what is published is exactly what was built), then deploys them all to the
 * repository, signatures next to the file they sign. The publisher moves a version into place whole or not at all
 * (a remote repository: in an order that keeps it invisible until complete, journaled in
 * {@code publish-journal.json} of the release), and skips what the repository already holds with the same bytes, so
 * a rerun uploads nothing. The runner lets
 * {@code publish} run only after every built target passed its smoke test; {@code stage} comes before the smoke tests.
 */
public final class PublishStage implements Stage<Published> {
    private final String name;
    private final Path releaseDir;
    private final URI repository;
    private final RepositoryAccess access;
    private final CentralOptions centralOptions;
    /** A separate staging repository deployed to and verified before {@link #repository}, or null for none. */
    private final URI stagingRepository;
    private final RepositoryAccess stagingAccess;

    private PublishStage(String name, Path releaseDir, URI repository, RepositoryAccess access,
            CentralOptions centralOptions) {
        this(name, releaseDir, repository, access, centralOptions, null, null);
    }

    private PublishStage(String name, Path releaseDir, URI repository, RepositoryAccess access,
            CentralOptions centralOptions, URI stagingRepository, RepositoryAccess stagingAccess) {
        this.name = name;
        this.releaseDir = releaseDir.toAbsolutePath().normalize();
        this.repository = repository;
        this.access = access;
        this.centralOptions = centralOptions;
        this.stagingRepository = stagingRepository;
        this.stagingAccess = stagingAccess;
    }

    /**
     * Publishing a release into a repository consumers use through a separate staging repository: deployed to
     * {@code stagingRepository} (reached as {@code stagingAccess} says), its copy there verified, then promoted
     * ({@link StagingPromotion}).
     */
    public static PublishStage publishThroughStaging(Path releaseDir, URI repository, RepositoryAccess access,
            URI stagingRepository, RepositoryAccess stagingAccess) {
        return new PublishStage("publish", releaseDir, repository, access, CentralOptions.defaults(),
                java.util.Objects.requireNonNull(stagingRepository, "stagingRepository"),
                java.util.Objects.requireNonNull(stagingAccess, "stagingAccess"));
    }

    /**
     * Publishing a release to Maven Central through its Publisher API at {@code portal}
     * ({@code https://central.sonatype.com/}): Central's rules checked first, one deployment bundle, polled as
     * {@code central} says.
     */
    public static PublishStage publishToCentral(Path releaseDir, URI portal, RepositoryAccess access,
            CentralOptions central) {
        return new PublishStage("publish", releaseDir, URI.create("central+" + portal), access, central);
    }

    /** Publishing a release into a repository consumers use. */
    public static PublishStage publish(Path releaseDir, URI repository) {
        return publish(releaseDir, repository, RepositoryAccess.defaults());
    }

    /** Publishing a release into a repository consumers use, reached (when remote) as {@code access} says. */
    public static PublishStage publish(Path releaseDir, URI repository, RepositoryAccess access) {
        return new PublishStage("publish", releaseDir, repository, access, CentralOptions.defaults());
    }

    /** Deploying into a staging repository that smoke tests resolve from; never a repository consumers use. */
    public static PublishStage stage(Path releaseDir, URI stagingRepository) {
        return stage(releaseDir, stagingRepository, RepositoryAccess.defaults());
    }

    /** Deploying into a staging repository, reached (when remote) as {@code access} says. */
    public static PublishStage stage(Path releaseDir, URI stagingRepository, RepositoryAccess access) {
        return new PublishStage("stage", releaseDir, stagingRepository, access, CentralOptions.defaults());
    }

    @Override
    public String name() {
        return name;
    }

    /** Done when the repository already holds every file of the release with its recorded digest (file: repositories). */
    @Override
    public Optional<Published> done(StageContext context) throws IOException {
        ReleaseManifest manifest = ManifestStore.read(releaseDir);
        if (!ManifestStore.intact(releaseDir, manifest)) {
            return Optional.empty(); // run() names what changed
        }
        PublishRequest request = new PublishRequest(repository, ReleaseFiles.toDeploy(releaseDir, manifest));
        if (request.artifacts().isEmpty() || !new MavenPublisher().holds(request)) {
            return Optional.empty();
        }
        List<PublishResult.Skipped> present = request.artifacts().stream()
                .map(a -> new PublishResult.Skipped(a.coordinates().repositoryPath(), MavenPublisher.ALREADY_PUBLISHED_IDENTICAL))
                .toList();
        return Optional.of(new Published(manifest, new PublishResult(repository, List.of(), present, List.of())));
    }

    @Override
    public Published run(StageContext context) throws IOException {
        ReleaseManifest manifest = ManifestStore.read(releaseDir);
        ManifestStore.verifyFiles(releaseDir, manifest);
        if ("publish".equals(name) && ReleaseFiles.indexState(releaseDir, manifest) == ReleaseFiles.IndexState.STALE) {
            // Publishing without it would leave the names of this release unbound where an index was meant to be.
            throw new ForgelineException(ExitCode.USAGE, "the release index in " + releaseDir + " ("
                    + dev.forgeline.release.common.ReleaseIndex.FILE_NAME + ") does not list the manifest's files as they"
                    + " are now", "sign the release again (forgeline sign --from " + releaseDir + "), then publish",
                    null);
        }
        List<PublishedArtifact> artifacts = ReleaseFiles.toDeploy(releaseDir, manifest);
        if (artifacts.isEmpty()) {
            throw new ForgelineException(ExitCode.USAGE, "the manifest in " + releaseDir + " lists no artifacts",
                    "run forgeline build first", null);
        }
        boolean remote = !"file".equals(RepositoryUris.scheme(repository));
        boolean central = RepositoryUris.scheme(repository).startsWith("central+");
        RepositoryCredentials credentials = central ? access.credentials().resolveCentral(context.env())
                : remote ? access.credentials().resolve(context.env()) : RepositoryCredentials.none();
        context.report(name, repository + (remote ? " (" + credentials.description() + ", up to "
                + access.parallelUploads() + " uploads at once; journal " + PublishJournal.FILE_NAME + ")" : ""));
        Path journal = releaseDir.resolve(PublishJournal.FILE_NAME);
        PublishOptions options = new PublishOptions(access, credentials, journal,
                context.jobs(), centralOptions.withProgress(line -> context.report(name, line)));
        if (stagingRepository != null) {
            RepositoryCredentials stagingCredentials = "file".equals(RepositoryUris.scheme(stagingRepository))
                    ? RepositoryCredentials.none() : stagingAccess.credentials().resolve(context.env());
            context.report(name, "staging first in " + stagingRepository + " (" + stagingCredentials.description() + ")");
            PublishOptions stagingOptions = new PublishOptions(stagingAccess, stagingCredentials, journal, context.jobs());
            return new Published(manifest, new StagingPromotion(releaseDir, manifest, artifacts, journal, context.jobs(),
                    line -> context.report(name, line)).run(stagingRepository, stagingOptions, repository, options));
        }
        // PublishException is a ForgelineException with its own exit code and hint: let it through.
        return new Published(manifest, new MavenPublisher().publish(new PublishRequest(repository, artifacts), options));
    }
}
