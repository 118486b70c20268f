package dev.forgeline.release.smoke;

import dev.forgeline.release.cross.DebianArch;
import dev.forgeline.release.cross.Doctor;
import dev.forgeline.release.cross.QemuJvm;
import dev.forgeline.release.platform.Target;
import dev.forgeline.release.platform.TargetCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JVMs a target's smoke test runs on here: the host JVM for the host platform (and, on x86_64,
 * the same JVM under {@code qemu-x86_64 -cpu qemu64}, a baseline x86-64 CPU, so no newer instruction
 * slips into the library); for a foreign Linux target, that architecture's JVM under QEMU. Empty
 * when the target needs a CI runner of its own.
 */
public final class SmokeRunners {
    /** The oldest x86-64 model QEMU offers: SSE2, no SSE4, no AVX. */
    public static final String BASELINE_X86_64_CPU = "qemu64";

    private final Doctor doctor;

    public SmokeRunners(Doctor doctor) {
        this.doctor = doctor;
    }

    public List<TargetJvm> forTarget(Target target) {
        List<TargetJvm> runners = new ArrayList<>();
        Optional<DebianArch> arch = DebianArch.of(target);
        if (TargetCatalog.host().filter(target::equals).isPresent()) {
            HostJvm host = HostJvm.current();
            runners.add(host);
            if (arch.orElse(null) == DebianArch.AMD64 && QemuJvm.emulatorInstalled(DebianArch.AMD64)) {
                Path javaHome = host.java().getParent().getParent();
                runners.add(new QemuTargetJvm(QemuJvm.hostUnderCpu(javaHome, BASELINE_X86_64_CPU),
                        "qemu-x86_64 -cpu " + BASELINE_X86_64_CPU));
            }
        } else if (target.os() == Target.OperatingSystem.LINUX && arch.isPresent()) {
            runners.add(new QemuTargetJvm(QemuJvm.provision(arch.get(), doctor.toolchainsDir()),
                    "qemu-" + arch.get().dpkgName()));
        }
        return runners;
    }
}
