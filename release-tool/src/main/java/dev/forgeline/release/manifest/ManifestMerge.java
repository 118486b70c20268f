package dev.forgeline.release.manifest;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.manifest.ReleaseManifest.Smoke;
import dev.forgeline.release.manifest.ReleaseManifest.TargetRecord;
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
 *       the same library digest, and the first one's toolchain and binary check are kept;</li>
 *   <li>a built target's smoke record: one from any input fills a missing one (a CI runner's smoke results
 *       join the release that way); a failed one wins over a passed one, so merging never hides a failure;
 *       of two with the same status the first is kept. A record that claims to have passed must have
 *       tested the target's library ({@code testedSha256} equal to the library's {@code sha256}), or it is
 *       refused: it is the result of another build. A failed record is kept whatever the harness loaded:
 *       it can only stop the release, and its checks say what went wrong;</li>
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
        SortedMap<String, TargetRecord> targets = new TreeMap<>();
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
            for (Map.Entry<String, TargetRecord> t : m.targets().entrySet()) {
                TargetRecord existing = targets.get(t.getKey());
                TargetRecord incoming = t.getValue();
                requireSmokeOfThisLibrary(t.getKey(), incoming, input.origin());
                if (existing == null || existing.status() == TargetRecord.Status.skipped) {
                    targets.put(t.getKey(), incoming);
                    targetOrigin.put(t.getKey(), input.origin());
                } else if (incoming.status() == TargetRecord.Status.built) {
                    if (!existing.library().sha256().equals(incoming.library().sha256())) {
                        throw conflict("target " + t.getKey() + " was built twice with different libraries: "
                                + existing.library().sha256() + " in " + targetOrigin.get(t.getKey()) + ", "
                                + incoming.library().sha256() + " in " + input.origin());
                    }
                    targets.put(t.getKey(), existing.withSmoke(mergeSmoke(existing.smoke(), incoming.smoke())));
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

    /** The smoke record kept for one library: a missing one is filled, a failure beats a pass, else the first. */
    static Smoke mergeSmoke(Smoke existing, Smoke incoming) {
        if (existing == null) {
            return incoming;
        }
        if (incoming != null && incoming.status() == Smoke.SmokeStatus.failed
                && existing.status() == Smoke.SmokeStatus.passed) {
            return incoming;
        }
        return existing;
    }

    /** A pass is only worth something for the bytes it tested: one that tested other bytes belongs to another build. */
    private static void requireSmokeOfThisLibrary(String classifier, TargetRecord record, String origin) {
        Smoke smoke = record.smoke();
        if (smoke == null || smoke.status() != Smoke.SmokeStatus.passed || record.library() == null) {
            return;
        }
        if (!record.smokeTestedThisLibrary()) {
            throw new ForgelineException(ExitCode.CHECK_FAILED, "cannot assemble: the smoke record of " + classifier
                    + " in " + origin + " passed for library " + smoke.testedSha256() + ", but the target's library is "
                    + record.library().sha256(),
                    "smoke results must come from this release: run forgeline smoke --from <this release> --target "
                            + classifier + " --out <dir> again and assemble that output", null);
        }
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
