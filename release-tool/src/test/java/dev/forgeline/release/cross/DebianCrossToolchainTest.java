package dev.forgeline.release.cross;

import dev.forgeline.release.config.CrossRustcSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.platform.Target;
import dev.forgeline.release.platform.TargetCatalog;
import dev.forgeline.release.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DebianCrossToolchainTest {
    @TempDir Path dir;

    private static Target target(String classifier) {
        return TargetCatalog.byClassifier(classifier).orElseThrow();
    }

    @Test
    void debianArch_mapsEveryLinuxTarget() {
        assertEquals("arm64", DebianArch.of(target("linux-aarch_64")).orElseThrow().dpkgName());
        assertEquals("ppc64el", DebianArch.of(target("linux-ppcle_64")).orElseThrow().dpkgName());
        assertEquals("s390x", DebianArch.of(target("linux-s390_64")).orElseThrow().dpkgName());
        DebianArch armhf = DebianArch.of(target("linux-arm_32")).orElseThrow();
        assertEquals("arm-linux-gnueabihf-gcc", armhf.linkerCommand());
        assertEquals("gcc-arm-linux-gnueabihf", armhf.linkerPackage());
        assertEquals("qemu-arm-static", armhf.qemuCommand());
        assertEquals("usr/lib/jvm/java-17-openjdk-armhf", armhf.jvmHome());
        assertTrue(DebianArch.of(target("osx-aarch_64")).isEmpty());
        assertTrue(DebianArch.of(target("windows-x86_64")).isEmpty());
    }

    @Test
    void provision_missingRustc_namesTheInstallCommand() {
        DebianCrossToolchain toolchain = new DebianCrossToolchain(dir, dir.resolve("no/rustc"), dir.resolve("no/cargo"), CrossRustcSource.HOST);

        ForgelineException e = assertThrows(ForgelineException.class, () -> toolchain.provision(target("linux-aarch_64")));

        assertEquals(ExitCode.TOOLCHAIN_MISSING, e.exitCode());
        assertTrue(e.getMessage().startsWith("cross-compiling for linux-aarch_64 needs rustc-web, cargo-web"), e.getMessage());
        assertTrue(e.hint().startsWith("install with: apt-get install -y rustc-web cargo-web"), e.hint());
    }

    @Test
    void provision_macTarget_isAUsageError() {
        ForgelineException e = assertThrows(ForgelineException.class,
                () -> new DebianCrossToolchain(dir).provision(target("osx-aarch_64")));

        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("build osx-aarch_64 on a osx CI runner", e.hint());
    }

    @Test
    void stdPackages_matchTheHostRustcPackageExactly() {
        Path rustc = Prerequisites.command("/usr/bin/rustc".substring(9), "apt-get install -y rustc-web");
        if (!Files.isExecutable(Path.of("/usr/bin/rustc"))) {
            Prerequisites.missing("/usr/bin/rustc (rustc-web) is not installed", "apt-get install -y rustc-web");
        }
        String version = Commands.installedVersion("rustc-web").orElseThrow();
        String majorMinor = version.replaceFirst("^(\\d+\\.\\d+).*", "$1");

        Map<String, String> std = new DebianCrossToolchain(dir).stdPackages(target("linux-aarch_64"));

        assertEquals(Map.of("libstd-rust-web-dev", version, "libstd-rust-web-" + majorMinor, version), std, rustc.toString());
    }

    /** Uses the shared cache: fast once linux-aarch_64 has been provisioned by any test run. */
    @Test
    void provision_aarch64_isIdempotentAndRecordsProvenance() throws Exception {
        DebianCrossToolchain cross = new DebianCrossToolchain(CrossFixtures.toolchainsDir());
        Target aarch64 = target("linux-aarch_64");
        CrossToolchain first;
        try {
            first = cross.provision(aarch64);
        } catch (ForgelineException e) {
            CrossFixtures.skipIfMissing(e);
            return;
        }
        Path record = ProvisionedRoot.recordFile(first.sysroot().resolveSibling("root"));
        FileTime recorded = Files.getLastModifiedTime(record);

        long t0 = System.nanoTime();
        CrossToolchain second = cross.provision(aarch64);
        long cachedMs = CrossFixtures.millisSince(t0);

        assertEquals(first, second);
        assertEquals(recorded, Files.getLastModifiedTime(record), "the cached root is not made again");
        assertTrue(cachedMs < 5_000, "cached provisioning took " + cachedMs + " ms");
        System.out.println("[timing] linux-aarch_64 cached provision: " + cachedMs + " ms");

        Map<String, String> env = second.cargoEnvironment();
        assertEquals("/usr/bin/rustc", env.get("RUSTC"));
        assertEquals("--sysroot=" + second.sysroot(), env.get("RUSTFLAGS"));
        assertTrue(env.get("CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER").endsWith("aarch64-linux-gnu-gcc"), env.toString());
        assertTrue(Files.isDirectory(second.sysroot().resolve("lib/rustlib/aarch64-unknown-linux-gnu/lib")));

        ToolchainProvenance p = second.provenance();
        assertTrue(p.rustcSha256().matches("[0-9a-f]{64}"), p.toString());
        assertTrue(p.linkerSha256().matches("[0-9a-f]{64}"), p.toString());
        assertTrue(p.linkerPath().endsWith("aarch64-linux-gnu-gcc-12"), p.linkerPath());
        List<String> host = p.hostPackages().stream().map(PackageVersion::name).toList();
        assertTrue(host.containsAll(List.of("rustc-web", "gcc-aarch64-linux-gnu", "libc6-dev-arm64-cross")), host.toString());
        assertEquals(List.of("libstd-rust-web-dev", "libstd-rust-web-" + second.rustcVersion().replaceFirst("^rustc (\\d+\\.\\d+).*", "$1")),
                p.sysrootPackages().stream().map(PackageVersion::name).toList());
        p.sysrootPackages().forEach(pkg -> {
            assertEquals("arm64", pkg.arch());
            assertTrue(pkg.sha256().matches("[0-9a-f]{64}"), pkg.toString());
        });
    }
}
