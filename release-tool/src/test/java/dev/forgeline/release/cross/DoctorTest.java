package dev.forgeline.release.cross;

import dev.forgeline.release.config.CrossRustcSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.platform.GlibcVersion;
import dev.forgeline.release.cross.TargetCapability.Mode;
import dev.forgeline.release.platform.Target;
import dev.forgeline.release.platform.TargetCatalog;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorTest {
    @TempDir Path dir;

    private static Target target(String classifier) {
        return TargetCatalog.byClassifier(classifier).orElseThrow();
    }

    @Test
    void inspect_macAndWindows_areForCiRunners() {
        Doctor doctor = new Doctor(dir);
        for (String classifier : List.of("osx-x86_64", "osx-aarch_64", "windows-x86_64")) {
            TargetCapability c = doctor.inspect(target(classifier));

            assertEquals(Mode.CI_RUNNER, c.build(), classifier);
            assertEquals(Mode.CI_RUNNER, c.smoke(), classifier);
            assertFalse(c.buildableHere());
            assertEquals(Optional.empty(), c.installCommand());
        }
    }

    @Test
    void inspect_host_isNative() {
        Target host = TargetCatalog.host().orElseThrow();

        TargetCapability c = new Doctor(dir).inspect(host);

        assertEquals(Mode.NATIVE, c.build());
        assertEquals(Mode.NATIVE, c.smoke());
        assertTrue(c.smokeTestableHere());
    }

    @Test
    void inspect_linuxTargets_sayWhichGlibcTheyAreLinkedAgainstAndWhereTheyAreAlsoSmokeTested() {
        Doctor doctor = new Doctor(dir);
        TargetCapability arm = doctor.inspect(target("linux-aarch_64"));
        assertTrue(arm.notes().stream().anyMatch(n -> n.startsWith("linked against glibc 2.28 (checks.maxGlibc)")
                && n.contains("fetched on first build")), arm.summary());
        assertTrue(arm.notes().stream().anyMatch(n -> n.equals("also smoke-tested on Debian 11 (glibc 2.31)'s JVM under QEMU, "
                + "fetched on first smoke test (about 46 MB of .debs)")), arm.summary());
        // Debian 11 is no longer on the mirror for ppc64el, and a policy above 2.31 would rightly fail there.
        TargetCapability ppc = doctor.inspect(target("linux-ppcle_64"));
        assertFalse(ppc.notes().stream().anyMatch(n -> n.contains("Debian 11")), ppc.summary());
        TargetCapability newer = doctor.withMaxGlibc(GlibcVersion.parse("2.34")).inspect(target("linux-aarch_64"));
        assertFalse(newer.notes().stream().anyMatch(n -> n.contains("Debian 11")), newer.summary());
        assertTrue(newer.notes().stream().anyMatch(n -> n.startsWith("linked against glibc 2.34")), newer.summary());
        TargetCapability off = doctor.withSmokeOnOlderGlibc(false).inspect(target("linux-aarch_64"));
        assertFalse(off.notes().stream().anyMatch(n -> n.contains("Debian 11")), off.summary());
        assertEquals(Optional.empty(), doctor.withSmokeOnOlderGlibc(false).olderGlibcRun(DebianArch.ARM64));
        assertEquals(Optional.of(OlderDebian.BULLSEYE), doctor.olderGlibcRun(DebianArch.ARM64));
    }

    @Test
    void install_forSmokeOnly_fetchesNothingABuildNeeds() {
        // The host target smoke-tests on the host JVM; with the Debian 11 run off, smoke needs nothing fetched,
        // and a smoke-only install must not fetch glibc's ABI lists (a build's need).
        Target host = TargetCatalog.host().orElseThrow();
        Doctor doctor = new Doctor(dir).withSmokeOnOlderGlibc(false);
        Assumptions.assumeTrue(doctor.inspect(host).missingPackages().isEmpty(), "host packages installed");

        doctor.install(host, java.util.EnumSet.of(Doctor.Purpose.SMOKE));

        assertFalse(java.nio.file.Files.exists(dir.resolve("glibc-source")), "no ABI lists fetched");
        assertFalse(java.nio.file.Files.exists(dir.resolve("jvm")), "no JVM fetched");
    }

    @Test
    void inspect_crossTargetInAnEmptyCache_saysWhatWillBeFetched() {
        TargetCapability c = new Doctor(dir).inspect(target("linux-aarch_64"));

        assertEquals(Mode.CROSS, c.build());
        assertEquals(Mode.EMULATOR, c.smoke());
        assertTrue(c.notes().stream().anyMatch(n -> n.contains("JVM not fetched yet")), c.summary());
        if (c.missingPackages().isEmpty()) {
            assertTrue(c.notes().stream().anyMatch(n -> n.contains("not fetched yet (forgeline doctor --install fetches it)")), c.summary());
        } else {
            assertEquals(Optional.of("apt-get install -y " + String.join(" ", c.missingPackages())), c.installCommand());
        }
    }

    /**
     * The real matrix on this machine, against Debian's archive (cached across runs): every Linux
     * cross target is either ready here after install() or explained as CI-runner-only.
     */
    @Test
    void install_everyLinuxCrossTarget_isReadyOrExplained() {
        Doctor doctor = new Doctor(CrossFixtures.toolchainsDir());
        StringBuilder report = new StringBuilder();
        for (String classifier : List.of("linux-aarch_64", "linux-ppcle_64", "linux-s390_64", "linux-arm_32")) {
            TargetCapability c;
            try {
                c = doctor.install(target(classifier));
            } catch (ForgelineException e) {
                CrossFixtures.skipIfMissing(e);
                return;
            }
            report.append(c.summary());
            assertTrue(c.smokeTestableHere(), c.summary());
            if (c.build() == Mode.CI_RUNNER) {
                assertTrue(c.notes().stream().anyMatch(n -> n.startsWith("Debian has no libstd-rust-web-dev:")), c.summary());
            } else {
                assertTrue(c.buildableHere(), c.summary());
                assertTrue(c.notes().stream().anyMatch(n -> n.startsWith("std for ") && n.contains("cached")), c.summary());
            }
        }
        System.out.println("[doctor]\n" + report);
    }

    /** With the archive rustc as fallback, every Linux cross target builds here. */
    @Test
    void inspect_withArchiveFallback_everyLinuxCrossTargetBuildsHere() {
        Doctor doctor = new Doctor(CrossFixtures.toolchainsDir(), CrossRustcSource.ARCHIVE_FALLBACK);
        StringBuilder report = new StringBuilder();
        for (String classifier : List.of("linux-aarch_64", "linux-ppcle_64", "linux-s390_64", "linux-arm_32")) {
            TargetCapability c;
            try {
                c = doctor.inspect(target(classifier), true);
            } catch (ForgelineException e) {
                CrossFixtures.skipIfMissing(e);
                return;
            }
            report.append(c.summary());
            assertEquals(Mode.CROSS, c.build(), c.summary());
            if (!c.missingForBuild().isEmpty()) {
                CrossFixtures.skipIfMissing(new ForgelineException(dev.forgeline.release.ExitCode.TOOLCHAIN_MISSING,
                        classifier + " needs " + c.missingForBuild(), c.installCommand().orElseThrow()));
            }
        }
        System.out.println("[doctor, archive fallback]\n" + report);
    }
}
