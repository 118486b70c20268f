package dev.forgeline.release.cross;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The root file system an image is based on: Debian's headless JRE and the libraries it needs ({@link
 * QemuJvm#JVM_PACKAGES}, the package set of the smoke tests' JVM roots), fetched with {@code apt-get download} and
 * unpacked with {@code dpkg -x} into {@code toolchainsDir}/image-base/&lt;arch&gt;/root; no maintainer script runs.
 * Unlike a smoke JVM root it is left as the packages made it (no links for QEMU's {@code -L}); only absolute
 * symbolic links are made relative, which resolves to the same files inside a container.
 *
 * @param packages the .debs it was made from, each with its SHA-256
 */
public record DebianBaseRoot(DebianArch arch, Path root, List<PackageVersion> packages) {
    public DebianBaseRoot {
        packages = List.copyOf(packages);
    }

    /** The base of {@code arch}, made on first use and reused while its packages are the same. */
    public static DebianBaseRoot provision(DebianArch arch, Path toolchainsDir) {
        Path dir = toolchainsDir.toAbsolutePath().normalize().resolve("image-base").resolve(arch.dpkgName());
        Path root = dir.resolve("root");
        ProvisionedRoot.Record record = ProvisionedRoot.ensure(root, "image-base " + arch.dpkgName() + " "
                + QemuJvm.JVM_PACKAGES, AptSandbox.forArch(toolchainsDir.toAbsolutePath(), arch),
                DebianCrossToolchain.LISTS_MAX_AGE, () -> {
                    Map<String, String> wanted = new LinkedHashMap<>();
                    QemuJvm.JVM_PACKAGES.forEach(p -> wanted.put(p, null));
                    return wanted;
                });
        return new DebianBaseRoot(arch, root, record.packages());
    }

    /** The java launcher inside the root, as a path of the image ({@code /usr/lib/jvm/.../bin/java}). */
    public String javaInImage() {
        return "/" + arch.jvmHome() + "/bin/java";
    }
}
