package dev.forgeline.release.cross;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.io.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A JVM that runs a target's native code on this machine through QEMU user-mode emulation, for
 * smoke tests: either a foreign architecture's JVM (Debian's openjdk-17-jre-headless and the four
 * libraries it needs, fetched by an {@link AptSandbox} and unpacked into a project-local root, run
 * as {@code qemu-<arch>-static -L <root> <root>/usr/lib/jvm/java-17-openjdk-<arch>/bin/java}), or
 * this machine's own x86-64 JVM under {@code qemu-x86_64-static -cpu <model>} to prove the library
 * runs on a baseline x86-64 CPU. binfmt_misc is not needed: the emulator is called explicitly.
 */
public final class QemuJvm {
    /** The packages that start Debian's JVM on a foreign architecture (TOOLCHAINS.md). */
    public static final List<String> JVM_PACKAGES =
            List.of("openjdk-17-jre-headless", "libc6", "zlib1g", "libgcc-s1", "libstdc++6");
    public static final String QEMU_PACKAGE = "qemu-user-static";

    private final DebianArch arch;
    private final Path qemu;
    private final Optional<Path> root;
    private final Path java;
    private final Optional<String> cpu;
    private final List<PackageVersion> packages;

    private QemuJvm(DebianArch arch, Path qemu, Optional<Path> root, Path java, Optional<String> cpu, List<PackageVersion> packages) {
        this.arch = arch;
        this.qemu = qemu;
        this.root = root;
        this.java = java;
        this.cpu = cpu;
        this.packages = List.copyOf(packages);
    }

    /**
     * The JVM of {@code arch} under its emulator, fetched into {@code toolchainsDir}/jvm/&lt;arch&gt;/root
     * on first use (about 46 MB of .debs for arm64) and reused afterwards.
     */
    public static QemuJvm provision(DebianArch arch, Path toolchainsDir) {
        return provision(arch, jvmDir(arch, toolchainsDir, Optional.empty()), AptSandbox.forArch(toolchainsDir.toAbsolutePath(), arch));
    }

    /**
     * The JVM and C library of {@code arch} from an older Debian release, under its emulator (for
     * x86-64 too: QEMU then runs a whole foreign userland, not just a CPU), fetched into
     * {@code toolchainsDir}/jvm/&lt;suite&gt;-&lt;arch&gt;/root: a library that loads there loads on that glibc.
     */
    public static QemuJvm provision(DebianArch arch, Path toolchainsDir, OlderDebian release) {
        return provision(arch, jvmDir(arch, toolchainsDir, Optional.of(release)),
                AptSandbox.forOlderDebian(toolchainsDir.toAbsolutePath(), arch, release));
    }

    /** Where the JVM of {@code arch} (of the system's Debian, or of an older one) is kept: jvm/&lt;arch&gt; or jvm/&lt;suite&gt;-&lt;arch&gt;. */
    public static Path jvmDir(DebianArch arch, Path toolchainsDir, Optional<OlderDebian> release) {
        return toolchainsDir.toAbsolutePath().normalize().resolve("jvm")
                .resolve(release.map(r -> r.suite() + "-").orElse("") + arch.dpkgName());
    }

    private static QemuJvm provision(DebianArch arch, Path dir, AptSandbox apt) {
        Path qemu = emulator(arch);
        Path root = dir.resolve("root");
        ProvisionedRoot.Record record = ProvisionedRoot.ensure(root, jvmKey(arch), apt, DebianCrossToolchain.LISTS_MAX_AGE, () -> {
            Map<String, String> wanted = new LinkedHashMap<>();
            JVM_PACKAGES.forEach(p -> wanted.put(p, null));
            return wanted;
        });
        Path java = root.resolve(arch.jvmHome()).resolve("bin/java");
        if (!Files.isRegularFile(java)) {
            throw new ForgelineException(ExitCode.TOOLCHAIN_MISSING, "the " + arch + " JVM has no " + java,
                    "delete " + dir + " so it is fetched again");
        }
        keepHostLibrariesOut(root, arch);
        return new QemuJvm(arch, qemu, Optional.of(root), java, Optional.empty(), record.packages());
    }

