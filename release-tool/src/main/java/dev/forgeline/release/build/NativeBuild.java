package dev.forgeline.release.build;

import dev.forgeline.release.rust.CargoProject;
import dev.forgeline.release.rust.RustToolchain;

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
        ToolchainBinaries binaries,
        java.util.SortedMap<String, String> environment) {

    /** {@code environment}: the build-shaping variables it was built with ({@link BuildEnvironment}). */
    public NativeBuild {
        environment = environment == null ? new java.util.TreeMap<>() : new java.util.TreeMap<>(environment);
    }

    /**
     * The binaries that built it and the packages they came from (for provenance); {@code linkedGlibc} is
     * the glibc version whose stubs it was linked against (null: the build machine's own glibc).
     */
    public record ToolchainBinaries(String rustcSha256, String linker, String linkerSha256, java.util.List<String> packages,
            String linkedGlibc) {
        public ToolchainBinaries(String rustcSha256, String linker, String linkerSha256, java.util.List<String> packages) {
            this(rustcSha256, linker, linkerSha256, packages, null);
        }

        /** The same binaries, linked against glibc stubs of {@code version} made from {@code sourcePackage}'s ABI lists. */
        public ToolchainBinaries withGlibcStubs(String version, String sourcePackage) {
            java.util.List<String> all = new java.util.ArrayList<>(packages);
            all.add(sourcePackage);
            return new ToolchainBinaries(rustcSha256, linker, linkerSha256, all, version);
        }
    }


    public NativeBuild(Target target, CargoProject crate, Path library, String sha256, long size, RustToolchain toolchain,
            SourceInfo source) {
        this(target, crate, library, sha256, size, toolchain, source, null, null);
    }

    /** The same build with the toolchain's binaries recorded. */
    public NativeBuild withBinaries(ToolchainBinaries recorded) {
        return new NativeBuild(target, crate, library, sha256, size, toolchain, source, recorded, environment);
    }

    /** The same build with the build-shaping variables it was built with recorded. */
    public NativeBuild withEnvironment(java.util.SortedMap<String, String> recorded) {
        return new NativeBuild(target, crate, library, sha256, size, toolchain, source, binaries, recorded);
    }
}
