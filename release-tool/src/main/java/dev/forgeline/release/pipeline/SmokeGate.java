package dev.forgeline.release.pipeline;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.manifest.ImageRecord;
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
     * A recorded image must have passed its smoke test on every platform, with the library the release records for the
     * platform's target: an image that failed, or that was tested with other bytes, is not signed or published, and
     * neither is the Maven side of the release.
     */
    static List<String> imageProblems(ReleaseManifest manifest) {
        List<String> problems = new ArrayList<>();
        ImageRecord image = manifest.image();
        if (image == null) {
            return problems;
        }
        image.platforms().forEach((classifier, platform) -> {
            TargetRecord target = manifest.target(TargetId.of(classifier));
            String library = target == null || target.library() == null ? null : target.library().sha256();
            if (platform.smoke() == null) {
                problems.add("image " + platform.platform() + " (not smoke-tested)");
            } else if (platform.smoke().status() == Smoke.SmokeStatus.failed) {
                problems.add("image " + platform.platform() + " (smoke test failed: " + platform.smoke().failedChecks()
                        .stream().map(ReleaseManifest.SmokeCheck::name).collect(Collectors.joining(", ")) + ")");
            } else if (!platform.smokePassedForItsLibrary() || !platform.librarySha256().equals(library)) {
                problems.add("image " + platform.platform() + " (its smoke test passed for library "
                        + platform.smoke().testedSha256() + ", not " + library + ")");
            }
        });
        return problems;
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
        problems.addAll(imageProblems(manifest));
        if (problems.isEmpty()) {
            return;
        }
        if (untested.isEmpty() && problems.stream().allMatch(p -> p.startsWith("image "))) {
            throw new ForgelineException(ExitCode.CHECK_FAILED, "cannot " + action + " " + releaseDir + ": "
                    + String.join(", ", problems), "rebuild the image and its smoke test: forgeline release --local "
                    + "(the image stage reruns while its smoke record is not a pass for the release's libraries)", null);
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
