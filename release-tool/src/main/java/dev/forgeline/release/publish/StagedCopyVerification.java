package dev.forgeline.release.publish;

import dev.forgeline.release.common.Jobs;
import dev.forgeline.release.common.MavenCoordinates;
import dev.forgeline.release.common.SignatureKind;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.maven.ReleaseFiles;
import dev.forgeline.release.maven.SignedArtifactFetcher;
import dev.forgeline.release.sign.SignStage;
import dev.forgeline.release.sign.SigningKeys;
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
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The checks of {@code verify --repository URL --coordinate …} run on a release's copy in a staging repository, before
 * it is promoted: every artifact of the manifest fetched back from there with its signatures and checksum files
 * (resolver enforces the checksums), its SHA-256 compared with the manifest's, its signatures verified with the
 * release's own public keys ({@code keys/} of the release directory: this proves the staged bytes are the ones signed
 * here, not who signed them), its SBOM and the provenance when present, and every name bound by the release's signed
 * index when the release has one. A file changed on the staging server fails here, so nothing is promoted.
 */
final class StagedCopyVerification {
    private StagedCopyVerification() {}

    static VerificationReport verify(URI staging, SignedArtifactFetcher fetcher, Path releaseDir,
            ReleaseManifest manifest, Path local, Jobs jobs) throws IOException, InterruptedException {
        List<Verifier.Input> inputs = new ArrayList<>();
        for (ReleaseManifest.ArtifactRecord a : manifest.artifacts()) {
            MavenCoordinates coordinates = new MavenCoordinates(a.groupId(), a.artifactId(), a.version(), a.classifier(),
                    a.extension());
            Verifier.Input fetched = VerificationInputs.coordinate(staging, coordinates, local, fetcher);
            // The manifest's digest, so a staged file with other bytes (and checksum files to match) fails too.
            inputs.add(new Verifier.Input(fetched.name(), fetched.file(), a.sha256(), fetched.fetchFailure(),
                    fetched.indexPath()));
        }
        String groupId = manifest.project().groupId();
        String version = manifest.project().version();
        boolean indexed = ReleaseFiles.indexState(releaseDir, manifest) == ReleaseFiles.IndexState.CURRENT;
        Path index = VerificationInputs.coordinateIndex(staging, groupId, version, local, fetcher);
        VerificationBatch batch = new VerificationBatch(inputs, new ReleaseIndexCheck.Source(index, groupId, version,
                path -> true), dev.forgeline.release.verify.ReleaseFiles.fetchedFrom(staging, local, groupId, index,
                fetcher));
        return new Verifier(policy(releaseDir, indexed)).verifyBatches(List.of(batch), jobs);
    }

    /** The release's own public keys; each kind of signature it has a key for is required; its index when it has one. */
    private static VerificationPolicy policy(Path releaseDir, boolean indexed) throws IOException {
        Path keys = releaseDir.resolve(SignStage.KEYS_DIR);
        Set<SignatureKind> required = EnumSet.noneOf(SignatureKind.class);
        VerificationPolicy.Builder builder = VerificationPolicy.builder().requireIndex(indexed);
        Path pgp = keys.resolve(SigningKeys.PGP_PUBLIC_FILE);
        if (Files.isRegularFile(pgp)) {
            builder.trustPgpKeys(Files.readString(pgp));
            required.add(SignatureKind.PGP);
        }
        Path sigstore = keys.resolve(SigningKeys.SIGSTORE_PUBLIC_FILE);
        if (Files.isRegularFile(sigstore)) {
            builder.trustSigstoreKeys(Files.readString(sigstore));
            required.add(SignatureKind.SIGSTORE);
        }
        return builder.require(required).build();
    }
}
