package dev.forgeline.release.cross;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.maven.Checksums;
import dev.forgeline.release.platform.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cross toolchains for Linux targets from Debian packages, as TOOLCHAINS.md records: Debian's
 * {@code /usr/bin/rustc} (from rustc-web), the target's standard library from
 * {@code libstd-rust-web-dev:<arch>} and {@code libstd-rust-web-<x.y>:<arch>} at exactly the
 * version of the host's rustc package, fetched by an {@link AptSandbox} and unpacked into a
 * project-local root, a {@code --sysroot} of symlinks {@code lib/rustlib/<triple>} into it, and
 * {@code <gnu-triple>-gcc} as the linker. Provisioning is cached per target and rustc version: the
 * second call costs a few dpkg-query and SHA-256 computations.
 *
 * <p>Layout under the toolchains directory (e.g. {@code .forgeline/toolchains}):
 * {@code apt/<arch>/} (APT sandbox), {@code rust-std/<triple>/root/} (the unpacked .debs, with
 * {@code root.forgeline-root.json} recording them), {@code rust-std/<triple>/sysroot/lib/rustlib/<triple>}.
 */
public final class DebianCrossToolchain {
    /** How old the sandbox's package lists may be before provisioning refreshes them. */
    static final Duration LISTS_MAX_AGE = Duration.ofDays(1);
    private static final Pattern RUST_VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

    private final Path toolchainsDir;
    private final Path rustc;
    private final Path cargo;

    public DebianCrossToolchain(Path toolchainsDir) {
        this(toolchainsDir, Path.of("/usr/bin/rustc"), Path.of("/usr/bin/cargo"));
    }

    public DebianCrossToolchain(Path toolchainsDir, Path rustc, Path cargo) {
        this.toolchainsDir = toolchainsDir.toAbsolutePath().normalize();
        this.rustc = rustc;
        this.cargo = cargo;
    }

    public Path toolchainsDir() {
        return toolchainsDir;
    }

    /** Whether this class provisions {@code target}: Linux targets other than the host's architecture. */
    public static boolean supports(Target target) {
        Optional<DebianArch> arch = DebianArch.of(target);
        String hostArch = Commands.query(List.of("dpkg", "--print-architecture")).orElse("");
        return arch.isPresent() && !arch.get().dpkgName().equals(hostArch);
    }

