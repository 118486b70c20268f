package dev.forgeline.release.cross;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.io.ProcessRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Running the system tools provisioning needs (apt-get, dpkg, dpkg-query) with a time limit. */
final class Commands {
    private Commands() {}

    /** Runs {@code command}, output (both streams) to {@code log}; a tool not on PATH is a TOOLCHAIN_MISSING error. */
    static ProcessRunner.Result run(List<String> command, Map<String, String> env, Path workDir, Path log, Duration timeout) {
        try {
            Files.createDirectories(workDir);
            return ProcessRunner.run(command, workDir, env, log, timeout);
        } catch (ProcessRunner.ToolNotFoundException e) {
            throw new ForgelineException(ExitCode.TOOLCHAIN_MISSING, command.get(0) + " is not installed (not found on PATH)",
                    "run forgeline on Debian or Ubuntu, where " + command.get(0) + " is part of the base system", e);
        } catch (IOException e) {
            throw new ForgelineException(ExitCode.INTERNAL, "cannot run " + String.join(" ", command) + ": " + e.getMessage(), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ForgelineException(ExitCode.INTERNAL, "interrupted while running " + command.get(0), null, e);
        }
    }

    /** The trimmed output of a short query, or empty when it fails or the tool is missing. */
    static Optional<String> query(List<String> command) {
        return query(command, Map.of());
    }

    static Optional<String> query(List<String> command, Map<String, String> env) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            process.getErrorStream().transferTo(java.io.OutputStream.nullOutputStream());
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            return process.exitValue() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The installed version of a Debian package (name or name:arch), or empty when it is not installed. */
    static Optional<String> installedVersion(String debianPackage) {
        return query(List.of("dpkg-query", "-W", "-f=${db:Status-Abbrev}|${Version}", debianPackage))
                .filter(s -> s.startsWith("ii"))
                .map(s -> s.substring(s.indexOf('|') + 1));
    }

    /** The executable {@code name} on PATH (or an absolute path as given), if it exists. */
    static Optional<Path> onPath(String name) {
        return ProcessRunner.onPath(name);
    }

    /** This machine's dpkg architecture (amd64, arm64, ...), or empty where there is no dpkg. */
    static Optional<String> hostDpkgArch() {
        return query(List.of("dpkg", "--print-architecture"));
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static boolean isDebian() {
        return Files.isRegularFile(Path.of("/etc/debian_version")) && onPath("apt-get").isPresent();
    }
}
