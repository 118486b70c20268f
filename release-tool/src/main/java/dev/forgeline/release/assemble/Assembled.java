package dev.forgeline.release.assemble;

import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.stage.ManifestResult;

/** The assemble stage's result: the merged release's manifest and how many builds went into it. */
public record Assembled(ReleaseManifest manifest, int builds) implements ManifestResult {
    @Override
    public String summary() {
        return builds + " builds: " + manifest.artifacts().size() + " artifacts";
    }
}
