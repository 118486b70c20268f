package dev.forgeline.release.cross;

import java.util.Objects;

/**
 * An exact Debian package version, for provenance: a host package (sha256 null) or a .deb fetched
 * into a project-local root (sha256 of the .deb file).
 */
public record PackageVersion(String name, String arch, String version, String sha256) {
    public PackageVersion {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(version, "version");
    }

    @Override
    public String toString() {
        return name + ":" + arch + "=" + version;
    }
}
