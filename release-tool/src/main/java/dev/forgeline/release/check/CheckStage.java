package dev.forgeline.release.check;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.build.NativeBuild;
import dev.forgeline.release.build.NativeBuilds;
import dev.forgeline.release.config.BinaryPolicy;
import dev.forgeline.release.stage.Stage;
import dev.forgeline.release.stage.StageContext;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The check stage: every library built in this run must pass the binary checks of the policy (format and machine of
 * the target, no glibc newer than the floor, only the allowed libraries needed) before anything is packaged. Done
 * when the build was: a recorded build was checked when it was made.
 */
public final class CheckStage implements Stage<CheckedBuilds> {
    private final NativeBuilds builds;
    private final BinaryPolicy policy;

    public CheckStage(NativeBuilds builds, BinaryPolicy policy) {
        this.builds = builds;
        this.policy = policy;
    }

    @Override
    public String name() {
        return "check";
    }

    @Override
    public Optional<CheckedBuilds> done(StageContext context) {
        return builds.recorded().map(m -> new CheckedBuilds(builds, List.of()));
    }

    @Override
    public CheckedBuilds run(StageContext context) throws IOException, InterruptedException {
        List<CheckedBuilds.Checked> checked = context.jobs().map(builds.builds(), build -> check(context, build));
        return new CheckedBuilds(builds, checked);
    }

    private CheckedBuilds.Checked check(StageContext context, NativeBuild build) throws IOException {
        CheckReport report = BinaryCheck.check(build.library(), build.target(), policy);
        if (!report.passed()) {
            throw new ForgelineException(ExitCode.CHECK_FAILED, "the " + build.target() + " library fails the binary "
                    + "checks, nothing was packaged:\n" + report.summary(),
                    "fix the build, or change the policy under checks: in release.yaml if it is really meant", null);
        }
        context.report("check", build.target() + ": " + report.format() + " " + report.machine()
                + report.requiredGlibc().map(v -> ", needs glibc " + v).orElse("") + ", needed " + report.needed());
        return new CheckedBuilds.Checked(build, report);
    }
}
