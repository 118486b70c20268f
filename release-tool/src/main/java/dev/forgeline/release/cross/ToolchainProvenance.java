package dev.forgeline.release.cross;

import java.util.List;

/**
 * What exactly built a target, for the release's provenance: the rustc and linker binaries with
 * their SHA-256 (symlinks resolved), the host packages they come from, and the .debs fetched into
 * the sysroot with the SHA-256 of each .deb.
 */
public record ToolchainProvenance(
        String rustcPath,
        String rustcVersion,
        String rustcSha256,
        String linkerPath,
        String linkerVersion,
        String linkerSha256,
        List<PackageVersion> hostPackages,
        List<PackageVersion> sysrootPackages) {

    public ToolchainProvenance {
        hostPackages = List.copyOf(hostPackages);
        sysrootPackages = List.copyOf(sysrootPackages);
    }
}
