package dev.forgeline.release.cross;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.platform.TargetCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvisionedRootTest {
    @TempDir Path dir;

    @Test
    void relinkAbsoluteSymlinks_pointsThemInsideTheRoot() throws Exception {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("lib/powerpc64le-linux-gnu"));
        Files.createDirectories(root.resolve("lib64"));
        Files.writeString(root.resolve("lib/powerpc64le-linux-gnu/ld64.so.2"), "loader");
        Files.createSymbolicLink(root.resolve("lib64/ld64.so.2"), Path.of("/lib/powerpc64le-linux-gnu/ld64.so.2"));
        Files.createSymbolicLink(root.resolve("lib/ld.so"), Path.of("powerpc64le-linux-gnu/ld64.so.2"));

        ProvisionedRoot.relinkAbsoluteSymlinks(root);

        assertEquals(Path.of("../lib/powerpc64le-linux-gnu/ld64.so.2"), Files.readSymbolicLink(root.resolve("lib64/ld64.so.2")));
        assertEquals("loader", Files.readString(root.resolve("lib64/ld64.so.2")));
        assertEquals(Path.of("powerpc64le-linux-gnu/ld64.so.2"), Files.readSymbolicLink(root.resolve("lib/ld.so")), "relative links stay");
    }

    @Test
    void existing_needsTheSameKeyAndTheRoot() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.writeString(ProvisionedRoot.recordFile(root),
                "{\"key\":\"arm64 [a]\",\"packages\":[{\"name\":\"a\",\"arch\":\"arm64\",\"version\":\"1\",\"sha256\":null}]}");

        assertTrue(ProvisionedRoot.existing(root, "arm64 [a]").isPresent());
        assertTrue(ProvisionedRoot.existing(root, "arm64 [b]").isEmpty());
        assertEquals(List.of(new PackageVersion("a", "arm64", "1", null)), ProvisionedRoot.read(root).orElseThrow().packages());
        Files.delete(root);
        assertTrue(ProvisionedRoot.existing(dir.resolve("root"), "arm64 [a]").isEmpty(), "a record without its root is not a root");
    }

    @Test
    void crossToolchain_cargoEnvironment_carriesRustcLinkerSysrootAndRustcEnv() {
        var target = TargetCatalog.byClassifier("linux-s390_64").orElseThrow();
        var provenance = new ToolchainProvenance("/r", "rustc 1.85.0", "0".repeat(64), "/l", "12", "1".repeat(64), List.of(), List.of());
        CrossToolchain toolchain = new CrossToolchain(target, Path.of("/tc/rustc/root/usr/bin/rustc"), Path.of("/usr/bin/cargo"),
                "rustc 1.85.0", "cargo 1.96.0", Path.of("/usr/bin/s390x-linux-gnu-gcc"), Path.of("/tc/rust-std/s390x/sysroot"),
                Map.of("LD_LIBRARY_PATH", "/tc/rustc/root/usr/lib/x86_64-linux-gnu"), provenance);

        assertEquals(Map.of(
                "RUSTC", "/tc/rustc/root/usr/bin/rustc",
                "CARGO", "/usr/bin/cargo",
                "CARGO_TARGET_S390X_UNKNOWN_LINUX_GNU_LINKER", "/usr/bin/s390x-linux-gnu-gcc",
                "RUSTFLAGS", "--sysroot=/tc/rust-std/s390x/sysroot",
                "LD_LIBRARY_PATH", "/tc/rustc/root/usr/lib/x86_64-linux-gnu"), toolchain.cargoEnvironment());
        assertEquals("rustc 1.85.0", toolchain.rustToolchain().rustcVersion());
    }

    @Test
    void qemuJvm_hostUnderCpu_commandLine() {
        if (!QemuJvm.emulatorInstalled(DebianArch.AMD64)) {
            dev.forgeline.release.testing.Prerequisites.missing("qemu-x86_64-static is not installed", "apt-get install -y qemu-user-static");
        }
        QemuJvm jvm = QemuJvm.hostUnderCpu(Path.of("/jdk"), "Nehalem");

        List<String> command = jvm.command(List.of("-version"));

        assertTrue(command.get(0).endsWith("qemu-x86_64-static"), command.toString());
        assertEquals(List.of("-cpu", "Nehalem", "/jdk/bin/java", "-version"), command.subList(1, command.size()));
    }
}
