package dev.forgeline.release.stage;

import dev.forgeline.release.manifest.ReleaseManifest;

/** A stage result that carries the release manifest as the stage left it. */
public interface ManifestResult extends StageResult {
    ReleaseManifest manifest();
}
