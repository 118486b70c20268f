package dev.forgeline.release.sign;

import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.stage.ManifestResult;
import java.nio.file.Path;

/** The sign stage's result: the manifest with the signatures recorded, what was signed and with which keys. */
public record Signed(ReleaseManifest manifest, int signed, int skipped, String pgpKeyId, String sigstoreKeyId,
        Path publicKeys) implements ManifestResult {
    @Override
    public String summary() {
        return signed + " artifact(s) signed, " + skipped + " already signed";
    }
}
