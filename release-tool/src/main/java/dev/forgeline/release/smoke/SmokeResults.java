package dev.forgeline.release.smoke;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.manifest.TargetId;
import dev.forgeline.release.manifest.ReleaseManifest.Smoke;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The shape of a smoke run's results: recorded in the release manifest, or, for a CI runner, a manifest of
 * their own that {@code assemble} merges into the release (ManifestMerge's smoke rule).
 */
final class SmokeResults {
    private SmokeResults() {}

    /** The release manifest with each tested target's smoke record replaced by this run's. */
    static ReleaseManifest recorded(ReleaseManifest manifest, Map<TargetId, Smoke> results) {
        ReleaseManifest recorded = manifest;
        for (Map.Entry<TargetId, Smoke> result : results.entrySet()) {
            recorded = recorded.withTarget(result.getKey(), recorded.targets().get(result.getKey()).withSmoke(result.getValue()));
        }
        return recorded;
    }

    /**
     * What a runner hands back: the tested targets' records (library digest and smoke record) and no artifacts, so
     * the file merges with the release it came from and can carry nothing else into it.
     */
    static ReleaseManifest forMerge(ReleaseManifest recorded, Set<TargetId> tested) {
        SortedMap<TargetId, ReleaseManifest.TargetRecord> targets = new TreeMap<>(recorded.targets());
        targets.keySet().retainAll(tested);
        return recorded.withTargets(targets).withArtifacts(List.of());
    }

    /** Throws, naming every failed target and its failed checks, unless all passed. */
    static void requireAllPassed(Map<TargetId, Smoke> results, Path resultsFile) {
        List<String> failures = new ArrayList<>();
        for (Map.Entry<TargetId, Smoke> result : results.entrySet()) {
            Smoke smoke = result.getValue();
            if (smoke.status() == Smoke.SmokeStatus.failed) {
                failures.add(result.getKey() + ": " + smoke.failedChecks().stream()
                        .map(c -> c.name() + " (" + c.detail() + ")").collect(Collectors.joining("; ")));
            }
        }
        if (!failures.isEmpty()) {
            throw new ForgelineException(ExitCode.CHECK_FAILED, "smoke test failed, nothing was published:\n  "
                    + String.join("\n  ", failures), "the results are in " + resultsFile, null);
        }
    }
}
