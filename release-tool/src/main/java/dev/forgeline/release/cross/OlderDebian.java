package dev.forgeline.release.cross;

import dev.forgeline.release.platform.GlibcVersion;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * An older Debian release whose packages are still on the mirror, so a library linked for an old glibc
 * can be run on a real one: Debian 11 "bullseye" has glibc 2.31 (before libpthread and libdl were
 * merged into libc in 2.34 and before {@code stat64} was exported in 2.33) and openjdk-17. Older
 * releases live only on archive.debian.org, which is not reachable from everywhere.
 *
 * @param suite the suite name in the mirror
 * @param label how summaries name it
 * @param glibc the glibc version of its libc6
 * @param architectures the architectures the mirror still carries for it
 */
public record OlderDebian(String suite, String label, GlibcVersion glibc, Set<DebianArch> architectures, String mirror) {
    /** Where Debian suites come from unless {@value #MIRROR_ENV} names another mirror. */
    public static final String DEFAULT_MIRROR = "http://deb.debian.org/debian";

    /** The environment variable that names another Debian mirror. */
    public static final String MIRROR_ENV = "FORGELINE_DEBIAN_MIRROR";

    /** Debian 11 LTS: the mirror keeps amd64, arm64 and armhf (and i386); ppc64el and s390x went to the archive. */
    public static final OlderDebian BULLSEYE = new OlderDebian("bullseye", "Debian 11", new GlibcVersion(2, 31, 0),
            EnumSet.of(DebianArch.AMD64, DebianArch.ARM64, DebianArch.ARMHF), DEFAULT_MIRROR);

    public OlderDebian {
        architectures = Set.copyOf(architectures);
        mirror = mirror == null || mirror.isBlank() ? DEFAULT_MIRROR : mirror.trim();
    }

    /** The same suite fetched from {@code url} (blank: the default mirror). */
    public OlderDebian withMirror(String url) {
        return new OlderDebian(suite, label, glibc, architectures, url);
    }

    public boolean has(DebianArch arch) {
        return architectures.contains(arch);
    }

    /**
     * The older Debian a library of {@code arch} is also smoke-tested on under a policy of {@code maxGlibc}:
     * Debian 11 when the mirror has the architecture and the policy asks for no newer glibc than its
     * (a library allowed to need more would rightly fail there); empty otherwise.
     */
    public static Optional<OlderDebian> forPolicy(GlibcVersion maxGlibc, DebianArch arch) {
        return BULLSEYE.has(arch) && !maxGlibc.isNewerThan(BULLSEYE.glibc()) ? Optional.of(BULLSEYE) : Optional.empty();
    }


    /** Debian's archive keyring, which signs every release's suite (package debian-archive-keyring). */
    static final String KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg";

    @Override
    public String toString() {
        return label + " (glibc " + glibc + ")";
    }
}
