package dev.forgeline.release.build;

import dev.forgeline.release.build.NativeBuild;
import dev.forgeline.release.io.ProcessRunner;
import dev.forgeline.release.rust.RustToolchain;
import dev.forgeline.release.common.Checksums;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The binaries behind the host toolchain, for provenance: rustc itself (rustup's {@code rustc} is a
 * proxy, so the real one is found under {@code rustc --print sysroot}) and the linker cargo uses for
 * the host target ({@code cc}), each with its SHA-256. What cannot be found is left out, not guessed.
 */
final class HostToolchainBinaries {
    private HostToolchainBinaries() {}

    static NativeBuild.ToolchainBinaries of(RustToolchain toolchain, Map<String, String> env) {
        String rustcSha = null;
        try {
            Path sysroot = Path.of(ProcessRunner.query(List.of(toolchain.rustc(), "--print", "sysroot"), env));
            Path rustc = sysroot.resolve("bin").resolve("rustc");
            if (Files.isRegularFile(rustc)) {
                rustcSha = Checksums.sha256(rustc.toRealPath());
            }
        } catch (Exception e) {
            // provenance is best effort for the host; the version strings are always recorded
        }
        Path linker = ProcessRunner.onPath("cc", env).orElse(null);
        String linkerSha = null;
        try {
            linkerSha = linker == null ? null : Checksums.sha256(linker.toRealPath());
        } catch (Exception e) {
            linker = null;
        }
        return new NativeBuild.ToolchainBinaries(rustcSha, linker == null ? null : linker.toString(), linkerSha, List.of());
    }
}
