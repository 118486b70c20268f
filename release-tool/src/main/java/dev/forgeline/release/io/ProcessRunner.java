package dev.forgeline.release.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external tool with its output captured to a log file, so a failure can show the tail of
 * what the tool said without flooding the console. Only command names and paths reach argv: never
 * secrets (those go through the environment).
 */
public final class ProcessRunner {

    /** What a finished process left behind. */
    public record Result(int exitCode, String output) {
        /** The last {@code lines} lines of the output, for error messages. */
        public String tail(int lines) {
            String[] all = output.split("\n");
            int from = Math.max(0, all.length - lines);
            return String.join("\n", java.util.Arrays.copyOfRange(all, from, all.length));
        }
    }

    /** The executable is not on PATH. */
    public static final class ToolNotFoundException extends IOException {
        public ToolNotFoundException(String tool, Throwable cause) {
            super(tool + " not found on PATH", cause);
        }
    }

    private ProcessRunner() {}

    public static Result run(List<String> command, Path workDir, Map<String, String> env, Path log)
            throws IOException, InterruptedException {
        return run(command, workDir, env, log, null);
    }

    /**
     * As {@link #run(List, Path, Map, Path)}, killing the process and its children after {@code timeout}
     * (null: no limit); a killed run ends with exit code 124, as timeout(1) does.
     */
    public static Result run(List<String> command, Path workDir, Map<String, String> env, Path log, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Files.createDirectories(log.getParent());
        builder.redirectOutput(log.toFile());
        Process process = start(builder);
        int exit;
        try {
            if (timeout != null && !process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(process);
                return new Result(124, Files.readString(log, StandardCharsets.UTF_8)
                        + "\n[forgeline: killed after " + timeout.toSeconds() + " s]");
            }
            exit = process.waitFor();
        } catch (InterruptedException e) {
            // A cancelled job (another target failed) must not leave its compiler writing into a workspace that its
            // caller is about to delete: the process and its children end before this returns.
            stop(process);
            throw e;
        }
        return new Result(exit, Files.readString(log, StandardCharsets.UTF_8));
    }

    /**
     * Kills {@code process} and its children and waits until they have ended (the children for up to
     * {@value #CHILDREN_END_SECONDS} s each), even when this thread is interrupted.
     */
    private static void stop(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        boolean interrupted = false;
        while (true) {
            try {
                process.waitFor();
                break;
            } catch (InterruptedException again) {
                interrupted = true;
            }
        }
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(CHILDREN_END_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException again) {
                interrupted = true;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // Killed and not yet reaped by init: nothing more this process can do about it.
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static final int CHILDREN_END_SECONDS = 10;

    /**
     * The environment every child process starts from (ProcessBuilder inherits it; {@code env} maps add to it). Read
     * once, here, so no other class reads the process environment.
     */
    private static final Map<String, String> INHERITED = System.getenv();

    /** The executable {@code name} on the PATH child processes inherit (or an absolute path as given), if it exists. */
    public static java.util.Optional<Path> onPath(String name) {
        return onPath(name, Map.of());
    }

    /** The executable {@code name} on the PATH of a child started with {@code env}, if it exists. */
    public static java.util.Optional<Path> onPath(String name, Map<String, String> env) {
        if (name.contains("/")) {
            return Files.isExecutable(Path.of(name)) ? java.util.Optional.of(Path.of(name)) : java.util.Optional.empty();
        }
        String path = env.getOrDefault("PATH", INHERITED.getOrDefault("PATH", "/usr/bin:/bin"));
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate)) {
                return java.util.Optional.of(candidate);
            }
        }
        return java.util.Optional.empty();
    }

    /** Runs a short query such as {@code cargo --version} and returns its trimmed output, or throws. */
    public static String query(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = start(builder);
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ": " + out);
        }
        return out;
    }

    /** Starts the process with no standard input; a missing executable becomes {@link ToolNotFoundException}. */
    private static Process start(ProcessBuilder builder) throws IOException {
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ToolNotFoundException(builder.command().get(0), e);
        }
        process.getOutputStream().close();
        return process;
    }
}
