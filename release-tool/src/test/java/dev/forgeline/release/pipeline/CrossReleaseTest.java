package dev.forgeline.release.pipeline;

import dev.forgeline.release.manifest.TargetId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.platform.GlibcVersion;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.testing.CliRun;
import dev.forgeline.release.testing.TestProjects;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Forgeline's own release for every Linux target on this x86_64 machine: the foreign libraries are
 * cross-compiled with Debian toolchains, all pass the binary checks, and each is smoke-tested with
 * the project's harness from the staged jars: x86_64 on the host JVM and on a baseline x86-64 CPU
 * under QEMU, the others on that architecture's Debian JVM under QEMU.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossReleaseTest {
    /**
     * x86_64, aarch64 and armhf are also smoke-tested on Debian 11's JVM and glibc (2.31: libpthread and libdl
     * not yet merged into libc, no stat64 export), which proves the 2.28 floor on a real older glibc.
     */
    private static final String DEBIAN_11 = "Debian 11 (glibc 2.31)";
    private ReleaseManifest manifest;

    @BeforeAll
    void releaseTwoTargets(@TempDir Path temp) {
        Path config = TestProjects.repositoryRoot().resolve("release.yaml");
        CliRun run = CliRun.of("release", "--local", "--config", config.toString(), "--out", temp.resolve("out").toString(),
                "--target", "linux-x86_64", "--target", "linux-aarch_64", "--target", "linux-ppcle_64",
                "--target", "linux-s390_64", "--target", "linux-arm_32");
        assertEquals(0, run.exitCode(), "release --local for two targets failed:\n" + run.err() + run.out());
        manifest = ManifestStore.read(temp.resolve("out"));
        for (Map.Entry<TargetId, ReleaseManifest.TargetRecord> t : manifest.targets().entrySet()) {
            ReleaseManifest.TargetRecord r = t.getValue();
            System.out.println("[targets] " + t.getKey() + ": " + r.status()
                    + (r.smoke() == null ? "" : ", smoke " + r.smoke().status() + " on " + r.smoke().runner())
                    + (r.reason() == null ? "" : " (" + r.reason() + ")"));
        }
    }

    @Test
    void aarch64_isCrossCompiledForTheRightMachineAndWithinThePolicy() {
        ReleaseManifest.TargetRecord arm = manifest.target(TargetId.of("linux-aarch_64"));
        assertEquals(ReleaseManifest.TargetRecord.Status.built, arm.status());
        assertTrue(arm.check().machine().contains("AArch64"), arm.check().toString());
        assertEquals("ELF", arm.check().format());
        assertTrue(arm.check().needed().contains("libc.so.6"), arm.check().toString());
    }

    @Test
    void aarch64_recordsTheExactToolchainForProvenance() {
        ReleaseManifest.Toolchain toolchain = manifest.target(TargetId.of("linux-aarch_64")).toolchain();
        assertTrue(toolchain.rustcSha256().matches("[0-9a-f]{64}"), toolchain.toString());
        assertTrue(toolchain.linker().contains("aarch64-linux-gnu-gcc"), toolchain.toString());
        assertTrue(toolchain.linkerSha256().matches("[0-9a-f]{64}"), toolchain.toString());
        assertTrue(toolchain.packages().stream().anyMatch(p -> p.startsWith("libstd-rust-web-dev:arm64")), toolchain.packages().toString());
    }

    @Test
    void aarch64_passesItsSmokeTestOnTheArm64JvmUnderQemu() {
        ReleaseManifest.Smoke smoke = manifest.target(TargetId.of("linux-aarch_64")).smoke();
        assertEquals(ReleaseManifest.Smoke.SmokeStatus.passed, smoke.status(), smoke.toString());
        assertEquals("qemu-arm64, qemu-arm64 on " + DEBIAN_11, smoke.runner());
        assertTrue(smoke.checks().stream().anyMatch(c -> c.name().equals("qemu-arm64 on " + DEBIAN_11 + ": sse") && c.passed()),
                smoke.checks().toString());
        assertEquals(manifest.target(TargetId.of("linux-aarch_64")).library().sha256(), smoke.testedSha256());
        assertTrue(smoke.checks().stream().anyMatch(c -> (c.name().equals("target") || c.name().endsWith(": target")) && c.detail().startsWith("aarch64-")),
                smoke.checks().toString());
    }

    @Test
    void x86_64_passesOnTheHostAndOnABaselineCpu() {
        ReleaseManifest.Smoke smoke = manifest.target(TargetId.of("linux-x86_64")).smoke();
        assertEquals(ReleaseManifest.Smoke.SmokeStatus.passed, smoke.status(), smoke.toString());
        assertEquals("host, qemu-x86_64 -cpu qemu64 on " + DEBIAN_11, smoke.runner());
        assertTrue(smoke.checks().stream().anyMatch(c -> c.name().equals("qemu-x86_64 -cpu qemu64 on " + DEBIAN_11 + ": sse")
                        && c.passed()),
                smoke.checks().toString());
    }

    @ParameterizedTest
    @CsvSource({"linux-ppcle_64, PowerPC64, qemu-ppc64el, powerpc64le-", "linux-s390_64, S/390, qemu-s390x, s390x-",
            "linux-arm_32, ARM, 'qemu-armhf, qemu-armhf on Debian 11 (glibc 2.31)', armv7-"})
    void otherLinuxTargets_areBuiltForTheirMachineAndPassOnTheirJvm(String classifier, String machine, String runner,
            String triplePrefix) {
        ReleaseManifest.TargetRecord record = manifest.target(TargetId.of(classifier));
        assertEquals(ReleaseManifest.TargetRecord.Status.built, record.status());
        assertTrue(record.check().machine().contains(machine), record.check().toString());
        assertEquals(ReleaseManifest.Smoke.SmokeStatus.passed, record.smoke().status(), record.smoke().toString());
        assertEquals(runner, record.smoke().runner());
        assertTrue(record.smoke().checks().stream().anyMatch(c -> (c.name().equals("target") || c.name().endsWith(": target")) && c.detail().startsWith(triplePrefix)),
                record.smoke().checks().toString());
    }

    @ParameterizedTest
    @CsvSource({"linux-x86_64, 2.2.5", "linux-aarch_64, 2.17", "linux-ppcle_64, 2.17", "linux-s390_64, 2.2",
            "linux-arm_32, 2.4"})
    void everyLinuxTarget_isLinkedAgainstTheGlibcFloorAndNeedsNoMore(String classifier, String baseline) {
        // Linked against glibc 2.28's stubs, and (smoke tests above) still loading on Debian 12's 2.36.
        ReleaseManifest.TargetRecord record = manifest.target(TargetId.of(classifier));
        assertEquals("2.28", record.toolchain().linkedGlibc(), record.toolchain().toString());
        assertTrue(record.toolchain().packages().stream().anyMatch(p -> p.startsWith("glibc-source:all=")),
                record.toolchain().packages().toString());
        GlibcVersion required = GlibcVersion.parse(record.check().requiredGlibc());
        assertFalse(required.isNewerThan(GlibcVersion.parse("2.28")), record.check().toString());
        assertFalse(GlibcVersion.parse(baseline).isNewerThan(required), record.check().toString());
        assertTrue(record.check().needed().contains("libpthread.so.0"),
                "pthread_key_create binds to libpthread as in glibc 2.28: " + record.check().needed());
    }

    @Test
    void image_hasAPlatformImagePerLinuxTarget_eachPassedOnItsOwnArchitecture() {
        dev.forgeline.release.manifest.ImageRecord image = manifest.image();
        assertEquals(java.util.Set.of("linux/amd64", "linux/arm64", "linux/ppc64le", "linux/s390x", "linux/arm/v7"),
                image.platforms().values().stream().map(p -> p.platform()).collect(java.util.stream.Collectors.toSet()));
        image.platforms().forEach((classifier, platform) -> {
            assertEquals(ReleaseManifest.Smoke.SmokeStatus.passed, platform.smoke().status(), classifier + ": " + platform.smoke());
            assertEquals(manifest.target(TargetId.of(classifier)).library().sha256(), platform.smoke().testedSha256());
        });
    }

    @Test
    void platformJarsOfEveryLinuxTargetArePublished() {
        for (String classifier : new String[] {"linux-x86_64", "linux-aarch_64", "linux-ppcle_64", "linux-s390_64", "linux-arm_32"}) {
            assertTrue(manifest.artifacts().stream().anyMatch(a -> classifier.equals(a.classifier())), classifier);
        }
    }
}