    /** The host packages the target needs (rustc-web, cargo-web, the cross gcc) that are not installed. */
    public List<String> missingHostPackages(Target target) {
        DebianArch arch = archOf(target);
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(rustc)) {
            missing.add("rustc-web");
        }
        if (!Files.isExecutable(cargo)) {
            missing.add("cargo-web");
        }
        if (Commands.onPath(arch.linkerCommand()).isEmpty()) {
            missing.add(arch.linkerPackage());
        }
        return missing;
    }

    /** The exact apt-get command that installs what {@link #missingHostPackages} lists. */
    public static String installCommand(List<String> packages) {
        return "apt-get install -y " + String.join(" ", packages);
    }

    /** The Debian packages the target's std comes from (name → exact version), for the installed rustc. */
    public Map<String, String> stdPackages(Target target) {
        RustcPackage rp = rustcPackage();
        Map<String, String> packages = new LinkedHashMap<>();
        packages.put(rp.stdPrefix() + "-dev", rp.version());
        packages.put(rp.stdPrefix() + "-" + rp.majorMinor(), rp.version());
        return packages;
    }

    /** The Debian package that owns the rustc binary, its version, and the std package names that go with it. */
    record RustcPackage(String name, String version, String majorMinor, String versionText) {
        /** libstd-rust-web for rustc-web, libstd-rust for rustc. */
        String stdPrefix() {
            return "libstd-" + name.replaceFirst("^rustc", "rust");
        }
    }

    RustcPackage rustcPackage() {
        Path real = realPath(rustc);
        String owner = Commands.query(List.of("dpkg-query", "-S", rustc.toString()))
                .or(() -> Commands.query(List.of("dpkg-query", "-S", real.toString())))
                .map(s -> s.substring(0, s.indexOf(':')).trim())
                .orElseThrow(() -> new ForgelineException(ExitCode.TOOLCHAIN_MISSING,
                        rustc + " is not installed from a Debian package, so forgeline cannot fetch a matching standard library for it",
                        installCommand(List.of("rustc-web", "cargo-web"))));
        String version = Commands.installedVersion(owner).orElseThrow();
        String text = Commands.query(List.of(rustc.toString(), "--version")).orElseThrow(() -> new ForgelineException(
                ExitCode.TOOLCHAIN_MISSING, rustc + " --version failed", installCommand(List.of(owner))));
        Matcher m = RUST_VERSION.matcher(text);
        if (!m.find()) {
            throw new ForgelineException(ExitCode.TOOLCHAIN_MISSING, "cannot read the version of " + rustc + ": " + text, null);
        }
        return new RustcPackage(owner, version, m.group(1) + "." + m.group(2), text);
    }

    /**
     * Makes the target's cross toolchain ready (fetching and unpacking its std on first use) and
     * returns it. Throws {@link ForgelineException} with {@link ExitCode#TOOLCHAIN_MISSING} and the
     * install command when host packages are missing, or when Debian has no std for the target at
     * the host rustc's version.
     */
    public CrossToolchain provision(Target target) {
        DebianArch arch = archOf(target);
        List<String> missing = missingHostPackages(target);
        if (!missing.isEmpty()) {
            throw new ForgelineException(ExitCode.TOOLCHAIN_MISSING,
                    "cross-compiling for " + target + " needs " + String.join(", ", missing) + ", which " + (missing.size() == 1 ? "is" : "are")
                            + " not installed",
                    "install with: " + installCommand(missing));
        }
        RustcPackage rp = rustcPackage();
        Map<String, String> std = stdPackages(target);
        Path base = stdBase(target);
        Path root = base.resolve("root");
        String key = stdKey(target, std);
        AptSandbox apt = AptSandbox.forArch(toolchainsDir, arch);
        ProvisionedRoot.Record record = ProvisionedRoot.existing(root, key).orElseGet(() -> {
            checkStdAvailable(target).ifPresent(e -> {
                throw e;
            });
            return ProvisionedRoot.ensure(root, key, apt, LISTS_MAX_AGE, () -> std);
        });
        Path rustlib = root.resolve("usr/lib/rustlib").resolve(target.rustTriple());
        if (!Files.isDirectory(rustlib.resolve("lib"))) {
            throw new ForgelineException(ExitCode.TOOLCHAIN_MISSING, "the " + arch + " std packages have no " + rustlib.resolve("lib"),
                    "Debian names this target differently; delete " + base + " and report it");
        }
        Path sysroot = base.resolve("sysroot");
        linkSysroot(sysroot, target, rustlib);

        Path linker = Commands.onPath(arch.linkerCommand()).orElseThrow();
        String linkerVersion = Commands.query(List.of(linker.toString(), "-dumpfullversion")).orElse("unknown");
        List<PackageVersion> host = new ArrayList<>();
        host.add(new PackageVersion(rp.name(), hostArch(), rp.version(), null));
        hostPackage(arch.linkerPackage()).ifPresent(host::add);
        hostPackage("libc6-dev-" + arch.dpkgName() + "-cross").ifPresent(host::add);
        String cargoVersion = Commands.query(List.of(cargo.toString(), "--version")).orElse("unknown");
        hostPackage(Commands.query(List.of("dpkg-query", "-S", cargo.toString()))
                .map(s -> s.substring(0, s.indexOf(':')).trim()).orElse("cargo-web")).ifPresent(host::add);
        try {
            ToolchainProvenance provenance = new ToolchainProvenance(
                    realPath(rustc).toString(), rp.versionText(), Checksums.sha256(realPath(rustc)),
                    realPath(linker).toString(), linkerVersion, Checksums.sha256(realPath(linker)),
                    host, record.packages());
            return new CrossToolchain(target, rustc, cargo, rp.versionText(), cargoVersion, linker, sysroot, provenance);
        } catch (IOException e) {
            throw new ForgelineException(ExitCode.TOOLCHAIN_MISSING, "cannot read " + rustc + " or " + linker + ": " + e.getMessage(), null, e);
        }
    }

    private Path stdBase(Target target) {
        return toolchainsDir.resolve("rust-std").resolve(target.rustTriple());
    }

    private static String stdKey(Target target, Map<String, String> std) {
        return target.rustTriple() + " " + std;
    }

    /** Whether the target's std for the installed rustc is already unpacked here (no network needed to build). */
    public boolean isProvisioned(Target target) {
        try {
            return ProvisionedRoot.existing(stdBase(target).resolve("root"), stdKey(target, stdPackages(target))).isPresent();
        } catch (ForgelineException e) {
            return false;
        }
    }

    /**
     * Asks the APT sandbox (refreshing its lists if older than a day) whether Debian has the target's
     * std at the host rustc's exact version; the error {@link #provision} would throw if not.
     */
    public Optional<ForgelineException> checkStdAvailable(Target target) {
        DebianArch arch = archOf(target);
        RustcPackage rp = rustcPackage();
        AptSandbox apt = AptSandbox.forArch(toolchainsDir, arch);
        apt.update(LISTS_MAX_AGE);
        String dev = stdPackages(target).keySet().iterator().next();
        if (apt.availableVersions(dev).contains(rp.version())) {
            return Optional.empty();
        }
        return Optional.of(stdUnavailable(target, arch, apt, rp, dev));
    }

    private ForgelineException stdUnavailable(Target target, DebianArch arch, AptSandbox apt, RustcPackage rp, String dev) {
        List<String> available = apt.availableVersions(dev);
        List<String> failed = apt.failedIndexes().stream().filter(s -> s.contains(" " + arch.dpkgName() + " ")).toList();
        String message = "Debian has no " + dev + ":" + arch + " at " + rp.version() + " (the version of " + rp.name()
                + ", whose rustc is " + rp.majorMinor() + "), so " + target + " (" + target.rustTriple() + ") cannot be cross-compiled here"
                + (available.isEmpty() ? "" : "; the APT sources have " + String.join(", ", available))
                + (failed.isEmpty() ? "" : "; these package indexes failed to download: " + String.join("; ", failed));
        String hint = failed.isEmpty()
                ? "build " + target + " on a native " + arch + " runner, or use a rustc whose version Debian ships a " + arch + " std for"
                : "retry later (a Debian mirror was mid-sync): delete " + apt.directory().resolve("lists/.forgeline-updated")
                        + " to refresh the lists; or build " + target + " on a native " + arch + " runner";
        return new ForgelineException(ExitCode.TOOLCHAIN_MISSING, message, hint);
    }

    private static void linkSysroot(Path sysroot, Target target, Path rustlib) {
        Path link = sysroot.resolve("lib/rustlib").resolve(target.rustTriple());
        try {
            if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(rustlib)) {
                return;
            }
            Files.createDirectories(link.getParent());
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, rustlib);
        } catch (IOException e) {
            throw new ForgelineException(ExitCode.TOOLCHAIN_MISSING, "cannot make the sysroot " + sysroot + ": " + e.getMessage(), null, e);
        }
    }

    static DebianArch archOf(Target target) {
        return DebianArch.of(target).orElseThrow(() -> new ForgelineException(ExitCode.USAGE,
                target + " is not a Linux target, so it cannot be cross-compiled with Debian's toolchains",
                "build " + target + " on a " + target.os().name().toLowerCase(java.util.Locale.ROOT) + " CI runner"));
    }

    private static Optional<PackageVersion> hostPackage(String name) {
        return Commands.installedVersion(name).map(v -> new PackageVersion(name, hostArch(), v, null));
    }

    private static String hostArch() {
        return Commands.query(List.of("dpkg", "--print-architecture")).orElse("unknown");
    }

    static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path;
        }
    }
}
