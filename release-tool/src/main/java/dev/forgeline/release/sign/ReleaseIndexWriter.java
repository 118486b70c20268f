package dev.forgeline.release.sign;

import dev.forgeline.release.common.FileDigest;
import dev.forgeline.release.io.AtomicFiles;
import dev.forgeline.release.common.ReleaseIndex;
import dev.forgeline.release.manifest.ManifestIndex;
import dev.forgeline.release.manifest.ReleaseManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a release's signed index of names ({@link ReleaseIndex}, {@code DIR/release-index.json} with its
 * {@code .asc} and {@code .sigstore.json}) from its manifest: every artifact's Maven repository path, size and
 * SHA-256, for the manifest's group and version. The index is canonical, so a rerun writes the same bytes and the
 * signers (deterministic) the same signatures.
 */
public final class ReleaseIndexWriter {
    private ReleaseIndexWriter() {}

    /** The index of the manifest's artifacts. */
    public static ReleaseIndex of(ReleaseManifest manifest) {
        return ManifestIndex.of(manifest);
    }

    /** Whether {@code releaseDir} holds the manifest's index, byte for byte, with a signature file per signer. */
    public static boolean written(Path releaseDir, ReleaseManifest manifest, List<Signer> signers) throws IOException {
        Path file = releaseDir.resolve(ReleaseIndex.FILE_NAME);
        if (!Files.isRegularFile(file) || !java.util.Arrays.equals(Files.readAllBytes(file), of(manifest).toJson())) {
            return false;
        }
        for (Signer signer : signers) {
            if (!Files.isRegularFile(file.resolveSibling(signer.kind().fileNameFor(ReleaseIndex.FILE_NAME)))) {
                return false;
            }
        }
        return true;
    }

    /** Writes and signs {@code releaseDir/release-index.json}; returns its path. */
    public static Path write(Path releaseDir, ReleaseManifest manifest, List<Signer> signers) throws IOException {
        byte[] json = of(manifest).toJson();
        Path file = releaseDir.resolve(ReleaseIndex.FILE_NAME);
        AtomicFiles.writeIfChanged(file, json);
        SignStage.signFile(file, ReleaseIndex.FILE_NAME, FileDigest.of(json), signers);
        return file;
    }
}
