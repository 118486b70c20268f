package dev.forgeline.release.packaging;

import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.stage.ManifestResult;

/** The package stage's result: the release manifest listing every packaged file; {@code recorded}: from an earlier run. */
public record Packaged(ReleaseManifest manifest, boolean recorded) implements ManifestResult {
    @Override
    public String summary() {
        return recorded ? "already packaged: " + manifest.artifacts().size() + " artifact(s)"
                : manifest.artifacts().size() + " artifact(s) packaged";
    }
}
