package dev.forgeline.release.audit;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.common.Jobs;
import dev.forgeline.release.common.MavenCoordinates;
import dev.forgeline.release.common.ReleaseIndex;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.verify.ReleaseFiles;
import dev.forgeline.release.verify.ReleaseIndexCheck;
import dev.forgeline.release.verify.VerificationBatch;
import dev.forgeline.release.verify.VerificationInputs;
import dev.forgeline.release.verify.VerificationPolicy;
import dev.forgeline.release.verify.VerificationReport;
import dev.forgeline.release.verify.Verifier;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Audits a release (docs/audit.md): verifies it with {@link Verifier} under the policy first, then reads what its
 * verified files say ({@link FactReader}). The verify side of the design: it builds nothing.
 */
public final class Auditor {
    private final VerificationPolicy policy;

    public Auditor(VerificationPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** A release directory ({@code release --local}'s or {@code sign}'s output): every file of its manifest. */
    public ReleaseFacts auditDirectory(Path dir, Jobs jobs) throws InterruptedException {
        Path normalized = dir.toAbsolutePath().normalize();
        ReleaseManifest manifest = VerificationInputs.readManifest(normalized);
        return audit(manifest.project().groupId() + " " + manifest.project().version(),
                VerificationInputs.releaseBatch(normalized), jobs);
    }

    /**
     * A published release: every file its signed index ({@code G:forgeline-release-index:V@json}) lists, fetched from the
     * repository into {@code local} with its signatures and checksum files; the index must list exactly those.
     */
    public ReleaseFacts auditPublished(URI repository, MavenCoordinates release, Path local, Jobs jobs)
            throws InterruptedException {
        return audit(release.groupId() + " " + release.version(), publishedBatch(repository, release, local), jobs);
    }

    ReleaseFacts audit(String name, VerificationBatch batch, Jobs jobs) throws InterruptedException {
        VerificationReport report = new Verifier(policy).verifyBatches(List.of(batch), jobs);
        return FactReader.read(name, batch, report);
    }

    static VerificationBatch publishedBatch(URI repository, MavenCoordinates release, Path local) {
        Path index = VerificationInputs.coordinateIndex(repository, release.groupId(), release.version(), local);
        MavenCoordinates indexAt = ReleaseIndex.coordinates(release.groupId(), release.version());
        if (!Files.isRegularFile(index)) {
            throw new ForgelineException(ExitCode.CHECK_FAILED, repository + " has no release index " + indexAt
                    + ": it is what names a published release's files",
                    "check --repository and --version (the release's group and version); a release signed by forgeline "
                            + "publishes its index", null);
        }
        ReleaseIndex parsed;
        try {
            parsed = ReleaseIndex.parse(Files.readAllBytes(index));
        } catch (IOException | IllegalArgumentException e) {
            throw new ForgelineException(ExitCode.CHECK_FAILED, "the release index " + indexAt + " from " + repository
                    + " cannot be read: " + e.getMessage(), "get the release again from its source", e);
        }
        ReleaseFiles files = ReleaseFiles.fetchedFrom(repository, local, release.groupId(), index);
        List<Verifier.Input> inputs = new ArrayList<>();
        for (ReleaseIndex.Entry entry : parsed.files()) {
            MavenCoordinates coordinates = files.coordinatesOf(entry.path());
            if (coordinates != null && coordinates.version().equals(release.version())) {
                inputs.add(VerificationInputs.coordinate(repository, coordinates, local));
            }
            // an entry that names no file of this release stays unfetched: the index check fails the batch for it
        }
        return new VerificationBatch(inputs, new ReleaseIndexCheck.Source(index, release.groupId(), release.version(),
                path -> true), files);
    }
}
