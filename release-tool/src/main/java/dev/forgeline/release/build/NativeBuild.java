package dev.forgeline.release.build;

import dev.forgeline.release.platform.Target;
import java.nio.file.Path;

/** A library cargo built for one target, with what provenance needs to know about it. */
public record NativeBuild(
        Target target,
        CargoProject crate,
        Path library,
        String sha256,
        long size,
        RustToolchain toolchain,
        SourceInfo source) {}
