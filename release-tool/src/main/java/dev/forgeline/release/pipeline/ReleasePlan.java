package dev.forgeline.release.pipeline;

import dev.forgeline.release.cross.BuildCapability;

import dev.forgeline.release.config.ReleaseConfig;
import dev.forgeline.release.platform.Target;
import dev.forgeline.release.platform.TargetCatalog;
import java.util.List;

/** What a release of this configuration would build, and which targets this machine can build. */
public record ReleasePlan(String groupId, String version, String host, List<PlannedTarget> targets) {

    /** One target: whether this machine can build it (and if not, why), and whether the release may ship without it. */
    public record PlannedTarget(String classifier, String rustTriple, boolean buildableHere, String reason, boolean optional) {}

    public static ReleasePlan of(ReleaseConfig config, java.util.Map<String, String> env) {
        dev.forgeline.release.cross.Doctor doctor = Toolchains.doctor(config, env);
        List<PlannedTarget> planned = config.targets().stream()
                .map(c -> TargetCatalog.require(c))
                .map(t -> BuildCapability.of(t, doctor, true))
                .map(cap -> new PlannedTarget(cap.target().classifier(), cap.target().rustTriple(), cap.buildable(), cap.reason(),
                        config.optionalTargets().contains(cap.target().classifier())))
                .toList();
        return new ReleasePlan(config.groupId(), config.version(),
                TargetCatalog.host().map(Target::classifier).orElse(null), planned);
    }
}
