package dev.forgeline.release.manifest;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.manifest.ReleaseManifest.Smoke;
import dev.forgeline.release.manifest.ReleaseManifest.TargetRecord;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Merges the manifests of several CI runners into one release. Every field of the manifest, its source, its target
 * records and its artifact records has a declared rule ({@link #RULES}), so a new field cannot be added without
 * deciding how it merges: a record component without a rule stops every merge, and a test names it.
 * <ul>
 *   <li>formatVersion, project, source commit, sourceDateEpoch and outsideGit: must be equal everywhere;</li>
 *   <li>source dirty: true if any runner built from a dirty tree; the source tree's digest is kept when every runner
 *       recorded the same one, else dropped;</li>
 *   <li>targets: a built record wins over a skipped one; two built records of one target must name
 *       the same library digest, and the first one's toolchain and binary check are kept;</li>
 *   <li>a built target's smoke record: one from any input fills a missing one (a CI runner's smoke results
 *       join the release that way); a failed one wins over a passed one, so merging never hides a failure;
 *       of two with the same status the first is kept. A record that claims to have passed must have
 *       tested the target's library ({@code testedSha256} equal to the library's {@code sha256}), or it is
 *       refused: it is the result of another build. A failed record is kept whatever the harness loaded:
 *       it can only stop the release, and its checks say what went wrong;</li>
 *   <li>artifacts: one per coordinate; the same coordinate with two different digests is refused.</li>
 *   <li>image: kept when every input records the same one, else dropped (an image is built from one whole release).</li>
 * </ul>
 */
public final class ManifestMerge {
    private ManifestMerge() {}

    /** How one field of two inputs becomes the field of the merged manifest. */
    public enum Rule {
        /** Must be equal in every input that has the record; a difference refuses the merge. */
        EQUAL,
        /** True when any input says true. */
        ANY,
        /** Kept when every input has the same value, else dropped (null). */
        EQUAL_OR_DROPPED,
        /** The first input's value is kept (the records agree on what matters, checked by another field's rule). */
        FIRST,
        /** Merged by its own rule, described with the field. */
        OWN_RULE
    }

    /** Every merged record component, "Record.component", and its rule. */
    public static final Map<String, Rule> RULES = Map.ofEntries(
            Map.entry("ReleaseManifest.formatVersion", Rule.EQUAL),
            Map.entry("ReleaseManifest.project", Rule.EQUAL),
            Map.entry("ReleaseManifest.source", Rule.OWN_RULE), // field by field, below
            Map.entry("ReleaseManifest.targets", Rule.OWN_RULE), // built beats skipped, then field by field
            Map.entry("ReleaseManifest.artifacts", Rule.OWN_RULE), // one per coordinate, field by field
            // An image is built from one whole release: kept only when every input has the same one (none, as runners'
            // builds have none), so an image of a partial release never passes for the merged one's.
            Map.entry("ReleaseManifest.image", Rule.EQUAL_OR_DROPPED),
            Map.entry("Source.commit", Rule.EQUAL),
            Map.entry("Source.dirty", Rule.ANY),
            Map.entry("Source.sourceDateEpoch", Rule.EQUAL),
            Map.entry("Source.treeSha256", Rule.EQUAL_OR_DROPPED),
            Map.entry("Source.outsideGit", Rule.EQUAL),
            Map.entry("TargetRecord.rustTriple", Rule.EQUAL),
            Map.entry("TargetRecord.status", Rule.EQUAL),
            Map.entry("TargetRecord.reason", Rule.FIRST),
            Map.entry("TargetRecord.toolchain", Rule.FIRST),
            Map.entry("TargetRecord.library", Rule.EQUAL),
            Map.entry("TargetRecord.check", Rule.FIRST),
            Map.entry("TargetRecord.smoke", Rule.OWN_RULE), // a missing one is filled, a failure beats a pass
            Map.entry("TargetRecord.required", Rule.ANY), // required by any runner's plan: the release must ship it
            Map.entry("ArtifactRecord.groupId", Rule.EQUAL),
            Map.entry("ArtifactRecord.artifactId", Rule.EQUAL),
            Map.entry("ArtifactRecord.version", Rule.EQUAL),
            Map.entry("ArtifactRecord.classifier", Rule.EQUAL),
            Map.entry("ArtifactRecord.extension", Rule.EQUAL),
            Map.entry("ArtifactRecord.target", Rule.EQUAL),
            Map.entry("ArtifactRecord.file", Rule.FIRST), // assemble copies the file and records its new place
            Map.entry("ArtifactRecord.size", Rule.EQUAL),
            Map.entry("ArtifactRecord.sha256", Rule.EQUAL),
            Map.entry("ArtifactRecord.signatures", Rule.FIRST));

    /** The records merged field by field; each of their components needs a rule. */
    static final List<Class<? extends Record>> MERGED_RECORDS = List.of(ReleaseManifest.class, ReleaseManifest.Source.class,
            TargetRecord.class, ReleaseManifest.ArtifactRecord.class);

    /** The components of the merged records that have no rule: must be empty. */
    public static List<String> componentsWithoutRule() {
        List<String> missing = new ArrayList<>();
        for (Class<? extends Record> type : MERGED_RECORDS) {
            for (RecordComponent c : type.getRecordComponents()) {
                String key = type.getSimpleName() + "." + c.getName();
                if (!RULES.containsKey(key)) {
                    missing.add(key);
                }
            }
        }
        return missing;
    }

