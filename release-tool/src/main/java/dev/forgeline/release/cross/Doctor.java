package dev.forgeline.release.cross;

import dev.forgeline.release.config.CrossRustcSource;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.io.ProcessRunner;
import dev.forgeline.release.config.BinaryPolicy;
import dev.forgeline.release.platform.GlibcVersion;
import dev.forgeline.release.platform.Target;
import dev.forgeline.release.platform.TargetCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code forgeline doctor}: for each target, whether this machine can build it (natively, or
 * cross with Debian's toolchains) and smoke-test it (natively, or under QEMU), what is missing
 * and the exact command that installs it; and {@link #install} to install it (as root on Debian)
 * and provision the project-local parts (the target's std, the foreign JVM).
 */
public final class Doctor {
    private final Path toolchainsDir;
    private final DebianCrossToolchain cross;
    private final GlibcVersion maxGlibc;
    private final boolean smokeOnOlderGlibc;
    private final String debianMirror;

    /** Cross builds with the host's Debian rustc only ({@link CrossRustcSource#HOST}). */
    public Doctor(Path toolchainsDir) {
        this(toolchainsDir, CrossRustcSource.HOST);
    }

    public Doctor(Path toolchainsDir, CrossRustcSource rustcSource) {
        this(toolchainsDir, new DebianCrossToolchain(toolchainsDir, rustcSource), BinaryPolicy.DEFAULT_MAX_GLIBC, true, null);
    }

    private Doctor(Path toolchainsDir, DebianCrossToolchain cross, GlibcVersion maxGlibc, boolean smokeOnOlderGlibc,
            String debianMirror) {
        this.debianMirror = debianMirror;
        this.toolchainsDir = toolchainsDir.toAbsolutePath().normalize();
        this.cross = cross;
        this.maxGlibc = maxGlibc;
        this.smokeOnOlderGlibc = smokeOnOlderGlibc;
    }

    /** The same doctor for a release whose policy allows at most {@code glibc} (what Linux libraries are linked against). */
    public Doctor withMaxGlibc(GlibcVersion glibc) {
        return new Doctor(toolchainsDir, cross, glibc, smokeOnOlderGlibc, debianMirror);
    }

    /** The same doctor with the older-glibc smoke run on or off (release.yaml {@code smoke.olderGlibc}). */
    public Doctor withSmokeOnOlderGlibc(boolean enabled) {
        return new Doctor(toolchainsDir, cross, maxGlibc, enabled, debianMirror);
    }

    /** The same doctor fetching older Debian suites from {@code url} (null or blank: deb.debian.org). */
    public Doctor withDebianMirror(String url) {
        return new Doctor(toolchainsDir, cross, maxGlibc, smokeOnOlderGlibc, url);
    }

    /** The older Debian whose JVM and glibc a Linux library of {@code arch} is also smoke-tested on, if any. */
    public Optional<OlderDebian> olderGlibcRun(DebianArch arch) {
        return smokeOnOlderGlibc ? OlderDebian.forPolicy(maxGlibc, arch).map(d -> d.withMirror(debianMirror)) : Optional.empty();
    }

    /** The doctor for a project: toolchains live in {@code <project>/.forgeline/toolchains}. */
    public static Doctor forProject(Path projectDir, CrossRustcSource rustcSource) {
        return new Doctor(projectDir.resolve(".forgeline").resolve("toolchains"), rustcSource);
    }

    /** The toolchain the doctor inspects and installs with. */
    public DebianCrossToolchain crossToolchain() {
        return cross;
    }

    public Path toolchainsDir() {
        return toolchainsDir;
    }

    /** What this machine can do for {@code target}, from installed packages and the cache only (no network). */
    public TargetCapability inspect(Target target) {
        return inspect(target, false);
    }

    /**
     * As {@link #inspect(Target)}; with {@code checkArchive}, a cross target whose std is not cached
     * yet is also looked up in Debian's archive (refreshing the APT sandbox's lists if needed), so a
     * target Debian has no std for at the host rustc's version is reported as CI-runner-only.
     */
    public TargetCapability inspect(Target target, boolean checkArchive) {
        Optional<Target> host = TargetCatalog.host();
        List<String> notes = new ArrayList<>();
        if (target.os() != Target.OperatingSystem.LINUX || DebianArch.of(target).isEmpty()) {
            String runner = target.os() == Target.OperatingSystem.OSX ? "macOS" : target.os() == Target.OperatingSystem.WINDOWS ? "Windows" : target.os().name();
            if (host.isPresent() && host.get().equals(target)) {
                return new TargetCapability(target, TargetCapability.Mode.NATIVE, missingCargo(), TargetCapability.Mode.NATIVE, List.of(), notes);
            }
            notes.add("build and smoke-test it on a " + runner + " runner: forgeline build --target " + target);
            return new TargetCapability(target, TargetCapability.Mode.CI_RUNNER, List.of(), TargetCapability.Mode.CI_RUNNER, List.of(), notes);
        }
        DebianArch arch = DebianArch.of(target).orElseThrow();
        if (host.isPresent() && host.get().equals(target)) {
            List<String> smokeMissing = List.of();
            notes.add(glibcFloorNote());
            Optional<OlderDebian> older = olderGlibcRun(arch);
            if (arch == DebianArch.AMD64) {
                if (QemuJvm.emulatorInstalled(arch) && older.isPresent()) {
                    notes.add("baseline CPU and older glibc check: " + older.get() + "'s JVM under qemu-x86_64-static -cpu qemu64, "
                            + olderJvmState(arch, older.get()));
                } else if (QemuJvm.emulatorInstalled(arch)) {
                    notes.add("baseline CPU check available: the host JVM under qemu-x86_64-static -cpu qemu64");
                } else {
                    notes.add("for a baseline x86-64 CPU check under qemu-x86_64-static -cpu qemu64: apt-get install -y " + QemuJvm.QEMU_PACKAGE);
                }
            }
            return new TargetCapability(target, TargetCapability.Mode.NATIVE, missingCargo(), TargetCapability.Mode.NATIVE, smokeMissing, notes);
        }

        TargetCapability.Mode build = TargetCapability.Mode.CROSS;
        List<String> buildMissing = cross.missingHostPackages(target);
        if (buildMissing.isEmpty()) {
            if (cross.isProvisioned(target)) {
                notes.add("std for " + target.rustTriple() + " cached in " + toolchainsDir.resolve("rust-std").resolve(target.rustTriple()));
            } else if (checkArchive) {
                Optional<ForgelineException> unavailable = cross.checkStdAvailable(target);
                Optional<String> fallback = unavailable.isPresent() && cross.rustcSource() == CrossRustcSource.ARCHIVE_FALLBACK
                        ? cross.archiveFallbackVersion(target) : Optional.empty();
                if (fallback.isPresent()) {
                    notes.add("the host rustc has no Debian std for " + target.rustTriple() + "; built with rustc " + fallback.get()
                            + " from Debian's archive instead, fetched on first build");
                } else if (unavailable.isPresent()) {
                    build = TargetCapability.Mode.CI_RUNNER;
                    notes.add(unavailable.get().getMessage());
                    notes.add(unavailable.get().hint());
                } else {
                    notes.add("std for " + target.rustTriple() + " is available from Debian; fetched on first build (about 53 MB)");
                }
            } else {
                notes.add("std for " + target.rustTriple() + " not fetched yet (forgeline doctor --install fetches it)");
            }
        }
        List<String> smokeMissing = QemuJvm.emulatorInstalled(arch) ? List.of() : List.of(QemuJvm.QEMU_PACKAGE);
        notes.add(glibcFloorNote());
        notes.add(QemuJvm.isProvisioned(arch, toolchainsDir, Optional.empty())
                ? arch + " JVM cached in " + QemuJvm.jvmDir(arch, toolchainsDir, Optional.empty())
                : arch + " JVM not fetched yet (about 46 MB of .debs)");
        olderGlibcRun(arch).ifPresent(older ->
                notes.add("also smoke-tested on " + older + "'s JVM under QEMU, " + olderJvmState(arch, older)));
        return new TargetCapability(target, build, buildMissing, TargetCapability.Mode.EMULATOR, smokeMissing, notes);
    }

    public List<TargetCapability> inspectAll(Collection<Target> targets, boolean checkArchive) {
        return targets.stream().map(t -> inspect(t, checkArchive)).toList();
    }

    private String glibcFloorNote() {
        return "linked against glibc " + maxGlibc + " (checks.maxGlibc) through stubs made from glibc's ABI lists, "
                + (GlibcSourceTree.isProvisioned(toolchainsDir) ? "cached in " + toolchainsDir.resolve("glibc-source")
                        : "fetched on first build (Debian's glibc-source, about 20 MB)");
    }

    private String olderJvmState(DebianArch arch, OlderDebian older) {
        return QemuJvm.isProvisioned(arch, toolchainsDir, Optional.of(older))
                ? "cached in " + QemuJvm.jvmDir(arch, toolchainsDir, Optional.of(older))
                : "fetched on first smoke test (about 46 MB of .debs)";
    }

    private static List<String> missingCargo() {
        return Commands.onPath("cargo").isPresent() || Commands.onPath(System.getProperty("user.home") + "/.cargo/bin/cargo").isPresent()
                ? List.of() : List.of("rustc-web", "cargo-web");
    }

    /**
     * Installs what {@code target} is missing here with apt-get (only as root on Debian; otherwise
     * throws with the exact command to run), then provisions the project-local parts: for a Linux
     * target glibc's ABI lists and, where it applies, the older Debian's JVM; for a foreign
     * architecture its std and JVM. A target Debian has no std for is left CI-runner-only, not an
     * error. Returns the capability afterwards.
     */
    public TargetCapability install(Target target) {
        return install(target, EnumSet.allOf(Purpose.class));
    }

    /** What {@link #install(Target, Set)} prepares a target for: a CI job that only builds need not fetch JVMs. */
    public enum Purpose { BUILD, SMOKE }

    /** As {@link #install(Target)}, limited to what {@code purposes} need. */
    public TargetCapability install(Target target, Set<Purpose> purposes) {
        TargetCapability before = inspect(target, false);
        Set<String> wanted = new LinkedHashSet<>();
        if (purposes.contains(Purpose.BUILD)) {
            wanted.addAll(before.missingForBuild());
        }
        if (purposes.contains(Purpose.SMOKE)) {
            wanted.addAll(before.missingForSmoke());
        }
        List<String> missing = List.copyOf(wanted);
        if (!missing.isEmpty()) {
            if (!Commands.isDebian() || !Commands.isRoot()) {
                throw new ForgelineException(ExitCode.TOOLCHAIN_MISSING,
                        target + " needs " + String.join(", ", missing) + (Commands.isDebian() ? ", and installing them needs root"
                                : ", Debian packages, and this is not a Debian system"),
                        Commands.isDebian() ? "run: sudo " + before.installCommand().orElseThrow()
                                : "install the equivalents of " + String.join(", ", missing) + " with the system's package manager");
            }
            Map<String, String> env = Map.of("DEBIAN_FRONTEND", "noninteractive");
            Path logs = toolchainsDir.resolve("logs");
            List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-q"));
            install.addAll(missing);
            ProcessRunner.Result result = Commands.run(install, env, toolchainsDir, logs.resolve("apt-get-install.log"), Duration.ofMinutes(20));
            if (result.exitCode() != 0) {
                Commands.run(List.of("apt-get", "update", "-q"), env, toolchainsDir, logs.resolve("apt-get-update.log"), Duration.ofMinutes(10));
                result = Commands.run(install, env, toolchainsDir, logs.resolve("apt-get-install.log"), Duration.ofMinutes(20));
            }
            if (result.exitCode() != 0) {
                throw new ForgelineException(ExitCode.TOOLCHAIN_MISSING,
                        String.join(" ", install) + " failed (exit code " + result.exitCode() + "):\n" + result.tail(10),
                        "the full output is in " + logs.resolve("apt-get-install.log"));
            }
        }
        Optional<DebianArch> linux = DebianArch.of(target);
        if (linux.isPresent() && purposes.contains(Purpose.BUILD)) {
            GlibcSourceTree.ensure(toolchainsDir);
            if (before.build() == TargetCapability.Mode.CROSS) {
                boolean buildable = cross.isProvisioned(target) || cross.checkStdAvailable(target).isEmpty()
                        || (cross.rustcSource() == CrossRustcSource.ARCHIVE_FALLBACK
                                && cross.archiveFallbackVersion(target).isPresent());
                if (buildable) {
                    cross.provision(target);
                }
            }
        }
        if (linux.isPresent() && purposes.contains(Purpose.SMOKE)) {
            if (before.smoke() == TargetCapability.Mode.EMULATOR) {
                QemuJvm.provision(linux.get(), toolchainsDir);
            }
            Optional<OlderDebian> older = olderGlibcRun(linux.get());
            if (older.isPresent() && QemuJvm.emulatorInstalled(linux.get())) {
                QemuJvm.provision(linux.get(), toolchainsDir, older.get());
            }
        }
        return inspect(target, true);
    }
}
