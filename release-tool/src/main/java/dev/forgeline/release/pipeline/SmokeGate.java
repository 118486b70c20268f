package dev.forgeline.release.pipeline;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.manifest.TargetId;
import dev.forgeline.release.manifest.ReleaseManifest.Smoke;
import dev.forgeline.release.manifest.ReleaseManifest.TargetRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What is signed and published is exactly what was smoke-tested: every built target of the manifest must carry a
 * passed smoke record for its own library. A target without one (a CI runner's results not merged yet), with a
 * failed one, or with a pass for other bytes stops the stage. Before that, every target the release must ship
 * ({@code required} in its manifest) must be built at all. There is deliberately no way around it: a target that
 * cannot be smoke-tested anywhere is left out of the matrix, so the release says what it ships.
 */
public final class SmokeGate {
    private SmokeGate() {}

    /**
     * A release is complete or it is not signed or published: every target it must ship ({@code required}) is built.
     * A partial release going out with the missing platforms merely listed as skipped is what this stops.
     */
    static void requireComplete(ReleaseManifest manifest, Path releaseDir, String action) {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<TargetId, TargetRecord> entry : manifest.targets().entrySet()) {
            TargetRecord target = entry.getValue();
            if (target.isRequired() && target.status() != TargetRecord.Status.built) {
                missing.add(entry.getKey() + (target.reason() == null ? "" : " (" + target.reason() + ")"));
            }
        }
        if (!missing.isEmpty()) {
            throw new ForgelineException(ExitCode.CHECK_FAILED, "cannot " + action + " " + releaseDir
                    + ": the release must ship targets that were not built: " + String.join(", ", missing),
                    "build each on a machine that can (forgeline build --target T, on its CI runner for macOS and Windows), "
                            + "then forgeline assemble the builds and " + action + " from the result; or list the target "
                            + "under optionalTargets in release.yaml to release without it", null);
        }
    }

    /**
     * @param action what is refused, for the message ("publish", "sign")
     * @throws ForgelineException {@link ExitCode#CHECK_FAILED}, naming each target, why, and the commands that fix it
     */
    public static void require(ReleaseManifest manifest, Path releaseDir, String action) {
        requireComplete(manifest, releaseDir, action);
        List<String> untested = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<TargetId, TargetRecord> entry : manifest.targets().entrySet()) {
            TargetRecord target = entry.getValue();
            if (target.status() != TargetRecord.Status.built) {
                continue; // not built, not in the release
            }
            Smoke smoke = target.smoke();
            if (smoke == null) {
                untested.add(entry.getKey().classifier());
                problems.add(entry.getKey() + " (not smoke-tested)");
            } else if (smoke.status() == Smoke.SmokeStatus.failed) {
                problems.add(entry.getKey() + " (smoke test failed: " + smoke.failedChecks().stream()
                        .map(ReleaseManifest.SmokeCheck::name).collect(Collectors.joining(", ")) + ")");
            } else if (!target.smokeTestedThisLibrary()) {
                problems.add(entry.getKey() + " (the smoke test passed for library " + smoke.testedSha256()
                        + ", not " + target.library().sha256() + ")");
            }
        }
        if (problems.isEmpty()) {
            return;
        }
        String targets = untested.stream().map(t -> " --target " + t).collect(Collectors.joining());
        String hint = untested.isEmpty()
                ? "a failed target must be fixed, rebuilt and smoke-tested again; the failed checks are in "
                        + releaseDir.resolve(ReleaseManifest.FILE_NAME)
                : "smoke-test them: forgeline smoke --from " + releaseDir + targets + " (a Linux target here, under QEMU if "
                        + "foreign; a macOS or Windows target on a runner of its platform, with --repository <staging> --out "
                        + "<results>, then forgeline assemble " + releaseDir + " <results>... --out <dir> and " + action
                        + " from <dir>)";
        throw new ForgelineException(ExitCode.CHECK_FAILED, "cannot " + action + " " + releaseDir
                + ": built targets without a passed smoke test: " + String.join(", ", problems), hint, null);
    }
}
