package dev.forgeline.nativecore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlatformTest {

    @ParameterizedTest(name = "os.name={0}, os.arch={1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            Linux            | amd64     | linux-x86_64
            Linux            | x86_64    | linux-x86_64
            LINUX            | X86-64    | linux-x86_64
            Linux            | aarch64   | linux-aarch_64
            Linux            | ppc64le   | linux-ppcle_64
            Linux            | ppc64     | linux-ppc_64
            Linux            | s390x     | linux-s390_64
            Linux            | s390      | linux-s390_32
            Linux            | arm       | linux-arm_32
            Linux            | arm32     | linux-arm_32
            Linux            | i386      | linux-x86_32
            Linux            | i686      | linux-x86_32
            Linux            | x86       | linux-x86_32
            Linux            | riscv64   | linux-riscv64
            Linux            | riscv32   | linux-riscv
            Linux            | loongarch64 | linux-loongarch_64
            Linux            | mips64el  | linux-mipsel_64
            Linux            | e2k       | linux-e2k
            Mac OS X         | x86_64    | osx-x86_64
            Mac OS X         | aarch64   | osx-aarch_64
            macOS            | aarch64   | osx-aarch_64
            Mac OS           | ppc       | osx-ppc_32
            Windows 11       | amd64     | windows-x86_64
            Windows Server 2022 | amd64  | windows-x86_64
            Windows 10       | x86       | windows-x86_32
            Windows 11       | aarch64   | windows-aarch_64
            FreeBSD          | amd64     | freebsd-x86_64
            OpenBSD          | amd64     | openbsd-x86_64
            NetBSD           | amd64     | netbsd-x86_64
            SunOS            | sparcv9   | sunos-sparc_64
            Solaris          | sparc     | sunos-sparc_32
            AIX              | ppc64     | aix-ppc_64
            HP-UX            | IA64N     | hpux-itanium_32
            HP-UX            | IA64W     | hpux-itanium_64
            OS/400           | ppc64     | os400-ppc_64
            OS4000           | ppc64     | unknown-ppc_64
            z/OS             | s390x     | zos-s390_64
            Plan 9           | amd64     | unknown-x86_64
            Linux            | vax       | linux-unknown
            """)
    void classifierFor_knownSpellings_matchOsMavenPlugin(String osName, String osArch, String expected) {
        assertEquals(expected, Platform.classifierFor(osName, osArch));
    }

    @Test
    void classifierFor_nullOrEmpty_isUnknown() {
        assertEquals("unknown-unknown", Platform.classifierFor(null, null));
        assertEquals("unknown-unknown", Platform.classifierFor("", ""));
    }

    @Test
    void current_withoutOverride_isDerivedFromThisJvm() {
        String saved = System.clearProperty(Platform.CLASSIFIER_PROPERTY);
        try {
            Platform p = Platform.current();
            assertEquals(Platform.classifierFor(System.getProperty("os.name"), System.getProperty("os.arch")),
                    p.classifier());
            assertEquals(System.getProperty("os.name"), p.osName());
            assertEquals(System.getProperty("os.arch"), p.osArch());
            assertFalse(p.overridden());
        } finally {
            restore(saved);
        }
    }

    @Test
    void current_withOverrideProperty_usesItAndKeepsTheRawNames() {
        String saved = System.setProperty(Platform.CLASSIFIER_PROPERTY, " linux-s390_64 ");
        try {
            Platform p = Platform.current();
            assertEquals("linux-s390_64", p.classifier());
            assertTrue(p.overridden());
            assertEquals(System.getProperty("os.arch"), p.osArch());
            assertTrue(p.describe().contains("os.name=" + System.getProperty("os.name")), p.describe());
            assertTrue(p.describe().contains(Platform.CLASSIFIER_PROPERTY), p.describe());
        } finally {
            restore(saved);
        }
    }

    @Test
    void knownClassifiers_includeEveryReleasePlatform() {
        for (String c : new String[] {"linux-x86_64", "linux-aarch_64", "linux-ppcle_64", "linux-s390_64",
                "linux-arm_32", "osx-x86_64", "osx-aarch_64", "windows-x86_64"}) {
            assertTrue(Platform.KNOWN_CLASSIFIERS.contains(c), c);
        }
    }

    private static void restore(String saved) {
        if (saved == null) {
            System.clearProperty(Platform.CLASSIFIER_PROPERTY);
        } else {
            System.setProperty(Platform.CLASSIFIER_PROPERTY, saved);
        }
    }
}
