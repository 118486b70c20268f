package dev.forgeline.release.attest;

import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.stage.ManifestResult;

/** The attest stage's result: the manifest with the provenance; {@code subjects}: how many files it vouches for. */
public record Attested(ReleaseManifest manifest, int subjects, boolean recorded) implements ManifestResult {
    @Override
    public String summary() {
        return "provenance for " + subjects + " file(s)" + (recorded ? " recorded" : " written");
    }
}
