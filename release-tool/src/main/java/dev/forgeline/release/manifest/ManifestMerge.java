package dev.forgeline.release.manifest;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Merges the manifests of several CI runners into one release. Every field has a rule, so a new field
 * cannot be added without deciding how it merges:
 * <ul>
 *   <li>formatVersion, project, source commit and sourceDateEpoch: must be equal everywhere;</li>
 *   <li>source dirty: true if any runner built from a dirty tree;</li>
 *   <li>targets: a built record wins over a skipped one; two built records of one target must name
 *       the same library digest;</li>
 *   <li>artifacts: one per coordinate; the same coordinate with two different digests is refused.</li>
 * </ul>
 */
public final class ManifestMerge {
    private ManifestMerge() {}

    /** A manifest and where it came from, for messages. */
    public record Input(String origin, ReleaseManifest manifest) {}

    public static ReleaseManifest merge(List<Input> inputs) {
        if (inputs.isEmpty()) {
            throw ForgelineException.usage("nothing to assemble", "pass the output directories of forgeline build");
        }
        Input first = inputs.get(0);
        boolean dirty = false;
        SortedMap<String, ReleaseManifest.TargetRecord> targets = new TreeMap<>();
        Map<String, String> targetOrigin = new LinkedHashMap<>();
        Map<String, ReleaseManifest.ArtifactRecord> artifacts = new TreeMap<>();
        Map<String, String> artifactOrigin = new LinkedHashMap<>();
        for (Input input : inputs) {
            ReleaseManifest m = input.manifest();
            requireEqual("formatVersion", first, input, first.manifest().formatVersion(), m.formatVersion());
            requireEqual("project", first, input, first.manifest().project(), m.project());
            requireEqual("source commit", first, input, first.manifest().source().commit(), m.source().commit());
            requireEqual("sourceDateEpoch", first, input, first.manifest().source().sourceDateEpoch(), m.source().sourceDateEpoch());
            dirty |= m.source().dirty();
            for (Map.Entry<String, ReleaseManifest.TargetRecord> t : m.targets().entrySet()) {
                ReleaseManifest.TargetRecord existing = targets.get(t.getKey());
                ReleaseManifest.TargetRecord incoming = t.getValue();
                if (existing == null || existing.status() == ReleaseManifest.TargetRecord.Status.skipped) {
                    targets.put(t.getKey(), incoming);
                    targetOrigin.put(t.getKey(), input.origin());
                } else if (incoming.status() == ReleaseManifest.TargetRecord.Status.built
                        && !existing.library().sha256().equals(incoming.library().sha256())) {
                    throw conflict("target " + t.getKey() + " was built twice with different libraries: "
                            + existing.library().sha256() + " in " + targetOrigin.get(t.getKey()) + ", "
                            + incoming.library().sha256() + " in " + input.origin());
                }
            }
            for (ReleaseManifest.ArtifactRecord a : m.artifacts()) {
                ReleaseManifest.ArtifactRecord existing = artifacts.get(a.coordinate());
                if (existing == null) {
                    artifacts.put(a.coordinate(), a);
                    artifactOrigin.put(a.coordinate(), input.origin());
                } else if (!existing.sha256().equals(a.sha256())) {
                    throw conflict("two different digests for " + a.coordinate() + ": " + existing.sha256() + " in "
                            + artifactOrigin.get(a.coordinate()) + ", " + a.sha256() + " in " + input.origin());
                }
            }
        }
        ReleaseManifest.Source source = new ReleaseManifest.Source(first.manifest().source().commit(), dirty,
                first.manifest().source().sourceDateEpoch());
        return new ReleaseManifest(first.manifest().formatVersion(), first.manifest().project(), source, targets,
                new ArrayList<>(artifacts.values()));
    }

    private static void requireEqual(String field, Input first, Input other, Object a, Object b) {
        if (!Objects.equals(a, b)) {
            throw conflict(field + " differs: " + a + " in " + first.origin() + ", " + b + " in " + other.origin());
        }
    }

    private static ForgelineException conflict(String message) {
        return new ForgelineException(ExitCode.CHECK_FAILED, "cannot assemble: " + message,
                "every runner must build the same commit with the same configuration; rebuild the odd one out", null);
    }
}