    /**
     * QEMU's {@code -L} tries a path inside the root and, if nothing is there, the same path on the host.
     * For the host's own architecture that lets host libraries in: the loader looks in
     * /lib/&lt;multiarch&gt; before /usr/lib/&lt;multiarch&gt;, an older Debian's packages put some libraries only
     * in the latter, and this machine (merged /usr) has them in both, newer. So every library of either
     * directory is made reachable from the other inside the root, and the root gets an empty
     * /etc/ld.so.cache (the loader ignores it) instead of reading the host's.
     */
    private static void keepHostLibrariesOut(Path root, DebianArch arch) {
        Path lib = root.resolve("lib").resolve(arch.gnuTriple());
        Path usrLib = root.resolve("usr/lib").resolve(arch.gnuTriple());
        Path cache = root.resolve("etc/ld.so.cache");
        try {
            linkMissing(lib, usrLib);
            linkMissing(usrLib, lib);
            if (!Files.exists(cache, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(cache.getParent());
                Files.createFile(cache);
            }
        } catch (IOException e) {
            throw new ForgelineException(ExitCode.TOOLCHAIN_MISSING, "cannot prepare " + root + ": " + e.getMessage(),
                    "check that " + root + " is writable, or delete it so it is unpacked again", e);
        }
    }

    /** Symlinks into {@code into} every file of {@code from} that {@code into} lacks. */
    private static void linkMissing(Path from, Path into) throws IOException {
        if (!Files.isDirectory(from) || Files.isSymbolicLink(from) || Files.isSymbolicLink(into)) {
            return;
        }
        Files.createDirectories(into);
        try (java.util.stream.Stream<Path> files = Files.list(from)) {
            for (Path file : files.filter(f -> !Files.isDirectory(f)).toList()) {
                Path link = into.resolve(file.getFileName().toString());
                if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createSymbolicLink(link, into.relativize(file));
                }
            }
        }
    }

    /** The same JVM on an emulated CPU model, e.g. "qemu64" (baseline x86-64: SSE2, no SSE4 or AVX). */
    public QemuJvm onCpu(String cpuModel) {
        return new QemuJvm(arch, qemu, root, java, Optional.of(cpuModel), packages);
    }

    /** Whether {@link #provision} would reuse an unpacked JVM (no download needed). */
    public static boolean isProvisioned(DebianArch arch, Path toolchainsDir, Optional<OlderDebian> release) {
        return ProvisionedRoot.existing(jvmDir(arch, toolchainsDir, release).resolve("root"), jvmKey(arch)).isPresent();
    }

    private static String jvmKey(DebianArch arch) {
        return arch.dpkgName() + " " + JVM_PACKAGES;
    }

    /** Whether the emulator for {@code arch} is installed. */
    public static boolean emulatorInstalled(DebianArch arch) {
        return Commands.onPath(arch.qemuCommand()).isPresent();
    }

    /**
     * This machine's own JVM ({@code javaHome}/bin/java, an x86-64 one) under
     * {@code qemu-x86_64-static -cpu cpuModel}, e.g. "qemu64" (baseline x86-64: SSE2, no SSE4 or AVX)
     * or "Nehalem".
     */
    public static QemuJvm hostUnderCpu(Path javaHome, String cpuModel) {
        Path qemu = emulator(DebianArch.AMD64);
        return new QemuJvm(DebianArch.AMD64, qemu, Optional.empty(), javaHome.resolve("bin/java"), Optional.of(cpuModel), List.of());
    }

    private static Path emulator(DebianArch arch) {
        return Commands.onPath(arch.qemuCommand()).orElseThrow(() -> new ForgelineException(ExitCode.TOOLCHAIN_MISSING,
                arch.qemuCommand() + " is not installed: " + arch + " code cannot be run on this machine",
                "install with: apt-get install -y " + QEMU_PACKAGE));
    }

    public DebianArch arch() {
        return arch;
    }

    /** The unpacked root (the emulator's -L), empty for the host JVM. */
    public Optional<Path> root() {
        return root;
    }

    public Path java() {
        return java;
    }

    /** The .debs the root was made from, with their SHA-256 (empty for the host JVM). */
    public List<PackageVersion> packages() {
        return packages;
    }

    /** The full command line that runs {@code java javaArgs...} under the emulator. */
    public List<String> command(List<String> javaArgs) {
        List<String> command = new ArrayList<>();
        command.add(qemu.toString());
        cpu.ifPresent(c -> {
            command.add("-cpu");
            command.add(c);
        });
        root.ifPresent(r -> {
            command.add("-L");
            command.add(r.toString());
        });
        command.add(java.toString());
        command.addAll(javaArgs);
        return command;
    }

    /**
     * Runs {@code java javaArgs...} under the emulator in {@code workDir}, its output to {@code log},
     * killed after {@code timeout} (exit code 124 then).
     */
    public ProcessRunner.Result run(List<String> javaArgs, Path workDir, Path log, Duration timeout) {
        return Commands.run(command(javaArgs), Map.of(), workDir, log, timeout);
    }

    @Override
    public String toString() {
        return String.join(" ", command(List.of()));
    }
}
