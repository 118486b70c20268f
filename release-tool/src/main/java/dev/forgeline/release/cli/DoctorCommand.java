package dev.forgeline.release.cli;

import dev.forgeline.release.config.ReleaseConfig;
import dev.forgeline.release.cross.Doctor;
import dev.forgeline.release.cross.TargetCapability;
import dev.forgeline.release.pipeline.Toolchains;
import dev.forgeline.release.platform.Target;
import dev.forgeline.release.platform.TargetCatalog;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "For each target of the matrix: can it be built and smoke-tested here, and the exact command "
                + "that installs what is missing. --install does it (Debian, as root).")
final class DoctorCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--install", description = "install the missing Debian packages and provision toolchains and JVMs")
    boolean install;

    /** What --install prepares for. */
    enum For { build, smoke }

    @Option(names = "--for", paramLabel = "build|smoke",
            description = "with --install: only what building (cross toolchain, std, glibc ABI lists) or smoke-testing "
                    + "(QEMU, the targets' JVMs) needs (default: both)")
    For purpose;

    @Option(names = "--target", paramLabel = "CLASSIFIER",
            description = "only this target (repeatable; default: every target of the matrix): a CI job provisions what "
                    + "its own targets need")
    List<String> targets = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ReleaseConfig config = options.load();
        Doctor doctor = Toolchains.doctor(config, System.getenv());
        PrintWriter out = spec.commandLine().getOut();
        out.println("toolchains: " + doctor.toolchainsDir());
        List<Target> selected = targets.isEmpty()
                ? config.targets().stream().map(c -> TargetCatalog.require(c)).toList()
                : BuildCommand.selectTargets(config, targets);
        for (Target target : selected) {
            TargetCapability capability = install && doctor.inspect(target, true).build() != TargetCapability.Mode.CI_RUNNER
                    ? doctor.install(target, purposes())
                    : doctor.inspect(target, true);
            out.print(capability.summary());
        }
        out.flush();
        return 0;
    }

    private java.util.Set<Doctor.Purpose> purposes() {
        if (purpose == null) {
            return java.util.EnumSet.allOf(Doctor.Purpose.class);
        }
        return java.util.EnumSet.of(purpose == For.build ? Doctor.Purpose.BUILD : Doctor.Purpose.SMOKE);
    }
}
