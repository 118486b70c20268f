package dev.forgeline.release.publish;

import dev.forgeline.release.common.Jobs;
import dev.forgeline.release.common.RepositoryUris;
import dev.forgeline.release.io.FileTrees;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.maven.MavenPublisher;
import dev.forgeline.release.maven.PublishException;
import dev.forgeline.release.maven.PublishJournal;
import dev.forgeline.release.maven.PublishOptions;
import dev.forgeline.release.maven.PublishRequest;
import dev.forgeline.release.maven.PublishResult;
import dev.forgeline.release.maven.PublishedArtifact;
import dev.forgeline.release.maven.ResolverSupplier;
import dev.forgeline.release.maven.SignedArtifactFetcher;
import dev.forgeline.release.verify.ArtifactVerdict;
import dev.forgeline.release.verify.CheckResult;
import dev.forgeline.release.verify.VerificationReport;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Publishing through a separate staging repository (Nexus and Artifactory style): three phases, each journaled in
 * {@code publish-journal.json} so a run killed in any of them is resumed in that phase by the next.
 *
 * <ol>
 *   <li><b>Stage</b>: the release deployed to the staging repository as to any repository (same order, journal
 *       entries under the staging URL, so a rerun skips what is verified there).
 *   <li><b>Verify</b> the staged copy ({@link StagedCopyVerification}); when it passes, the entry
 *       {@value #VERIFIED_ENTRY} under the staging URL records it with the SHA-256 of the release's file list. A copy
 *       that fails promotes nothing ({@link PublishException.Reason#STAGED_COPY_UNVERIFIED}).
 *   <li><b>Promote</b> to the target in the visibility order of any publish (artifacts, each module's POM once its
 *       files read back, POMs in dependency order, {@code maven-metadata.xml} last, merged), journaled under the target
 *       URL. The bytes promoted are the release's own files, whose digests the staged copy was just shown to match
 *       (HTTP has no copy between two servers); a resumed promotion starts here without staging or verifying again.
 * </ol>
 */
final class StagingPromotion {
    /** The journal entry (under the staging URL) of a staged copy that verified. */
    static final String VERIFIED_ENTRY = "forgeline:staged-copy-verified";

    private final Path releaseDir;
    private final ReleaseManifest manifest;
    private final List<PublishedArtifact> artifacts;
    private final Path journalFile;
    private final Jobs jobs;
    private final Consumer<String> progress;

    StagingPromotion(Path releaseDir, ReleaseManifest manifest, List<PublishedArtifact> artifacts, Path journalFile,
            Jobs jobs, Consumer<String> progress) {
        this.releaseDir = releaseDir;
        this.manifest = manifest;
        this.artifacts = List.copyOf(artifacts);
        this.journalFile = journalFile;
        this.jobs = jobs;
        this.progress = progress;
    }

    PublishResult run(URI staging, PublishOptions stagingOptions, URI target, PublishOptions targetOptions)
            throws IOException {
        if (RepositoryUris.withTrailingSlash(staging).equals(RepositoryUris.withTrailingSlash(target))) {
            throw new PublishException(PublishException.Reason.INVALID_REQUEST, "The staging repository " + staging
                    + " is the target repository", "Give --staging-repository a repository of its own, or leave it out.");
        }
        String listDigest = fileListDigest();
        Optional<PublishJournal.Entry> done = PublishJournal.open(journalFile, staging).get(VERIFIED_ENTRY);
        if (done.isPresent() && done.get().state() == PublishJournal.State.verified
                && listDigest.equals(done.get().sha256())) {
            progress.accept("staged copy in " + staging + " verified by an earlier run (" + PublishJournal.FILE_NAME
                    + "): promoting");
        } else {
            progress.accept("phase 1 of 3: staging in " + staging);
            new MavenPublisher().publish(new PublishRequest(staging, artifacts), stagingOptions);
            progress.accept("phase 2 of 3: verifying the staged copy");
            verifyStagedCopy(staging, stagingOptions);
            // Opened anew: the staging publish wrote its own entries into the file since.
            PublishJournal.open(journalFile, staging).record(VERIFIED_ENTRY, PublishJournal.State.verified, listDigest,
                    artifacts.size());
        }
        progress.accept("phase 3 of 3: promoting to " + target);
        return new MavenPublisher().publish(new PublishRequest(target, artifacts), targetOptions);
    }

    private void verifyStagedCopy(URI staging, PublishOptions stagingOptions) throws IOException {
        SignedArtifactFetcher fetcher = new SignedArtifactFetcher(
                new ResolverSupplier().withReadCredentials(staging, stagingOptions.credentials()));
        Path local = Files.createTempDirectory("forgeline-staged-copy-");
        VerificationReport report;
        try {
            report = StagedCopyVerification.verify(staging, fetcher, releaseDir, manifest, local, jobs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException(PublishException.Reason.PROMOTION_FAILED, "Verifying the staged copy in "
                    + staging + " was interrupted; nothing was promoted", "Publish again: it resumes there.", e);
        } finally {
            FileTrees.deleteTree(local);
        }
        if (!report.verified()) {
            String failures = report.verdicts().stream().filter(v -> !v.verified())
                    .map(StagingPromotion::describe).collect(Collectors.joining("\n  "));
            throw new PublishException(PublishException.Reason.STAGED_COPY_UNVERIFIED, "The release's copy in the"
                    + " staging repository " + staging + " fails verification in " + report.failedCount()
                    + " file(s); nothing was promoted:\n  " + failures,
                    "Something changed the staged files after they were uploaded and read back. Delete this version"
                            + " from the staging repository (it holds nothing consumers use) and publish again: it is"
                            + " staged anew.");
        }
    }

    private static String describe(ArtifactVerdict verdict) {
        return verdict.artifact() + ": " + verdict.failures().stream().map(CheckResult::message)
                .collect(Collectors.joining("; "));
    }

    /** The SHA-256 of the release's file list (repository path and SHA-256 of each): which release was verified. */
    private String fileListDigest() {
        String list = artifacts.stream().map(a -> a.coordinates().repositoryPath() + " " + a.expectedSha256())
                .sorted().collect(Collectors.joining("\n"));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(list.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
