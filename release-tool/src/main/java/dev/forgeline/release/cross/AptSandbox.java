package dev.forgeline.release.cross;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.io.ProcessRunner;
import dev.forgeline.release.common.Checksums;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Fetches Debian packages of a foreign architecture without touching the system: a throwaway APT
 * configuration ({@code APT_CONFIG}) whose {@code APT::Architectures} adds the foreign one and
 * whose package lists and cache live in a project-local directory; {@code apt-get download} into
 * that directory, and {@code dpkg -x} into a root of our choosing. The system's dpkg architectures
 * and package state stay as they are (its sources lists are read, never written).
 */
public final class AptSandbox {
    private static final Map<Path, Object> LOCKS = new ConcurrentHashMap<>();
    private static final Duration APT_TIMEOUT = Duration.ofMinutes(15);

    /** A downloaded .deb: what it is and its SHA-256 (recorded for provenance). */
    public record DebPackage(String name, String arch, String version, Path file, String sha256) {
        /** {@code name:arch=version}, as apt-get takes it. */
        public String spec() {
            return name + ":" + arch + "=" + version;
        }
    }

    private final Path dir;
    private final DebianArch arch;
    private final String hostArch;
    private final OlderDebian suite;

    private AptSandbox(Path dir, DebianArch arch, String hostArch, OlderDebian suite) {
        this.dir = dir.toAbsolutePath().normalize();
        this.arch = arch;
        this.hostArch = hostArch;
        this.suite = suite;
    }

    /** The sandbox for {@code arch} under {@code toolchainsDir}/apt/&lt;arch&gt;, with the system's APT sources. */
    public static AptSandbox forArch(Path toolchainsDir, DebianArch arch) {
        return new AptSandbox(toolchainsDir.resolve("apt").resolve(arch.dpkgName()), arch, hostArch(arch), null);
    }

    /**
     * The sandbox for {@code arch} of an older Debian release, under {@code toolchainsDir}/apt/&lt;suite&gt;-&lt;arch&gt;:
     * its own sources list names only that suite on the Debian mirror, so the system's sources play no part.
     */
    public static AptSandbox forOlderDebian(Path toolchainsDir, DebianArch arch, OlderDebian suite) {
        return new AptSandbox(toolchainsDir.resolve("apt").resolve(suite.suite() + "-" + arch.dpkgName()), arch,
                hostArch(arch), suite);
    }

    private static String hostArch(DebianArch arch) {
        return Commands.hostDpkgArch().orElseThrow(() -> new ForgelineException(
                ExitCode.TOOLCHAIN_MISSING, "dpkg is not available: cannot fetch Debian packages for " + arch,
                "provision cross toolchains on Debian or Ubuntu, or build " + arch + " targets on a native runner"));
    }

    public Path directory() {
        return dir;
    }

    public DebianArch arch() {
        return arch;
    }

    private Object lock() {
        return LOCKS.computeIfAbsent(dir, k -> new Object());
    }

