package dev.forgeline.release.sbom;

import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.stage.ManifestResult;

/** The sbom stage's result: the manifest listing the SBOMs; {@code recorded}: they were all in place already. */
public record Sboms(ReleaseManifest manifest, int documents, boolean recorded) implements ManifestResult {
    @Override
    public String summary() {
        return documents + " SBOM(s)" + (recorded ? " recorded" : " written");
    }
}
