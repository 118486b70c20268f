package dev.forgeline.release.sign;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.common.FileDigest;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.manifest.ReleaseManifest.ArtifactRecord;
import dev.forgeline.release.manifest.ReleaseManifest.SignatureRecord;
import dev.forgeline.release.stage.Stage;
import dev.forgeline.release.stage.StageContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The sign stage: every artifact of a release directory's manifest gets one signature file per signer
 * ({@code x.jar.asc}, {@code x.jar.sigstore.json}) next to it, recorded in the manifest with its SHA-256 and key id;
 * the release's index of names ({@code DIR/release-index.json}) is written and signed the same way, and the public
 * keys go to {@code DIR/keys}. The keys are loaded when the stage runs, with the release's
 * SOURCE_DATE_EPOCH as the signatures' time. Artifacts are signed in parallel on the run's executor; each is read and
 * hashed once, and must still have the SHA-256 the manifest records. Done when every artifact's recorded signatures
 * are present, intact and made by the same keys. The runner lets it run only after every built target passed its
 * smoke test.
 */
public final class SignStage implements Stage<Signed> {
    public static final String KEYS_DIR = "keys";

    private final Path releaseDir;
    private final KeyLoader keyLoader;
    private SigningKeys keys;

    public SignStage(Path releaseDir, KeyLoader keyLoader) {
        this.releaseDir = releaseDir.toAbsolutePath().normalize();
        this.keyLoader = keyLoader;
    }

    @Override
    public String name() {
        return "sign";
    }

    @Override
    public Optional<Signed> done(StageContext context) throws IOException {
        ReleaseManifest manifest = readSignable();
        List<Signer> signers = keys(context, manifest).signers();
        for (ArtifactRecord artifact : manifest.artifacts()) {
            if (!alreadySigned(artifact, signers)) {
                return Optional.empty();
            }
        }
        if (!publicKeysExported() || !ReleaseIndexWriter.written(releaseDir, manifest, signers)) {
            return Optional.empty();
        }
        return Optional.of(new Signed(manifest, 0, manifest.artifacts().size(), keys.pgp().keyId(),
                keys.sigstoreKeyId(), releaseDir.resolve(KEYS_DIR)));
    }

    @Override
    public Signed run(StageContext context) throws IOException, InterruptedException {
        ReleaseManifest manifest = readSignable();
        List<Signer> signers = keys(context, manifest).signers();
        List<ArtifactRecord> records = context.jobs().map(manifest.artifacts(),
                artifact -> alreadySigned(artifact, signers) ? artifact : sign(artifact, signers));
        int signed = 0;
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i) != manifest.artifacts().get(i)) {
                signed++;
            }
        }
        ReleaseManifest updated = manifest.withArtifacts(records);
        if (signed > 0) {
            ManifestStore.write(releaseDir, updated);
        }
        // The names too: a signed index binds every file's Maven path to its digest (signatures alone bind content).
        ReleaseIndexWriter.write(releaseDir, updated, signers);
        keys.exportPublicKeys(releaseDir.resolve(KEYS_DIR));
        context.report("sign", signed + " artifact(s) signed, " + (records.size() - signed) + " already signed ("
                + String.join(", ", signers.stream().map(s -> s.kind().id() + " " + s.keyId()).toList()) + ")");
        context.report("keys", "public keys to verify this release: " + releaseDir.resolve(KEYS_DIR));
        return new Signed(updated, signed, records.size() - signed, keys.pgp().keyId(), keys.sigstoreKeyId(),
                releaseDir.resolve(KEYS_DIR));
    }

    private ReleaseManifest readSignable() {
        ReleaseManifest manifest = ManifestStore.read(releaseDir);
        if (manifest.artifacts().isEmpty()) {
            throw new ForgelineException(ExitCode.USAGE, "the manifest in " + releaseDir + " lists no artifacts",
                    "run forgeline build first", null);
        }
        return manifest;
    }

    private SigningKeys keys(StageContext context, ReleaseManifest manifest) {
        if (keys == null) {
            keys = keyLoader.load(context.env(),
                    Clock.fixed(Instant.ofEpochSecond(manifest.source().sourceDateEpoch()), ZoneOffset.UTC));
            if (keys.signers().stream().map(Signer::kind).distinct().count() != keys.signers().size()) {
                throw new IllegalArgumentException("one signer per signature kind");
            }
        }
        return keys;
    }

    private boolean publicKeysExported() throws IOException {
        Path dir = releaseDir.resolve(KEYS_DIR);
        Path pgp = dir.resolve(SigningKeys.PGP_PUBLIC_FILE);
        Path sigstore = dir.resolve(SigningKeys.SIGSTORE_PUBLIC_FILE);
        return Files.isRegularFile(pgp) && Files.readString(pgp).equals(keys.pgpPublicKeyArmored())
                && (keys.keyless() || Files.isRegularFile(sigstore)
                        && Files.readString(sigstore).equals(keys.sigstorePublicKeyPem()));
    }

    /** Signs one file with every signer and writes the signature files next to it ({@link SignatureFiles#write}). */
    public static List<SignatureRecord> signFile(Path file, String relativeName, FileDigest digest, List<Signer> signers)
            throws IOException {
        return SignatureFiles.write(file, relativeName, digest, signers);
    }

    private ArtifactRecord sign(ArtifactRecord artifact, List<Signer> signers) throws IOException {
        Path file = ManifestStore.artifactFile(releaseDir, artifact);
        FileDigest digest = FileDigest.of(file);
        if (!digest.sha256Hex().equals(artifact.sha256())) {
            throw ManifestStore.changedSinceBuilt(artifact, digest.sha256Hex());
        }
        return artifact.withSignatures(signFile(file, artifact.file(), digest, signers));
    }

    private boolean alreadySigned(ArtifactRecord artifact, List<Signer> signers) throws IOException {
        if (artifact.signatures().size() != signers.size()) {
            return false;
        }
        for (Signer signer : signers) {
            SignatureRecord record = artifact.signatures().stream()
                    .filter(r -> r.kind().equals(signer.kind().id())).findFirst().orElse(null);
            if (record == null || !record.keyId().equals(signer.keyId()) || !ManifestStore.signatureIntact(releaseDir, record)) {
                return false;
            }
        }
        return true;
    }
}
