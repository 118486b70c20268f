package dev.forgeline.release.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The forgeline CLI as a child JVM (the test's class path), with an environment of the test's choosing: for what an
 * in-process run cannot show (credentials from the environment, a {@code kill -9} in the middle). Its standard output
 * and error go to files next to each other.
 */
public final class ForgelineProcess {
    private final Process process;
    private final Path out;
    private final Path err;

    private ForgelineProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts {@code forgeline args...} in {@code workDir}, with {@code env} added to this JVM's environment. */
    public static ForgelineProcess start(Path workDir, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.forgeline.release.cli.ForgelineCli"));
        command.addAll(List.of(args));
        Files.createDirectories(workDir);
        Path out = Files.createTempFile(workDir, "forgeline-", ".out");
        Path err = out.resolveSibling(out.getFileName().toString().replace(".out", ".err"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        return new ForgelineProcess(process, out, err);
    }

    /** Runs it to the end (at most 5 minutes). */
    public static CliRun run(Path workDir, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        return start(workDir, env, args).await();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** {@code kill -9}: no shutdown hook, no finally block runs. */
    public void kill9() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-9", Long.toString(process.pid())).inheritIO().start().waitFor();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public CliRun await() throws IOException, InterruptedException {
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("forgeline did not finish in 5 minutes: " + Files.readString(err));
        }
        return new CliRun(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
