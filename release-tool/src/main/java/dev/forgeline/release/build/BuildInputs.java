package dev.forgeline.release.build;

import dev.forgeline.release.config.ReleaseConfig;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.manifest.TargetId;
import dev.forgeline.release.platform.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a build is made from: the source (commit, dirty, SOURCE_DATE_EPOCH, and the digest of the tree that would be
 * snapshotted), the project, the targets, whether the Maven modules are packaged, and the targets the release must
 * ship (its plan: release.yaml's matrix without the optional targets, or what {@code release --local} builds). A release directory whose
 * manifest records exactly these inputs, with every listed file intact, holds this build already.
 */
public record BuildInputs(ReleaseManifest.Project project, ReleaseManifest.Source source, List<String> targets,
        boolean nativeOnly, java.util.Set<String> required, SortedMap<String, SortedMap<String, String>> environments) {

    /** {@code environments}: each target's build-shaping variables ({@link BuildEnvironment}), by classifier. */
    public BuildInputs {
        targets = targets.stream().sorted().toList();
        required = java.util.Set.copyOf(required);
        SortedMap<String, SortedMap<String, String>> copy = new TreeMap<>();
        environments.forEach((classifier, env) -> copy.put(classifier, new TreeMap<>(env)));
        environments = copy;
    }

    /** Reads the source's state now (git, the tree's digest) for a build of {@code targets} into {@code out}. */
    public static BuildInputs read(ReleaseConfig config, List<Target> targets, boolean nativeOnly,
            java.util.Set<String> required, Path out, Map<String, String> env, boolean outsideGitAllowed) throws IOException {
        SourceInfo info = SourceInfo.of(config.projectDir(), env, outsideGitAllowed);
        String tree = SourceSnapshot.treeSha256(config.projectDir(), out);
        SortedMap<String, SortedMap<String, String>> environments = new TreeMap<>();
        targets.forEach(t -> environments.put(t.classifier(), BuildEnvironment.of(env, t, config.projectDir())));
        return new BuildInputs(new ReleaseManifest.Project(config.groupId(), config.version()),
                new ReleaseManifest.Source(info.commit(), info.dirty(), info.sourceDateEpoch(), tree, info.outsideGit()),
                targets.stream().map(Target::classifier).toList(), nativeOnly, required, environments);
    }

    /** The build-shaping variables of {@code classifier}'s build (none: empty). */
    public SortedMap<String, String> environment(String classifier) {
        return environments.getOrDefault(classifier, new TreeMap<>());
    }

    public SourceInfo sourceInfo() {
        return new SourceInfo(source.commit(), source.dirty(), source.sourceDateEpoch(), source.isOutsideGit());
    }

    /**
     * The manifest in {@code out} when it records this very build (same project, source and tree, the same targets
     * built, the Maven modules present unless native-only) and every file it lists is present with its recorded
     * digest; empty when anything differs, is missing or does not read.
     */
    public Optional<ReleaseManifest> recordedIn(Path out) throws IOException {
        if (!Files.isRegularFile(out.resolve(ReleaseManifest.FILE_NAME))) {
            return Optional.empty();
        }
        ReleaseManifest manifest;
        try {
            manifest = ManifestStore.read(out);
        } catch (RuntimeException unreadable) {
            return Optional.empty(); // another format or a broken file: build again, which replaces it
        }
        boolean hasJavaModules = manifest.artifacts().stream().anyMatch(a -> a.target() == null);
        boolean same = manifest.project().equals(project)
                && source.treeSha256() != null
                && sameSource(manifest.source())
                && manifest.builtTargets().stream().map(TargetId::classifier).toList().equals(targets)
                && hasJavaModules != nativeOnly
                && manifest.targets().entrySet().stream()
                        .allMatch(e -> e.getValue().isRequired() == required.contains(e.getKey().classifier()))
                && manifest.builtTargets().stream().allMatch(id -> recordedEnvironment(manifest.target(id))
                        .equals(environment(id.classifier())));
        return same && ManifestStore.intact(out, manifest) ? Optional.of(manifest) : Optional.empty();
    }

    /** A library built with other build-shaping variables is another build: it is built again. */
    private static SortedMap<String, String> recordedEnvironment(ReleaseManifest.TargetRecord target) {
        return target.toolchain() == null ? new TreeMap<>() : target.toolchain().environment();
    }

    private boolean sameSource(ReleaseManifest.Source recorded) {
        return java.util.Objects.equals(recorded.commit(), source.commit()) && recorded.dirty() == source.dirty()
                && recorded.sourceDateEpoch() == source.sourceDateEpoch()
                && source.treeSha256().equals(recorded.treeSha256());
    }
}
