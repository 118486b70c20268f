package dev.forgeline.release.smoke;

import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.manifest.ReleaseManifest.Smoke;
import dev.forgeline.release.manifest.TargetId;
import dev.forgeline.release.stage.ManifestResult;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The smoke stage's result: the release manifest with the results recorded, the results by target, and whether they were recorded before. */
public record Smoked(ReleaseManifest manifest, SortedMap<TargetId, Smoke> results, boolean recorded) implements ManifestResult {
    public Smoked(ReleaseManifest manifest, Map<TargetId, Smoke> results, boolean recorded) {
        this(manifest, new TreeMap<>(results), recorded);
    }

    @Override
    public String summary() {
        return (recorded ? "already passed: " : "passed: ") + results.keySet().stream().map(TargetId::classifier).collect(java.util.stream.Collectors.joining(", "));
    }
}
