package dev.forgeline.release.build;

import dev.forgeline.release.io.ProcessRunner;
import dev.forgeline.release.rust.CargoProject;
import dev.forgeline.release.rust.RustToolchain;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.platform.Target;
import dev.forgeline.release.common.Checksums;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Builds the crate's cdylib for one target with {@code cargo build --release --locked}. The build is
 * deterministic: paths are remapped so the private source copy's location never reaches the binary,
 * and SOURCE_DATE_EPOCH and the source commit are handed to the crate's build script.
 */
public final class CargoBuildStep implements Callable<NativeBuild> {
    /** The environment variable through which a crate's build script learns the source commit. */
    public static final String SOURCE_COMMIT_ENV = "FORGELINE_SOURCE_COMMIT";

    private final CargoProject crate;
    private final Target target;
    private final RustToolchain toolchain;
    private final SourceInfo source;
    private final Path sourceRoot;
    private final Path cargoTargetDir;
    private final Path logDir;
    private final Map<String, String> baseEnv;
    private final List<String> extraRustflags;

    public CargoBuildStep(CargoProject crate, Target target, RustToolchain toolchain, SourceInfo source,
            Path sourceRoot, Path cargoTargetDir, Path logDir, Map<String, String> baseEnv) {
        this(crate, target, toolchain, source, sourceRoot, cargoTargetDir, logDir, baseEnv, List.of());
    }

    /** @param extraRustflags flags for rustc on top of the base environment's RUSTFLAGS, one argument each */
    public CargoBuildStep(CargoProject crate, Target target, RustToolchain toolchain, SourceInfo source,
            Path sourceRoot, Path cargoTargetDir, Path logDir, Map<String, String> baseEnv, List<String> extraRustflags) {
        this.crate = crate;
        this.target = target;
        this.toolchain = toolchain;
        this.source = source;
        this.sourceRoot = sourceRoot;
        this.cargoTargetDir = cargoTargetDir;
        this.logDir = logDir;
        this.baseEnv = Map.copyOf(baseEnv);
        this.extraRustflags = List.copyOf(extraRustflags);
    }

    /** Where the cargo output of {@code target}'s build goes. */
    public static Path logFile(Path logDir, Target target) {
        return logDir.resolve("cargo-" + target.classifier() + ".log");
    }

    @Override
    public NativeBuild call() throws IOException, InterruptedException {
        List<String> command = List.of(toolchain.cargo(), "build", "--release", "--locked",
                "--target", target.rustTriple(),
                "--manifest-path", crate.dir().resolve("Cargo.toml").toString(),
                "--target-dir", cargoTargetDir.toString());
        Path log = logFile(logDir, target);
        ProcessRunner.Result result = ProcessRunner.run(command, crate.dir(), environment(), log);
        if (result.exitCode() != 0) {
            throw new ForgelineException(ExitCode.BUILD_FAILED,
                    "cargo build for " + target + " (" + target.rustTriple() + ") failed with exit code "
                            + result.exitCode() + ":\n" + result.tail(25),
                    "the full output is in " + log, null);
        }
        Path library = cargoTargetDir.resolve(target.rustTriple()).resolve("release")
                .resolve(target.libraryFileName(crate.libName()));
        if (!Files.isRegularFile(library)) {
            throw new ForgelineException(ExitCode.BUILD_FAILED,
                    "cargo finished but " + library + " is missing",
                    "the crate must build a cdylib: [lib] crate-type = [\"cdylib\"] in Cargo.toml", null);
        }
        return new NativeBuild(target, crate, library, Checksums.sha256(library), Files.size(library), toolchain, source);
    }

    private Map<String, String> environment() {
        // The base environment reaches cargo: a cross toolchain sets RUSTC and the target's linker there.
        Map<String, String> env = new HashMap<>(baseEnv);
        env.put("SOURCE_DATE_EPOCH", Long.toString(source.sourceDateEpoch()));
        if (source.commit() != null) {
            env.put(SOURCE_COMMIT_ENV, source.commit());
        }
        env.put("CARGO_TERM_COLOR", "never");
        env.put("CARGO_INCREMENTAL", "0");
        List<String> rustflags = new ArrayList<>();
        rustflags.add("--remap-path-prefix=" + sourceRoot.toAbsolutePath() + "=/forgeline/source");
        rustflags.add("--remap-path-prefix=" + cargoTargetDir.toAbsolutePath() + "=/forgeline/target");
        String cargoHome = baseEnv.getOrDefault("CARGO_HOME", System.getProperty("user.home") + "/.cargo");
        rustflags.add("--remap-path-prefix=" + cargoHome + "=/cargo");
        String extra = baseEnv.get("RUSTFLAGS");
        if (extra != null && !extra.isBlank()) {
            rustflags.addAll(List.of(extra.trim().split("\\s+")));
        }
        rustflags.addAll(extraRustflags);
        // The encoded form keeps paths with spaces intact.
        env.put("CARGO_ENCODED_RUSTFLAGS", String.join("\u001f", rustflags));
        env.put("RUSTFLAGS", "");
        return env;
    }
}
