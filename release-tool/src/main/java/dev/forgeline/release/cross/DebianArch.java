package dev.forgeline.release.cross;

import dev.forgeline.release.platform.Target;
import java.util.Arrays;
import java.util.Optional;

/**
 * A Linux target as Debian names it: the dpkg architecture, the GNU triple of its cross gcc, and the
 * QEMU user-mode emulator that runs its programs on another machine.
 */
public enum DebianArch {
    AMD64("x86_64", "amd64", "x86_64-linux-gnu", "qemu-x86_64-static"),
    ARM64("aarch_64", "arm64", "aarch64-linux-gnu", "qemu-aarch64-static"),
    PPC64EL("ppcle_64", "ppc64el", "powerpc64le-linux-gnu", "qemu-ppc64le-static"),
    S390X("s390_64", "s390x", "s390x-linux-gnu", "qemu-s390x-static"),
    ARMHF("arm_32", "armhf", "arm-linux-gnueabihf", "qemu-arm-static");

    private final String classifierArch;
    private final String dpkgName;
    private final String gnuTriple;
    private final String qemu;

    DebianArch(String classifierArch, String dpkgName, String gnuTriple, String qemu) {
        this.classifierArch = classifierArch;
        this.dpkgName = dpkgName;
        this.gnuTriple = gnuTriple;
        this.qemu = qemu;
    }

    /** The Debian architecture of a Linux target; empty for other operating systems and unknown CPUs. */
    public static Optional<DebianArch> of(Target target) {
        if (target.os() != Target.OperatingSystem.LINUX) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(a -> a.classifierArch.equals(target.arch())).findFirst();
    }

    /** The architecture dpkg calls {@code dpkgName}, if it is one of ours. */
    public static Optional<DebianArch> byDpkgName(String dpkgName) {
        return Arrays.stream(values()).filter(a -> a.dpkgName.equals(dpkgName)).findFirst();
    }

    /** The dpkg architecture: arm64, ppc64el, s390x, armhf, amd64. */
    public String dpkgName() {
        return dpkgName;
    }

    /** The GNU triple of Debian's cross toolchain: aarch64-linux-gnu, arm-linux-gnueabihf, ... */
    public String gnuTriple() {
        return gnuTriple;
    }

    /** The cross C compiler used as the linker, e.g. aarch64-linux-gnu-gcc. */
    public String linkerCommand() {
        return gnuTriple + "-gcc";
    }

    /** The cross archiver from the same binutils as the linker, e.g. aarch64-linux-gnu-ar. */
    public String archiverCommand() {
        return gnuTriple + "-ar";
    }

    /** The Debian package of {@link #linkerCommand()}, e.g. gcc-aarch64-linux-gnu. */
    public String linkerPackage() {
        return "gcc-" + gnuTriple;
    }

    /** The QEMU user-mode emulator from qemu-user-static, e.g. qemu-aarch64-static. */
    public String qemuCommand() {
        return qemu;
    }

    /** Where Debian's openjdk-17 puts the JVM, relative to the root it is extracted into. */
    public String jvmHome() {
        return "usr/lib/jvm/java-17-openjdk-" + dpkgName;
    }

    @Override
    public String toString() {
        return dpkgName;
    }
}
