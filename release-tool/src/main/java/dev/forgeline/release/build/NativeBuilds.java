package dev.forgeline.release.build;

import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.stage.StageResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The build stage's result: the libraries built in this run and, for every other target of the matrix, why it was
 * not built; or, when the release directory already held this build, its recorded manifest.
 */
public record NativeBuilds(List<NativeBuild> builds, SortedMap<String, String> notBuilt, BuildInputs inputs,
        Optional<ReleaseManifest> recorded) implements StageResult {

    public NativeBuilds {
        builds = List.copyOf(builds);
        notBuilt = new TreeMap<>(notBuilt);
    }

    static NativeBuilds built(List<NativeBuild> builds, Map<String, String> notBuilt, BuildInputs inputs) {
        return new NativeBuilds(builds, new TreeMap<>(notBuilt), inputs, Optional.empty());
    }

    static NativeBuilds alreadyBuilt(ReleaseManifest manifest, BuildInputs inputs) {
        return new NativeBuilds(List.of(), new TreeMap<>(), inputs, Optional.of(manifest));
    }

    @Override
    public String summary() {
        return recorded.isPresent()
                ? "already built from these sources (tree sha256:" + inputs.source().treeSha256() + ")"
                : builds.size() + " target(s) built";
    }
}
