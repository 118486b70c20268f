package dev.forgeline.release.build;

import dev.forgeline.release.check.CheckReport;
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
        SourceInfo source,
        CheckReport check) {

    public NativeBuild(Target target, CargoProject crate, Path library, String sha256, long size, RustToolchain toolchain,
            SourceInfo source) {
        this(target, crate, library, sha256, size, toolchain, source, null);
    }

    /** The same build with the binary checks' report attached. */
    public NativeBuild withCheck(CheckReport report) {
        return new NativeBuild(target, crate, library, sha256, size, toolchain, source, report);
    }
}