    /** Writes the APT configuration (idempotently) and returns the environment that selects it. */
    Map<String, String> environment() {
        Path config = dir.resolve("apt.conf");
        String archs = hostArch.equals(arch.dpkgName()) ? "\"" + hostArch + "\";" : "\"" + hostArch + "\"; \"" + arch.dpkgName() + "\";";
        String text = "// Written by forgeline: a throwaway APT configuration for fetching " + arch + " packages.\n"
                + "APT::Architectures { " + archs + " };\n"
                + "Dir::State::Lists \"" + dir.resolve("lists") + "\";\n"
                + "Dir::Cache \"" + dir.resolve("cache") + "\";\n"
                + "Dir::Cache::pkgcache \"\";\n"
                + "Dir::Cache::srcpkgcache \"\";\n"
                + (Commands.isRoot() ? "APT::Sandbox::User \"root\";\n" : "")
                // An older release's sandbox also has an empty dpkg status: what this machine has installed (newer
                // versions of the same packages) must not become APT's candidate.
                + (suite == null ? "" : "Dir::Etc::SourceList \"" + dir.resolve("sources.list") + "\";\n"
                        + "Dir::Etc::SourceParts \"" + dir.resolve("sources.list.d") + "\";\n"
                        + "Dir::State::status \"" + dir.resolve("dpkg-status") + "\";\n");
        try {
            Files.createDirectories(dir.resolve("lists/partial"));
            Files.createDirectories(dir.resolve("cache/archives/partial"));
            if (suite != null) {
                if (!Files.isRegularFile(Path.of(OlderDebian.KEYRING))) {
                    throw new ForgelineException(ExitCode.TOOLCHAIN_MISSING, "Debian's archive keyring " + OlderDebian.KEYRING
                            + " is missing: " + suite + " packages cannot be verified",
                            "install it with: apt-get install -y debian-archive-keyring");
                }
                Files.createDirectories(dir.resolve("sources.list.d"));
                if (!Files.exists(dir.resolve("dpkg-status"))) {
                    Files.createFile(dir.resolve("dpkg-status"));
                }
                String sources = "deb [signed-by=" + OlderDebian.KEYRING + "] " + suite.mirror() + " " + suite.suite()
                        + " main\n";
                Path list = dir.resolve("sources.list");
                if (!Files.exists(list) || !Files.readString(list, StandardCharsets.UTF_8).equals(sources)) {
                    Files.writeString(list, sources, StandardCharsets.UTF_8);
                    // Lists fetched from another mirror must not count as fresh.
                    Files.deleteIfExists(dir.resolve("lists/.forgeline-updated"));
                }
            }
            if (!Files.exists(config) || !Files.readString(config, StandardCharsets.UTF_8).equals(text)) {
                Files.writeString(config, text, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("APT_CONFIG", config.toString(), "DEBIAN_FRONTEND", "noninteractive", "LC_ALL", "C");
    }

    /**
     * Refreshes the sandbox's package lists unless they were refreshed less than {@code maxAge} ago.
     * Index files that fail to download (a mirror mid-sync) are tolerated as long as the foreign
     * architecture has some list; what failed is kept in {@code update.log}.
     */
    public void update(Duration maxAge) {
        synchronized (lock()) {
            Map<String, String> env = environment();
            Path stamp = dir.resolve("lists/.forgeline-updated");
            try {
                if (Files.exists(stamp) && Files.getLastModifiedTime(stamp).toInstant().isAfter(Instant.now().minus(maxAge))) {
                    return;
                }
                Path log = dir.resolve("update.log");
                ProcessRunner.Result result = Commands.run(List.of("apt-get", "update"), env, dir, log, APT_TIMEOUT);
                if (!hasListsFor(arch.dpkgName())) {
                    throw new ForgelineException(ExitCode.TOOLCHAIN_MISSING,
                            "apt-get update found no package lists for " + arch + (suite == null ? "" : " of " + suite)
                                    + " (exit code " + result.exitCode() + "):\n" + result.tail(15),
                            (suite == null ? "check the network and /etc/apt/sources.list"
                                    : "check the network; FORGELINE_DEBIAN_MIRROR sets the mirror (now " + suite.mirror()
                                            + "), and smoke.olderGlibc: false in release.yaml turns the " + suite.label() + " run off")
                                    + "; the full output is in " + log);
                }
                Files.writeString(stamp, Instant.now().toString());
                Files.setLastModifiedTime(stamp, FileTime.from(Instant.now()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Index files that failed in the last update (e.g. "bookworm-security/main ppc64el Packages"). */
    public List<String> failedIndexes() {
        Path log = dir.resolve("update.log");
        if (!Files.exists(log)) {
            return List.of();
        }
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(l -> l.startsWith("Err:")).map(l -> l.replaceFirst("^Err:\\d+\\s+", "")).distinct().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private boolean hasListsFor(String dpkgArch) throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("lists"))) {
            return files.anyMatch(f -> f.getFileName().toString().contains("_binary-" + dpkgArch + "_Packages"));
        }
    }

    /** Every version of {@code name} for the foreign architecture the lists know, newest first. */
    public List<String> availableVersions(String name) {
        return availableVersions(name, arch.dpkgName());
    }

    /** Every version of {@code name:dpkgArch} the lists know (the foreign or the host architecture), newest first. */
    public List<String> availableVersions(String name, String dpkgArch) {
        Map<String, String> env = environment();
        Path log = dir.resolve("logs/madison-" + name + "-" + dpkgArch + ".log");
        ProcessRunner.Result result = Commands.run(List.of("apt-cache", "madison", name + ":" + dpkgArch), env, dir, log,
                Duration.ofMinutes(2));
        List<String> versions = new ArrayList<>();
        for (String line : result.output().split("\n")) {
            String[] parts = line.split("\\|");
            String listed = parts[0].trim();
            if (parts.length >= 3 && (listed.equals(name) || listed.equals(name + ":" + dpkgArch))) {
                String v = parts[1].trim();
                if (!versions.contains(v)) {
                    versions.add(v);
                }
            }
        }
        return versions;
    }

    /** The Depends field of {@code name:dpkgArch} at {@code version}, or empty. */
    public String depends(String name, String dpkgArch, String version) {
        Map<String, String> env = environment();
        Path log = dir.resolve("logs/show-" + name + "-" + dpkgArch + ".log");
        ProcessRunner.Result result = Commands.run(List.of("apt-cache", "show", name + ":" + dpkgArch + "=" + version), env, dir, log,
                Duration.ofMinutes(2));
        for (String line : result.output().split("\n")) {
            if (line.startsWith("Depends:")) {
                return line.substring("Depends:".length()).trim();
            }
        }
        return "";
    }

    /** The version {@code apt-get download name:arch} would fetch, if any. */
    public Optional<String> candidateVersion(String name) {
        return candidateVersion(name, arch.dpkgName());
    }

    Optional<String> candidateVersion(String name, String dpkgArch) {
        Map<String, String> env = environment();
        Path log = dir.resolve("logs/policy-" + name + "-" + dpkgArch + ".log");
        ProcessRunner.Result result = Commands.run(List.of("apt-cache", "policy", name + ":" + dpkgArch), env, dir, log,
                Duration.ofMinutes(2));
        for (String line : result.output().split("\n")) {
            String t = line.trim();
            if (t.startsWith("Candidate:")) {
                String v = t.substring("Candidate:".length()).trim();
                return v.equals("(none)") || v.isEmpty() ? Optional.empty() : Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /**
     * Downloads {@code name}s at the given versions (or the candidate version where the version is
     * null) into {@code debs/}, reusing a .deb already there.
     */
    public List<DebPackage> download(Map<String, String> versionsByName) {
        return download(versionsByName, arch.dpkgName());
    }

    /** As {@link #download(Map)}, for packages of {@code dpkgArch} (the foreign or the host architecture). */
    public List<DebPackage> download(Map<String, String> versionsByName, String dpkgArch) {
        synchronized (lock()) {
            Map<String, String> env = environment();
            Path debs = dir.resolve("debs");
            List<DebPackage> result = new ArrayList<>();
            for (Map.Entry<String, String> want : versionsByName.entrySet()) {
                String name = want.getKey();
                String version = want.getValue() != null ? want.getValue() : candidateVersion(name, dpkgArch).orElseThrow(() ->
                        new ForgelineException(ExitCode.TOOLCHAIN_MISSING,
                                "no " + dpkgArch + " version of " + name + " is known to APT", "check " + dir.resolve("update.log")));
                Path file = debs.resolve(name + "_" + version.replace(":", "%3a") + "_" + dpkgArch + ".deb");
                if (!Files.isRegularFile(file)) {
                    Path log = dir.resolve("logs/download-" + name + ".log");
                    String spec = name + ":" + dpkgArch + "=" + version;
                    ProcessRunner.Result r = Commands.run(List.of("apt-get", "download", spec), env, debs, log, APT_TIMEOUT);
                    if (r.exitCode() != 0 || !Files.isRegularFile(file)) {
                        List<String> available = availableVersions(name, dpkgArch);
                        throw new ForgelineException(ExitCode.TOOLCHAIN_MISSING,
                                "apt-get download " + spec + " failed (exit code " + r.exitCode() + "):\n" + r.tail(8),
                                available.isEmpty() ? "no " + dpkgArch + " version of " + name + " is available from the configured APT sources"
                                        : "available " + dpkgArch + " versions of " + name + ": " + String.join(", ", available));
                    }
                }
                try {
                    result.add(new DebPackage(name, dpkgArch, version, file, Checksums.sha256(file)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return result;
        }
    }

    /** Unpacks a .deb's files into {@code root} with {@code dpkg -x} (no maintainer scripts run, nothing registered). */
    public static void extract(DebPackage deb, Path root, Path logDir) {
        Path log = logDir.resolve("extract-" + deb.name() + ".log");
        ProcessRunner.Result r = Commands.run(List.of("dpkg", "-x", deb.file().toString(), root.toString()), Map.of(), root, log,
                Duration.ofMinutes(10));
        if (r.exitCode() != 0) {
            throw new ForgelineException(ExitCode.TOOLCHAIN_MISSING, "dpkg -x " + deb.file() + " failed:\n" + r.tail(8),
                    "delete " + deb.file() + " so it is downloaded again");
        }
    }
}
