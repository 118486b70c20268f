package dev.forgeline.release.cross;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.io.ProcessRunner;
import dev.forgeline.release.platform.GlibcVersion;
import dev.forgeline.release.io.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The part of glibc's source tree that says which symbols each glibc version exported: every
 * architecture's {@code *.abilist} files and the {@code Versions} files. Debian ships the whole source
 * as the {@code glibc-source} package (one tarball, about 20 MB); it is fetched by an {@link AptSandbox},
 * and only those files are unpacked, once, into {@code <toolchains>/glibc-source/abi/}.
 */
public final class GlibcSourceTree {
    private static final Object LOCK = new Object();
    private static final String PACKAGE = "glibc-source";

    /** The unpacked tree (the directory holding {@code sysdeps/}) and the package it came from. */
    public record Provisioned(Path sourceTree, PackageVersion glibcSource) {
        /** The upstream glibc version the ABI lists describe: 2.36 for Debian's {@code 2.36-9+deb12u14}. */
        public GlibcVersion glibcVersion() {
            return GlibcVersion.parse(glibcSource.version().replaceFirst("^\\d+:", "").split("-")[0]);
        }
    }

    private GlibcSourceTree() {}

    /** Whether {@link #ensure} would reuse ABI lists already unpacked (no download needed). */
    public static boolean isProvisioned(Path toolchainsDir) {
        Path base = toolchainsDir.toAbsolutePath().normalize().resolve(PACKAGE);
        try (Stream<Path> dirs = Files.exists(base) ? Files.list(base) : Stream.empty()) {
            return ProvisionedRoot.read(base.resolve("root")).isPresent()
                    && dirs.anyMatch(d -> d.getFileName().toString().startsWith("abi-") && !d.getFileName().toString().endsWith(".tmp"));
        } catch (IOException e) {
            return false;
        }
    }

    public static Provisioned ensure(Path toolchainsDir) {
        synchronized (LOCK) {
            Path base = toolchainsDir.toAbsolutePath().normalize().resolve(PACKAGE);
            Path root = base.resolve("root");
            // glibc-source is an "all" package: any architecture's sandbox fetches it; the host's needs no foreign lists.
            DebianArch sandboxArch = Commands.hostDpkgArch().flatMap(DebianArch::byDpkgName).orElse(DebianArch.AMD64);
            Map<String, String> wanted = new LinkedHashMap<>();
            wanted.put(PACKAGE, null);
            ProvisionedRoot.Record record = ProvisionedRoot.ensure(root, PACKAGE, AptSandbox.forArch(toolchainsDir, sandboxArch),
                    "all", DebianCrossToolchain.LISTS_MAX_AGE, () -> wanted);
            PackageVersion version = record.packages().get(0);
            Path abi = base.resolve("abi-" + version.version().replace(':', '_'));
            try {
                if (!Files.isDirectory(abi)) {
                    unpackAbiFiles(root, abi, base.resolve("logs"));
                }
                try (Stream<Path> dirs = Files.list(abi)) {
                    Path tree = dirs.filter(d -> Files.isDirectory(d.resolve("sysdeps"))).findFirst()
                            .orElseThrow(() -> new IOException("no glibc-*/sysdeps in " + abi));
                    return new Provisioned(tree, version);
                }
            } catch (IOException | InterruptedException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new ForgelineException(ExitCode.TOOLCHAIN_MISSING, "cannot unpack glibc's ABI lists from "
                        + root + ": " + e.getMessage(), "delete " + base + " so it is fetched again", e);
            }
        }
    }

    private static void unpackAbiFiles(Path root, Path abi, Path logDir) throws IOException, InterruptedException {
        Path tarball;
        try (Stream<Path> files = Files.list(root.resolve("usr/src/glibc"))) {
            tarball = files.filter(f -> f.getFileName().toString().matches("glibc-.*\\.tar\\.(xz|gz|bz2)")).findFirst()
                    .orElseThrow(() -> new IOException("no glibc-*.tar.* in " + root.resolve("usr/src/glibc")));
        }
        Path tmp = abi.resolveSibling(abi.getFileName() + ".tmp");
        FileTrees.deleteTree(tmp);
        Files.createDirectories(tmp);
        Files.createDirectories(logDir);
        ProcessRunner.Result r = ProcessRunner.run(List.of("tar", "-xaf", tarball.toString(), "--wildcards",
                "*.abilist", "*/Versions"), tmp, Map.of(), logDir.resolve("unpack.log"), Duration.ofMinutes(5));
        if (r.exitCode() != 0) {
            throw new IOException("tar failed (exit code " + r.exitCode() + "): " + r.tail(5));
        }
        Files.move(tmp, abi, StandardCopyOption.ATOMIC_MOVE);
    }
}
