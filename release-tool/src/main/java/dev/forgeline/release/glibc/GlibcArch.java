package dev.forgeline.release.glibc;

import dev.forgeline.release.cross.DebianArch;

/**
 * Where glibc keeps each architecture's ABI lists, and the two ABI facts the stubs need that are not
 * in those lists: the dynamic loader's soname (sysdeps/unix/sysv/linux/&lt;arch&gt;/shlib-versions) and
 * the {@code _STAT_VER} that the pre-2.33 {@code stat} wrappers pass to {@code __xstat}
 * (sysdeps/unix/sysv/linux/&lt;arch&gt;/xstatver.h: 1 on x86_64, ppc64 and s390x, 0 on the generic
 * aarch64 ABI, 3 on 32-bit ARM).
 */
public enum GlibcArch {
    AMD64(DebianArch.AMD64, "sysdeps/unix/sysv/linux/x86_64/64", "ld-linux-x86-64.so.2", 1),
    ARM64(DebianArch.ARM64, "sysdeps/unix/sysv/linux/aarch64", "ld-linux-aarch64.so.1", 0),
    PPC64EL(DebianArch.PPC64EL, "sysdeps/unix/sysv/linux/powerpc/powerpc64/le", "ld64.so.2", 1),
    S390X(DebianArch.S390X, "sysdeps/unix/sysv/linux/s390/s390-64", "ld64.so.1", 1),
    ARMHF(DebianArch.ARMHF, "sysdeps/unix/sysv/linux/arm/le", "ld-linux-armhf.so.3", 3);

    private final DebianArch debianArch;
    private final String abiListDir;
    private final String loaderSoname;
    private final int statVersion;

    GlibcArch(DebianArch debianArch, String abiListDir, String loaderSoname, int statVersion) {
        this.debianArch = debianArch;
        this.abiListDir = abiListDir;
        this.loaderSoname = loaderSoname;
        this.statVersion = statVersion;
    }

    public static GlibcArch of(DebianArch arch) {
        for (GlibcArch a : values()) {
            if (a.debianArch == arch) {
                return a;
            }
        }
        throw new IllegalArgumentException("no glibc ABI known for " + arch);
    }

    /** The directory of the architecture's {@code *.abilist} files, relative to the glibc source tree. */
    public String abiListDir() {
        return abiListDir;
    }

    public String loaderSoname() {
        return loaderSoname;
    }

    public int statVersion() {
        return statVersion;
    }

    @Override
    public String toString() {
        return debianArch.toString();
    }
}
