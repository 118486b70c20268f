package dev.forgeline.release.publish;

import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.maven.PublishResult;
import dev.forgeline.release.stage.ManifestResult;

/** The publish (or stage) stage's result: the release published and what the repository now holds of it. */
public record Published(ReleaseManifest manifest, PublishResult result) implements ManifestResult {
    @Override
    public String summary() {
        return result.published().size() + " file(s) written to " + result.repository() + ", "
                + result.skipped().size() + " already present and identical";
    }
}
