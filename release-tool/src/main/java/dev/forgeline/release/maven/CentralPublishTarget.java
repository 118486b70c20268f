package dev.forgeline.release.maven;

import dev.forgeline.release.common.Credentials;
import dev.forgeline.release.maven.central.CentralDeployer;
import dev.forgeline.release.maven.central.CentralPortalClient;
import dev.forgeline.release.maven.central.DeploymentJournal;
import dev.forgeline.release.maven.central.DeploymentState;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Publishing to Maven Central through its Publisher API ({@code central+https://central.sonatype.com/}): the release
 * is staged by maven-resolver as for any repository (checksum files written and verified), then the staged files go
 * to Central as one deployment bundle ({@link CentralDeployer}), journaled in {@code publish-journal.json} under this
 * URL so that a rerun polls the deployment it created instead of creating another. Central keeps its own
 * {@code maven-metadata.xml}: none is read from it or sent to it.
 */
final class CentralPublishTarget implements PublishTarget {
    /** URL schemes of the Publisher API: {@code central+} and the portal's own scheme. */
    static final String SCHEME_PREFIX = "central+";
    /** The journal entry of the deployment (one per portal URL and release directory). */
    static final String JOURNAL_KEY = "central-deployment-bundle.zip";

    private final URI uri;
    private final PublishOptions options;
    private Path workDirectory;

    CentralPublishTarget(URI uri, PublishOptions options) {
        if (options.credentials().kind() != Credentials.Kind.BASIC) {
            throw new PublishException(PublishException.Reason.INVALID_REQUEST,
                    "Publishing to Maven Central needs a portal user token (user and password)",
                    "Give a settings.xml server with --server-id, or set " + CredentialsSource.CENTRAL_USERNAME_ENV
                            + " and " + CredentialsSource.CENTRAL_PASSWORD_ENV + ".");
        }
        this.uri = uri;
        this.options = options;
    }

    /** The portal's own URL, {@code https://central.sonatype.com/} for {@code central+https://central.sonatype.com/}. */
    static URI portal(URI central) {
        return URI.create(central.toString().substring(SCHEME_PREFIX.length()));
    }

    @Override
    public URI uri() {
        return uri;
    }

    @Override
    public Path createStagingDirectory() throws IOException {
        workDirectory = Files.createTempDirectory("forgeline-central-");
        return workDirectory;
    }

    @Override
    public boolean copyIfExists(String relativePath, Path destination) {
        return false; // Central writes maven-metadata.xml itself; the bundle carries none
    }

    @Override
    public Promotion promote(StagedRelease staged, Path work) throws PublishException {
        Path journalFile = options.journal() != null ? options.journal()
                : workDirectory.resolve(PublishJournal.FILE_NAME);
        CentralPortalClient client = new CentralPortalClient(portal(uri), options.credentials().portalTokenHeader(),
                options.access().connectTimeout(), options.access().requestTimeout());
        try {
            PublishJournal journal = PublishJournal.open(journalFile, uri);
            CentralDeployer deployer = new CentralDeployer(client, new JournalAdapter(journal), options.central(),
                    options.access().retry().attempts(), options.access().retry().initialBackoff());
            Files.createDirectories(work);
            CentralDeployer.Outcome outcome = deployer.deploy(staged.repository(), staged.files().keySet(), work);
            List<PublishResult.PublishedFile> published = new ArrayList<>();
            List<PublishResult.Skipped> skipped = new ArrayList<>();
            for (String path : outcome.bundle().files()) {
                var digests = staged.files().get(path);
                if (outcome.uploaded()) {
                    published.add(new PublishResult.PublishedFile(path, digests.size(), digests.sha256()));
                } else {
                    skipped.add(new PublishResult.Skipped(path, "in Central deployment " + outcome.deploymentId()
                            + " (" + outcome.state() + "), uploaded by an earlier run"));
                }
            }
            return new Promotion(published, skipped);
        } catch (IOException e) {
            throw new PublishException(PublishException.Reason.TRANSFER_FAILED, "Publishing to " + portal(uri)
                    + " failed: " + e.getMessage(), "Publish again: the journal lets the next run resume.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException(PublishException.Reason.TRANSFER_FAILED, "Publishing to " + portal(uri)
                    + " was interrupted", "Publish again: the journal lets the next run resume.", e);
        }
    }

    /** The deployment's record as one entry of the publish journal. */
    private record JournalAdapter(PublishJournal journal) implements DeploymentJournal {
        @Override
        public Optional<Recorded> read() {
            return journal.get(JOURNAL_KEY).map(e -> new Recorded(e.sha256(), e.size() == null ? 0 : e.size(),
                    e.deploymentName(), e.deploymentId(),
                    e.deploymentState() == null ? null : DeploymentState.valueOf(e.deploymentState())));
        }

        @Override
        public void write(Recorded r) throws IOException {
            PublishJournal.State state = r.deploymentId() == null ? PublishJournal.State.uploading
                    : r.state() != null && r.state().reached(dev.forgeline.release.maven.central.PublishingType
                            .USER_MANAGED) ? PublishJournal.State.verified : PublishJournal.State.uploaded;
            journal.recordDeployment(JOURNAL_KEY, new PublishJournal.Entry(state, r.bundleSha256(), r.bundleSize(),
                    r.deploymentName(), r.deploymentId(), r.state() == null ? null : r.state().name()));
        }

        @Override
        public void clear() throws IOException {
            journal.forget(JOURNAL_KEY);
        }
    }

    static boolean isCentral(URI uri) {
        return uri.getScheme() != null && uri.getScheme().startsWith(SCHEME_PREFIX);
    }

}
