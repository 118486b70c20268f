package dev.forgeline.release.cross;

import dev.forgeline.release.config.CrossRustcSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.rust.CargoProject;
import dev.forgeline.release.build.NativeBuild;
import dev.forgeline.release.io.ProcessRunner;
import dev.forgeline.release.check.BinaryCheck;
import dev.forgeline.release.config.BinaryPolicy;
import dev.forgeline.release.check.CheckReport;
import dev.forgeline.release.check.Finding;
import dev.forgeline.release.platform.GlibcVersion;
import dev.forgeline.release.platform.Target;
import dev.forgeline.release.platform.TargetCatalog;
import dev.forgeline.release.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * End to end on this machine: provision the target's cross toolchain (cached in
 * {@link CrossFixtures#toolchainsDir()}; the archive rustc where the host's has no std for the target),
 * build the fixture cdylib with CargoBuildStep, check the
 * binary, and load it with that architecture's JVM under QEMU.
 */
class CrossBuildSmokeTest {
    @TempDir static Path classesDir;
    static Path classes;

    @BeforeAll
    static void compileSmoke() throws Exception {
        classes = CrossFixtures.compileSmokeClass(classesDir.resolve("classes"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"linux-aarch_64", "linux-ppcle_64", "linux-s390_64", "linux-arm_32"})
    void crossBuild_checksAndRunsUnderQemu(String classifier, @TempDir Path work) throws Exception {
        Target target = TargetCatalog.byClassifier(classifier).orElseThrow();
        DebianArch arch = DebianArch.of(target).orElseThrow();
        Path toolchains = CrossFixtures.toolchainsDir();

        long t0 = System.nanoTime();
        CrossToolchain toolchain;
        try {
            // The host rustc where Debian has its std for the target, else the newest archive rustc that has one.
            toolchain = new DebianCrossToolchain(toolchains, CrossRustcSource.ARCHIVE_FALLBACK).provision(target);
        } catch (ForgelineException e) {
            // Missing host packages, or no std in Debian's archive for any usable rustc: skipped here, a failure on CI.
            CrossFixtures.skipIfMissing(e);
            return;
        }
        long provisionMs = CrossFixtures.millisSince(t0);

        long t1 = System.nanoTime();
        CargoProject crate = CrossFixtures.copyCrate(work);
        NativeBuild build = CrossFixtures.build(crate, target, toolchain.rustToolchain(), toolchain.cargoEnvironment(), work);
        long buildMs = CrossFixtures.millisSince(t1);

        CheckReport report = BinaryCheck.check(build.library(), target, BinaryPolicy.defaults());
        Set<Finding.Reason> reasons = report.findings().stream().map(Finding::reason).collect(Collectors.toSet());
        // Debian 12's glibc makes a std cdylib need GLIBC_2.34 (TOOLCHAINS.md): the default 2.28 policy fails it, and only for that.
        assertEquals(Set.of(Finding.Reason.GLIBC_TOO_NEW), reasons, report.summary());
        assertTrue(BinaryCheck.check(build.library(), target, BinaryPolicy.defaults().withMaxGlibc("2.36")).passed(), report.summary());
        System.out.println("[check] " + report.summary().replace("\n", "\n[check] "));

        long t2 = System.nanoTime();
        QemuJvm jvm;
        try {
            jvm = QemuJvm.provision(arch, toolchains);
        } catch (ForgelineException e) {
            CrossFixtures.skipIfMissing(e);
            return;
        }
        long jvmMs = CrossFixtures.millisSince(t2);

        long t3 = System.nanoTime();
        ProcessRunner.Result run = jvm.run(CrossFixtures.smokeArgs(classes, build.library()), work, work.resolve("smoke.log"),
                Duration.ofMinutes(3));
        long runMs = CrossFixtures.millisSince(t3);
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("sum=5"), run.output());

        System.out.printf("[timing] %s (%s): provision toolchain %d ms, cargo build %d ms, provision JVM %d ms, smoke under %s %d ms: %s%n",
                classifier, toolchain.rustcVersion(), provisionMs, buildMs, jvmMs, arch.qemuCommand(), runMs, run.output().trim());
    }

    @Test
    void hostBuild_runsUnderQemuOnABaselineX8664Cpu(@TempDir Path work) throws Exception {
        Target host = TargetCatalog.host().orElseThrow();
        Assumptions.assumeTrue(host.classifier().equals("linux-x86_64"), "only on x86-64 Linux");
        Path cargo = Prerequisites.command("cargo", "apt-get install -y cargo-web rustc-web");
        CargoProject crate = CrossFixtures.copyCrate(work);
        var toolchain = dev.forgeline.release.rust.RustToolchain.probe(System.getenv(), null);
        NativeBuild build = CrossFixtures.build(crate, host, toolchain, System.getenv(), work);
        QemuJvm jvm;
        try {
            jvm = QemuJvm.hostUnderCpu(Path.of(System.getProperty("java.home")), "qemu64");
        } catch (ForgelineException e) {
            CrossFixtures.skipIfMissing(e);
            return;
        }

        long t0 = System.nanoTime();
        ProcessRunner.Result run = jvm.run(CrossFixtures.smokeArgs(classes, build.library()), work, work.resolve("smoke.log"),
                Duration.ofMinutes(3));
        assertEquals(0, run.exitCode(), String.join(" ", jvm.command(java.util.List.of())) + "\n" + run.output());
        assertTrue(run.output().contains("sum=5 on amd64"), run.output());
        System.out.printf("[timing] linux-x86_64 under %s -cpu qemu64: %d ms (cargo %s)%n", "qemu-x86_64-static",
                CrossFixtures.millisSince(t0), cargo);
        assertTrue(Files.isRegularFile(build.library()));
    }

    @Test
    void debian11Jvm_refusesALibraryLinkedAgainstThisMachinesGlibc_andLoadsOneLinkedAtTheFloor(@TempDir Path work)
            throws Exception {
        // The older-glibc smoke runner must tell the two apart, or it proves nothing.
        Target host = TargetCatalog.host().orElseThrow();
        Assumptions.assumeTrue(host.classifier().equals("linux-x86_64"), "only on x86-64 Linux");
        Prerequisites.command("cargo", "apt-get install -y cargo-web rustc-web");
        var toolchain = dev.forgeline.release.rust.RustToolchain.probe(System.getenv(), null);
        QemuJvm debian11;
        try {
            debian11 = QemuJvm.provision(DebianArch.AMD64, CrossFixtures.toolchainsDir(), OlderDebian.BULLSEYE);
        } catch (ForgelineException e) {
            CrossFixtures.skipIfMissing(e);
            return;
        }

        NativeBuild plain = CrossFixtures.build(CrossFixtures.copyCrate(work.resolve("plain")), host, toolchain,
                System.getenv(), work.resolve("plain"));
        ProcessRunner.Result refused = debian11.run(CrossFixtures.smokeArgs(classes, plain.library()), work,
                work.resolve("plain.log"), Duration.ofMinutes(3));
        assertNotEquals(0, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("GLIBC_2.3"), "names the missing glibc version: " + refused.output());

        var abi = dev.forgeline.release.glibc.GlibcAbi.read(GlibcSourceTree.ensure(CrossFixtures.toolchainsDir()).sourceTree(),
                dev.forgeline.release.glibc.GlibcArch.AMD64);
        var stubs = dev.forgeline.release.glibc.GlibcStubs.build(abi.plan(GlibcVersion.parse("2.28")), "cc", "ar",
                work.resolve("stubs"));
        java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.put("RUSTFLAGS", String.join(" ", stubs.rustflags()));
        NativeBuild floored = CrossFixtures.build(CrossFixtures.copyCrate(work.resolve("floored")), host, toolchain, env,
                work.resolve("floored"));
        ProcessRunner.Result loaded = debian11.run(CrossFixtures.smokeArgs(classes, floored.library()), work,
                work.resolve("floored.log"), Duration.ofMinutes(3));
        assertEquals(0, loaded.exitCode(), loaded.output());
        assertTrue(loaded.output().contains("sum=5 on amd64"), loaded.output());
    }
}
