package dev.forgeline.release.cross;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The root file system an image is based on: Debian's headless JRE and the libraries it needs ({@link
 * QemuJvm#JVM_PACKAGES}, the package set of the smoke tests' JVM roots) and {@code base-files} (Debian's file system
 * hierarchy and {@code /etc/os-release}, by which scanners know the root is Debian's), fetched with {@code apt-get
 * download} and unpacked with {@code dpkg -x} into {@code toolchainsDir}/image-base/&lt;arch&gt;/root; no maintainer
 * script runs. dpkg's database of the packages, {@link DpkgDatabase}, is written as installing them would have, so
 * {@code dpkg-query}, {@code dpkg --verify} and image scanners find them and their files. Unlike a smoke JVM root it is
 * left as the packages made it (no links for QEMU's {@code -L}); only absolute symbolic links are made relative, which
 * resolves to the same files inside a container.
 *
 * @param packages the .debs it was made from, each with its SHA-256
 */
public record DebianBaseRoot(DebianArch arch, Path root, List<PackageVersion> packages) {
    /** The packages of every base, in the order they are recorded: the smoke tests' JVM's and base-files. */
    public static final List<String> PACKAGES = Stream.concat(QemuJvm.JVM_PACKAGES.stream(),
            Stream.of("base-files")).toList();

    public DebianBaseRoot {
        packages = List.copyOf(packages);
    }

    /** The base of {@code arch}, made on first use and reused while its packages are the same. */
    public static DebianBaseRoot provision(DebianArch arch, Path toolchainsDir) {
        Path dir = toolchainsDir.toAbsolutePath().normalize().resolve("image-base").resolve(arch.dpkgName());
        Path root = dir.resolve("root");
        AptSandbox apt = AptSandbox.forArch(toolchainsDir.toAbsolutePath(), arch);
        ProvisionedRoot.Record record = ProvisionedRoot.ensure(root, "image-base " + arch.dpkgName() + " " + PACKAGES
                + " with " + DpkgDatabase.CONTENT, apt, arch.dpkgName(), DebianCrossToolchain.LISTS_MAX_AGE, () -> {
                    Map<String, String> wanted = new LinkedHashMap<>();
                    PACKAGES.forEach(p -> wanted.put(p, null));
                    return wanted;
                }, DpkgDatabase::write);
        return new DebianBaseRoot(arch, root, record.packages());
    }

    /** The java launcher inside the root, as a path of the image ({@code /usr/lib/jvm/.../bin/java}). */
    public String javaInImage() {
        return "/" + arch.jvmHome() + "/bin/java";
    }
}
