package dev.forgeline.release.cross;

import dev.forgeline.release.config.CrossRustcSource;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.common.Checksums;
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
    private final CrossRustcSource rustcSource;

    /** Debian's /usr/bin/rustc and /usr/bin/cargo, {@link CrossRustcSource#HOST} only. */
    public DebianCrossToolchain(Path toolchainsDir) {
        this(toolchainsDir, CrossRustcSource.HOST);
    }

    public DebianCrossToolchain(Path toolchainsDir, CrossRustcSource rustcSource) {
        this(toolchainsDir, Path.of("/usr/bin/rustc"), Path.of("/usr/bin/cargo"), rustcSource);
    }

    public DebianCrossToolchain(Path toolchainsDir, Path rustc, Path cargo, CrossRustcSource rustcSource) {
        this.toolchainsDir = toolchainsDir.toAbsolutePath().normalize();
        this.rustc = rustc;
        this.cargo = cargo;
        this.rustcSource = rustcSource;
    }

    public Path toolchainsDir() {
        return toolchainsDir;
    }

    /** Whether this class provisions {@code target}: Linux targets other than the host's architecture. */
    public static boolean supports(Target target) {
        Optional<DebianArch> arch = DebianArch.of(target);
        String hostArch = Commands.hostDpkgArch().orElse("");
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
     * the host rustc's version (unless this toolchain was made with {@link CrossRustcSource#ARCHIVE_FALLBACK}).
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
        AptSandbox apt = AptSandbox.forArch(toolchainsDir, arch);
        Rustc chosen;
        Optional<Rustc> cachedFallback;
        if (ProvisionedRoot.existing(stdBase(target).resolve("root"), stdKey(target, std)).isPresent()) {
            chosen = hostRustc(rp);
        } else if (rustcSource == CrossRustcSource.ARCHIVE_FALLBACK && (cachedFallback = cachedArchiveRustc(target, rp)).isPresent()) {
            chosen = cachedFallback.get();
            std = stdPackages(rp.name(), chosen.debVersion());
        } else {
            Optional<ForgelineException> unavailable = checkStdAvailable(target);
            if (unavailable.isEmpty()) {
                chosen = hostRustc(rp);
            } else if (rustcSource == CrossRustcSource.ARCHIVE_FALLBACK) {
                chosen = archiveRustc(target, arch, apt, rp).orElseThrow(unavailable::get);
                std = stdPackages(rp.name(), chosen.debVersion());
            } else {
                throw unavailable.get();
            }
        }
        Map<String, String> stdFinal = std;
        Path base = stdBase(target);
        Path root = base.resolve("root");
        ProvisionedRoot.Record record = ProvisionedRoot.ensure(root, stdKey(target, std), apt, LISTS_MAX_AGE, () -> stdFinal);
        Path rustlib = root.resolve("usr/lib/rustlib").resolve(target.rustTriple());
        if (!Files.isDirectory(rustlib.resolve("lib"))) {
            throw new ForgelineException(ExitCode.TOOLCHAIN_MISSING, "the " + arch + " std packages have no " + rustlib.resolve("lib"),
                    "Debian names this target differently; delete " + base + " and report it");
        }
        Path sysroot = base.resolve("sysroot");
        linkSysroot(sysroot, target, rustlib);

        Path linker = Commands.onPath(arch.linkerCommand()).orElseThrow();
        String linkerVersion = Commands.query(List.of(linker.toString(), "-dumpfullversion")).orElse("unknown");
        List<PackageVersion> host = new ArrayList<>(chosen.hostPackages());
        hostPackage(arch.linkerPackage()).ifPresent(host::add);
        hostPackage("libc6-dev-" + arch.dpkgName() + "-cross").ifPresent(host::add);
        String cargoVersion = Commands.query(List.of(cargo.toString(), "--version")).orElse("unknown");
        hostPackage(Commands.query(List.of("dpkg-query", "-S", cargo.toString()))
                .map(s -> s.substring(0, s.indexOf(':')).trim()).orElse("cargo-web")).ifPresent(host::add);
        List<PackageVersion> fetched = new ArrayList<>(chosen.fetchedPackages());
        fetched.addAll(record.packages());
        try {
            ToolchainProvenance provenance = new ToolchainProvenance(
                    realPath(chosen.rustc()).toString(), chosen.versionText(), Checksums.sha256(realPath(chosen.rustc())),
                    realPath(linker).toString(), linkerVersion, Checksums.sha256(realPath(linker)),
                    host, fetched);
            return new CrossToolchain(target, chosen.rustc(), cargo, chosen.versionText(), cargoVersion, linker, sysroot,
                    chosen.env(), provenance);
        } catch (IOException e) {
            throw new ForgelineException(ExitCode.TOOLCHAIN_MISSING, "cannot read " + chosen.rustc() + " or " + linker + ": " + e.getMessage(), null, e);
        }
    }


    /** A rustc to run: where, with which extra environment, and what was fetched for it. */
    record Rustc(Path rustc, String versionText, String debVersion, Map<String, String> env,
            List<PackageVersion> hostPackages, List<PackageVersion> fetchedPackages) {}

    private Rustc hostRustc(RustcPackage rp) {
        return new Rustc(rustc, rp.versionText(), rp.version(), Map.of(),
                List.of(new PackageVersion(rp.name(), hostArch(), rp.version(), null)), List.of());
    }

    private Map<String, String> stdPackages(String rustcPackageName, String debVersion) {
        RustcPackage rp = new RustcPackage(rustcPackageName, debVersion, majorMinor(debVersion), "");
        Map<String, String> packages = new LinkedHashMap<>();
        packages.put(rp.stdPrefix() + "-dev", debVersion);
        packages.put(rp.stdPrefix() + "-" + rp.majorMinor(), debVersion);
        return packages;
    }

    private static String majorMinor(String debVersion) {
        Matcher m = RUST_VERSION.matcher(debVersion);
        if (!m.find()) {
            throw new IllegalArgumentException("no x.y.z in " + debVersion);
        }
        return m.group(1) + "." + m.group(2);
    }

    private Path archiveRustcRoot(String debVersion) {
        return toolchainsDir.resolve("rustc").resolve(debVersion.replace(':', '_').replace('~', '_')).resolve("root");
    }

    /** An archive rustc already unpacked for this target's cached std, reused without asking APT. */
    private Optional<Rustc> cachedArchiveRustc(Target target, RustcPackage hostRp) {
        Optional<String> stdVersion = ProvisionedRoot.read(stdBase(target).resolve("root")).flatMap(r -> r.packages().stream()
                .filter(p -> p.name().equals(hostRp.stdPrefix() + "-dev")).map(PackageVersion::version).findFirst());
        if (stdVersion.isEmpty() || stdVersion.get().equals(hostRp.version())) {
            return Optional.empty();
        }
        Path root = archiveRustcRoot(stdVersion.get());
        return ProvisionedRoot.read(root).flatMap(record -> runnableRustc(root, stdVersion.get(), record));
    }

    private static Optional<Rustc> runnableRustc(Path root, String debVersion, ProvisionedRoot.Record record) {
        Path rustcBin = root.resolve("usr/bin/rustc");
        String libDir = Commands.query(List.of("dpkg-architecture", "-qDEB_HOST_MULTIARCH"))
                .orElse(hostArch().equals("amd64") ? "x86_64-linux-gnu" : hostArch());
        Map<String, String> env = Map.of("LD_LIBRARY_PATH", root.resolve("usr/lib").resolve(libDir).toString());
        return Commands.query(List.of(rustcBin.toString(), "--version"), env)
                .map(text -> new Rustc(rustcBin, text, debVersion, env, List.of(), record.packages()));
    }

    /**
     * The newest rustc Debian has for the host whose std it also has for the target, unpacked into
     * {@code rustc/<version>/root} (rustc, its std and librustc_driver, and the libLLVM it links).
     */
    private Optional<Rustc> archiveRustc(Target target, DebianArch arch, AptSandbox apt, RustcPackage hostRp) {
        String hostArch = hostArch();
        Optional<String> version = archiveFallbackVersion(target);
        if (version.isEmpty()) {
            return Optional.empty();
        }
        String v = version.get();
        Map<String, String> packages = stdPackages(hostRp.name(), v);
        String stdLib = hostRp.stdPrefix() + "-" + majorMinor(v);
        Matcher llvm = Pattern.compile("\\b(libllvm\\d+)\\b").matcher(apt.depends(stdLib, hostArch, v));
        Map<String, String> wanted = new LinkedHashMap<>();
        wanted.put(hostRp.name(), v);
        wanted.putAll(packages);
        if (llvm.find()) {
            wanted.put(llvm.group(1), null);
        }
        Path root = archiveRustcRoot(v);
        ProvisionedRoot.Record record = ProvisionedRoot.ensure(root, hostArch + " " + wanted, apt, hostArch, LISTS_MAX_AGE, () -> wanted);
        return Optional.of(runnableRustc(root, v, record).orElseThrow(() -> new ForgelineException(
                ExitCode.TOOLCHAIN_MISSING, "the unpacked rustc " + v + " in " + root + " does not run",
                "check its libraries with ldd " + root.resolve("usr/bin/rustc") + " (LD_LIBRARY_PATH=" + root.resolve("usr/lib") + "/<multiarch>)")));
    }

    private Path stdBase(Target target) {
        return toolchainsDir.resolve("rust-std").resolve(target.rustTriple());
    }

    private static String stdKey(Target target, Map<String, String> std) {
        return target.rustTriple() + " " + std;
    }

    /**
     * Whether the target's std is already unpacked here (no network needed to build): for the
     * installed rustc, or with {@link CrossRustcSource#ARCHIVE_FALLBACK} for any rustc version.
     */
    public boolean isProvisioned(Target target) {
        Path root = stdBase(target).resolve("root");
        if (rustcSource == CrossRustcSource.ARCHIVE_FALLBACK) {
            return ProvisionedRoot.read(root).isPresent();
        }
        try {
            return ProvisionedRoot.existing(root, stdKey(target, stdPackages(target))).isPresent();
        } catch (ForgelineException e) {
            return false;
        }
    }

    public CrossRustcSource rustcSource() {
        return rustcSource;
    }

    /**
     * With {@link CrossRustcSource#ARCHIVE_FALLBACK}: the Debian version of the rustc that would build
     * the target when the host rustc cannot (the newest Debian has for the host and, as std, for
     * the target). Refreshes the APT sandbox's lists if needed.
     */
    public Optional<String> archiveFallbackVersion(Target target) {
        DebianArch arch = archOf(target);
        RustcPackage rp = rustcPackage();
        AptSandbox apt = AptSandbox.forArch(toolchainsDir, arch);
        apt.update(LISTS_MAX_AGE);
        List<String> forHost = apt.availableVersions(rp.name(), hostArch());
        return apt.availableVersions(rp.stdPrefix() + "-dev").stream().filter(forHost::contains).findFirst();
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
        return Commands.hostDpkgArch().orElse("unknown");
    }

    static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path;
        }
    }
}
