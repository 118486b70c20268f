package dev.forgeline.release.smoke;

import dev.forgeline.release.cross.DebianArch;
import dev.forgeline.release.cross.OlderDebian;
import dev.forgeline.release.cross.Doctor;
import dev.forgeline.release.cross.QemuJvm;
import dev.forgeline.release.platform.Target;
import dev.forgeline.release.platform.TargetCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JVMs a target's smoke test runs on here: the host JVM for the host platform; for a foreign Linux
 * target, that architecture's JVM under QEMU. When the policy's glibc is not newer than Debian 11's
 * (2.31) and release.yaml does not turn it off ({@code smoke.olderGlibc}), x86_64, aarch64 and armhf targets also run on Debian 11's JVM and glibc under QEMU, which
 * proves the glibc floor on a real older glibc (the mirror no longer carries Debian 11 for ppc64el
 * and s390x); on x86_64 that run uses {@code -cpu qemu64}, a baseline x86-64 CPU, so no newer
 * instruction slips into the library either (otherwise the host JVM takes that role).
 * Empty when the target needs a CI runner of its own.
 */
public final class SmokeRunners {
    /** The oldest x86-64 model QEMU offers: SSE2, no SSE4, no AVX. */
    public static final String BASELINE_X86_64_CPU = "qemu64";

    private final Doctor doctor;

    /** @param doctor where JVMs are provisioned, and whether an older glibc run applies ({@link Doctor#olderGlibcRun}) */
    public SmokeRunners(Doctor doctor) {
        this.doctor = doctor;
    }

    public List<TargetJvm> forTarget(Target target) {
        List<TargetJvm> runners = new ArrayList<>();
        Optional<DebianArch> arch = DebianArch.of(target);
        Optional<OlderDebian> older = arch.flatMap(doctor::olderGlibcRun);
        if (TargetCatalog.host().filter(target::equals).isPresent()) {
            HostJvm host = HostJvm.current();
            runners.add(host);
            if (arch.orElse(null) == DebianArch.AMD64 && QemuJvm.emulatorInstalled(DebianArch.AMD64)) {
                String cpu = "qemu-x86_64 -cpu " + BASELINE_X86_64_CPU;
                if (older.isPresent()) {
                    QemuJvm olderJvm = QemuJvm.provision(DebianArch.AMD64, doctor.toolchainsDir(), older.get());
                    runners.add(new QemuTargetJvm(olderJvm.onCpu(BASELINE_X86_64_CPU), cpu + " on " + older.get()));
                } else {
                    Path javaHome = host.java().getParent().getParent();
                    runners.add(new QemuTargetJvm(QemuJvm.hostUnderCpu(javaHome, BASELINE_X86_64_CPU), cpu));
                }
            }
        } else if (target.os() == Target.OperatingSystem.LINUX && arch.isPresent()) {
            String emulator = "qemu-" + arch.get().dpkgName();
            runners.add(new QemuTargetJvm(QemuJvm.provision(arch.get(), doctor.toolchainsDir()), emulator));
            if (older.isPresent()) {
                runners.add(new QemuTargetJvm(QemuJvm.provision(arch.get(), doctor.toolchainsDir(), older.get()),
                        emulator + " on " + older.get()));
            }
        }
        return runners;
    }
}
