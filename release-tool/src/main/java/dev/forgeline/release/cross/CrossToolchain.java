package dev.forgeline.release.cross;

import dev.forgeline.release.rust.RustToolchain;
import dev.forgeline.release.platform.Target;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A provisioned cross toolchain for one target: the rustc and cargo to run, the linker, and the
 * {@code --sysroot} holding the target's standard library, with the provenance of each part.
 *
 * <p>{@link #cargoEnvironment()} is what {@code cargo build --target <triple>} needs: {@code RUSTC},
 * {@code CARGO_TARGET_<TRIPLE>_LINKER} and {@code RUSTFLAGS=--sysroot=...}. (CargoBuildStep reads the
 * RUSTFLAGS of its base environment and folds them into CARGO_ENCODED_RUSTFLAGS; the sysroot path
 * has no spaces, as it is split on whitespace there.) A rustc unpacked from Debian's archive adds
 * {@code LD_LIBRARY_PATH} for its librustc_driver and libLLVM ({@link #rustcEnvironment()}).
 */
public record CrossToolchain(
        Target target,
        Path rustc,
        Path cargo,
        String rustcVersion,
        String cargoVersion,
        Path linker,
        Path sysroot,
        Map<String, String> rustcEnvironment,
        ToolchainProvenance provenance) {

    public CrossToolchain {
        rustcEnvironment = Map.copyOf(rustcEnvironment);
    }

    /** The flags rustc needs for this target (the project-local sysroot). */
    public List<String> rustflags() {
        return List.of("--sysroot=" + sysroot);
    }

    /** {@code CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER} and the like. */
    public String linkerVariable() {
        return "CARGO_TARGET_" + target.rustTriple().toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_LINKER";
    }

    public Map<String, String> cargoEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("RUSTC", rustc.toString());
        env.put("CARGO", cargo.toString());
        env.put(linkerVariable(), linker.toString());
        env.put("RUSTFLAGS", String.join(" ", rustflags()));
        env.putAll(rustcEnvironment);
        return env;
    }

    /** The same toolchain in the shape {@code CargoBuildStep} takes. */
    public RustToolchain rustToolchain() {
        return new RustToolchain(cargo.toString(), rustc.toString(), cargoVersion, rustcVersion);
    }
}