    /** A manifest and where it came from, for messages. */
    public record Input(String origin, ReleaseManifest manifest) {}

    public static ReleaseManifest merge(List<Input> inputs) {
        List<String> undecided = componentsWithoutRule();
        if (!undecided.isEmpty()) {
            throw new ForgelineException(ExitCode.INTERNAL, "no merge rule for " + String.join(", ", undecided),
                    "declare one in ManifestMerge.RULES", null);
        }
        if (inputs.isEmpty()) {
            throw ForgelineException.usage("nothing to assemble", "pass the output directories of forgeline build");
        }
        Input first = inputs.get(0);
        ReleaseManifest merged = first.manifest();
        SortedMap<TargetId, TargetRecord> targets = new TreeMap<>();
        Map<TargetId, String> targetOrigin = new LinkedHashMap<>();
        Map<ArtifactId, ReleaseManifest.ArtifactRecord> artifacts = new TreeMap<>();
        Map<ArtifactId, String> artifactOrigin = new LinkedHashMap<>();
        for (Input input : inputs) {
            ReleaseManifest m = input.manifest();
            merged = mergeFields(ReleaseManifest.class, merged, m, "", first.origin(), input.origin());
            for (Map.Entry<TargetId, TargetRecord> t : m.targets().entrySet()) {
                TargetRecord existing = targets.get(t.getKey());
                TargetRecord incoming = t.getValue();
                requireSmokeOfThisLibrary(t.getKey().classifier(), incoming, input.origin());
                if (existing == null || existing.status() == TargetRecord.Status.skipped) {
                    targets.put(t.getKey(), incoming);
                    targetOrigin.put(t.getKey(), input.origin());
                } else if (incoming.status() == TargetRecord.Status.built) {
                    if (!existing.library().sha256().equals(incoming.library().sha256())) {
                        throw conflict("target " + t.getKey() + " was built twice with different libraries: "
                                + existing.library().sha256() + " in " + targetOrigin.get(t.getKey()) + ", "
                                + incoming.library().sha256() + " in " + input.origin());
                    }
                    TargetRecord fields = mergeFields(TargetRecord.class, existing, incoming, "target " + t.getKey() + " ",
                            targetOrigin.get(t.getKey()), input.origin());
                    targets.put(t.getKey(), fields.withSmoke(mergeSmoke(existing.smoke(), incoming.smoke())));
                }
            }
            for (ReleaseManifest.ArtifactRecord a : m.artifacts()) {
                ReleaseManifest.ArtifactRecord existing = artifacts.get(a.id());
                if (existing == null) {
                    artifacts.put(a.id(), a);
                    artifactOrigin.put(a.id(), input.origin());
                } else if (!existing.sha256().equals(a.sha256())) {
                    throw conflict("two different digests for " + a.coordinate() + ": " + existing.sha256() + " in "
                            + artifactOrigin.get(a.id()) + ", " + a.sha256() + " in " + input.origin());
                } else {
                    artifacts.put(a.id(), mergeFields(ReleaseManifest.ArtifactRecord.class, existing, a,
                            a.coordinate() + " ", artifactOrigin.get(a.id()), input.origin()));
                }
            }
        }
        return merged.withTargets(targets).withArtifacts(new ArrayList<>(artifacts.values()));
    }

    /**
     * Two records merged component by component by their rules; OWN_RULE components keep the first value here (the
     * caller merges them). Source is merged by its rules wherever it appears.
     */
    private static <T extends Record> T mergeFields(Class<T> type, T existing, T incoming, String what, String existingOrigin,
            String incomingOrigin) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            types[i] = c.getType();
            Object a = read(c, existing);
            Object b = read(c, incoming);
            String field = fieldName(type, c);
            values[i] = switch (RULES.get(type.getSimpleName() + "." + c.getName())) {
                case EQUAL -> {
                    if (!Objects.equals(a, b)) {
                        throw conflict(what + field + " differs: " + a + " in " + existingOrigin + ", " + b + " in "
                                + incomingOrigin);
                    }
                    yield a;
                }
                case ANY -> Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
                case EQUAL_OR_DROPPED -> Objects.equals(a, b) ? a : null;
                case FIRST -> a;
                case OWN_RULE -> a instanceof ReleaseManifest.Source s
                        ? mergeFields(ReleaseManifest.Source.class, s, (ReleaseManifest.Source) b, what, existingOrigin,
                                incomingOrigin)
                        : a;
            };
        }
        try {
            return type.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot rebuild " + type.getSimpleName(), e);
        }
    }

    /** The name a message uses for a field ("source commit" rather than "Source.commit"). */
    private static String fieldName(Class<?> type, RecordComponent c) {
        if (type == ReleaseManifest.Source.class) {
            return c.getName().equals("commit") ? "source commit" : c.getName();
        }
        return c.getName();
    }

    private static Object read(RecordComponent c, Object record) {
        try {
            return c.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c.getName(), e);
        }
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

    private static ForgelineException conflict(String message) {
        return new ForgelineException(ExitCode.CHECK_FAILED, "cannot assemble: " + message,
                "every runner must build the same commit with the same configuration; rebuild the odd one out", null);
    }
}
