package dev.forgeline.release.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.testing.CliRun;
import dev.forgeline.release.testing.TestProjects;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forgeline's own release for linux-x86_64 and linux-aarch_64 on this x86_64 machine: the aarch64
 * library is cross-compiled with a Debian toolchain, both pass the binary checks, and each is
 * smoke-tested with the project's harness from the staged jars: x86_64 on the host JVM and on a
 * baseline x86-64 CPU under QEMU, aarch64 on Debian's arm64 JVM under QEMU.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossReleaseTest {
    private ReleaseManifest manifest;

    @BeforeAll
    void releaseTwoTargets(@TempDir Path temp) {
        Path config = TestProjects.repositoryRoot().resolve("release.yaml");
        CliRun run = CliRun.of("release", "--local", "--config", config.toString(), "--out", temp.resolve("out").toString(),
                "--target", "linux-x86_64", "--target", "linux-aarch_64");
        assertEquals(0, run.exitCode(), "release --local for two targets failed:\n" + run.err() + run.out());
        manifest = ManifestStore.read(temp.resolve("out"));
        for (Map.Entry<String, ReleaseManifest.TargetRecord> t : manifest.targets().entrySet()) {
            ReleaseManifest.TargetRecord r = t.getValue();
            System.out.println("[targets] " + t.getKey() + ": " + r.status()
                    + (r.smoke() == null ? "" : ", smoke " + r.smoke().status() + " on " + r.smoke().runner())
                    + (r.reason() == null ? "" : " (" + r.reason() + ")"));
        }
    }

    @Test
    void aarch64_isCrossCompiledForTheRightMachineAndWithinThePolicy() {
        ReleaseManifest.TargetRecord arm = manifest.targets().get("linux-aarch_64");
        assertEquals(ReleaseManifest.TargetRecord.Status.built, arm.status());
        assertTrue(arm.check().machine().contains("AArch64"), arm.check().toString());
        assertEquals("ELF", arm.check().format());
        assertTrue(arm.check().needed().contains("libc.so.6"), arm.check().toString());
    }

    @Test
    void aarch64_recordsTheExactToolchainForProvenance() {
        ReleaseManifest.Toolchain toolchain = manifest.targets().get("linux-aarch_64").toolchain();
        assertTrue(toolchain.rustcSha256().matches("[0-9a-f]{64}"), toolchain.toString());
        assertTrue(toolchain.linker().contains("aarch64-linux-gnu-gcc"), toolchain.toString());
        assertTrue(toolchain.linkerSha256().matches("[0-9a-f]{64}"), toolchain.toString());
        assertTrue(toolchain.packages().stream().anyMatch(p -> p.startsWith("libstd-rust-web-dev:arm64")), toolchain.packages().toString());
    }

    @Test
    void aarch64_passesItsSmokeTestOnTheArm64JvmUnderQemu() {
        ReleaseManifest.Smoke smoke = manifest.targets().get("linux-aarch_64").smoke();
        assertEquals(ReleaseManifest.Smoke.SmokeStatus.passed, smoke.status(), smoke.toString());
        assertEquals("qemu-arm64", smoke.runner());
        assertEquals(manifest.targets().get("linux-aarch_64").library().sha256(), smoke.testedSha256());
        assertTrue(smoke.checks().stream().anyMatch(c -> c.name().equals("target") && c.detail().startsWith("aarch64-")),
                smoke.checks().toString());
    }

    @Test
    void x86_64_passesOnTheHostAndOnABaselineCpu() {
        ReleaseManifest.Smoke smoke = manifest.targets().get("linux-x86_64").smoke();
        assertEquals(ReleaseManifest.Smoke.SmokeStatus.passed, smoke.status(), smoke.toString());
        assertEquals("host, qemu-x86_64 -cpu qemu64", smoke.runner());
        assertTrue(smoke.checks().stream().anyMatch(c -> c.name().equals("qemu-x86_64 -cpu qemu64: sse") && c.passed()),
                smoke.checks().toString());
    }

    @Test
    void platformJarsOfBothTargetsArePublished() {
        assertTrue(manifest.artifacts().stream().anyMatch(a -> "linux-aarch_64".equals(a.classifier())));
        assertTrue(manifest.artifacts().stream().anyMatch(a -> "linux-x86_64".equals(a.classifier())));
    }
}
