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
 * SHA-256, for the manifest's group and version; and, signed the same way, the POM that gives it a coordinate in a
 * repository ({@link ReleaseIndexPom}, {@code DIR/release-index.pom}), so publish deploys it with the release. Both are
 * canonical, so a rerun writes the same bytes and the signers (deterministic) the same signatures.
 */
public final class ReleaseIndexWriter {
    private ReleaseIndexWriter() {}

    /** The index of the manifest's artifacts. */
    public static ReleaseIndex of(ReleaseManifest manifest) {
        return ManifestIndex.of(manifest);
    }

    /** Whether {@code releaseDir} holds the manifest's index, byte for byte, with a signature file per signer. */
    public static boolean written(Path releaseDir, ReleaseManifest manifest, List<Signer> signers) throws IOException {
        return written(releaseDir, ReleaseIndex.FILE_NAME, of(manifest).toJson(), signers)
                && written(releaseDir, ReleaseIndexPom.FILE_NAME, ReleaseIndexPom.of(releaseDir, manifest), signers);
    }

    private static boolean written(Path releaseDir, String name, byte[] bytes, List<Signer> signers) throws IOException {
        Path file = releaseDir.resolve(name);
        if (!Files.isRegularFile(file) || !java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
            return false;
        }
        for (Signer signer : signers) {
            if (!Files.isRegularFile(file.resolveSibling(signer.kind().fileNameFor(name)))) {
                return false;
            }
        }
        return true;
    }

    /** Writes and signs {@code releaseDir/release-index.pom} and {@code releaseDir/release-index.json}; returns the index's path. */
    public static Path write(Path releaseDir, ReleaseManifest manifest, List<Signer> signers) throws IOException {
        writeSigned(releaseDir, ReleaseIndexPom.FILE_NAME, ReleaseIndexPom.of(releaseDir, manifest), signers);
        return writeSigned(releaseDir, ReleaseIndex.FILE_NAME, of(manifest).toJson(), signers);
    }

    private static Path writeSigned(Path releaseDir, String name, byte[] bytes, List<Signer> signers) throws IOException {
        Path file = releaseDir.resolve(name);
        AtomicFiles.writeIfChanged(file, bytes);
        SignStage.signFile(file, name, FileDigest.of(bytes), signers);
        return file;
    }
}
