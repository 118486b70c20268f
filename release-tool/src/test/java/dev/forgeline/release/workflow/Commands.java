package dev.forgeline.release.workflow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Host commands the runner needs (mmdebstrap, unshare, git, cp, chown), their output kept in a log file. */
final class Commands {
    /** What one command (a workflow step) may take before it is killed: GitHub's default is 6 hours, this test's far less. */
    static final java.time.Duration STEP_TIMEOUT = java.time.Duration.ofMinutes(20);

    private Commands() {}

    record Result(int exitCode, Path log) {
        /** The last {@code lines} lines of the output. */
        String tail(int lines) {
            try {
                List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
                return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
            } catch (IOException e) {
                return "(no output: " + e.getMessage() + ")";
            }
        }
    }

    /**
     * Runs {@code command} in {@code dir} with exactly {@code environment} when {@code cleanEnvironment} is non-null
     * (nothing of this JVM's environment leaks into a job), else with this JVM's environment; stdout and stderr go to
     * {@code log}.
     */
    static Result run(List<String> command, Path dir, Map<String, String> environment, Path log) throws IOException, InterruptedException {
        return run(command, dir, environment, log, false);
    }

    static Result runClean(List<String> command, Path dir, Map<String, String> environment, Path log)
            throws IOException, InterruptedException {
        return run(command, dir, environment, log, true);
    }

    private static Result run(List<String> command, Path dir, Map<String, String> environment, Path log, boolean clean)
            throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        if (clean) {
            builder.environment().clear();
        }
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(STEP_TIMEOUT.toMinutes(), java.util.concurrent.TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            Files.writeString(log, "\n[killed after " + STEP_TIMEOUT.toMinutes() + " minutes]\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
            return new Result(124, log);
        }
        return new Result(process.exitValue(), log);
    }

    /** Runs a host command that must succeed; its output is in the exception when it does not. */
    static void check(List<String> command, Path dir, Path log) throws IOException, InterruptedException {
        Result result = run(command, dir, Map.of(), log);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + result.exitCode() + "):\n"
                    + result.tail(30));
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
