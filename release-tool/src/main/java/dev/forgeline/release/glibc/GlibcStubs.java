package dev.forgeline.release.glibc;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.io.ProcessRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link StubPlan} into a directory a linker can search: one stub shared object per glibc
 * library (soname, versions and symbols as in glibc at the floor), an archive of the {@code stat}
 * wrappers, and for each {@code -l<name>} a link script {@code lib<name>.so} pointing at them. This is
 * how zig links for old glibc; here the target's own C compiler and archiver do the work.
 */
public final class GlibcStubs {
    private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(2);

    private GlibcStubs() {}

    /**
     * A directory of stubs for one glibc version, and the rustc flags that link against it: the
     * directory is searched before the toolchain's own libraries, and {@code -z defs} turns a symbol
     * the floor lacks into a link error rather than a library that fails to load there.
     */
    public record LinkFloor(StubPlan plan, Path directory) {
        public List<String> rustflags() {
            return List.of("-L", "native=" + directory, "-C", "link-arg=-Wl,-z,defs");
        }
    }

    /**
     * @param cCompiler the target's C compiler driver ({@code cc}, {@code aarch64-linux-gnu-gcc})
     * @param archiver the target's {@code ar}
     */
    public static LinkFloor build(StubPlan plan, String cCompiler, String archiver, Path directory)
            throws IOException, InterruptedException {
        // The tools run in the directory, and the link scripts name files by absolute path.
        directory = directory.toAbsolutePath().normalize();
        Files.createDirectories(directory);
        Path logDir = directory.resolve("logs");
        Path sources = Files.createDirectories(directory.resolve("src"));
        Path wrappers = null;
        if (!plan.wrappers().isEmpty()) {
            Path c = write(sources.resolve("stat-wrappers.c"), StubSources.statWrappers(plan));
            Path object = sources.resolve("stat-wrappers.o");
            run(List.of(cCompiler, "-c", "-O2", "-fPIC", "-fno-builtin", "-ffunction-sections", "-o", object.toString(),
                    c.toString()), directory, logDir, "stat wrappers");
            wrappers = directory.resolve("libforgeline_stat_wrappers.a");
            Files.deleteIfExists(wrappers);
            run(List.of(archiver, "rcsD", wrappers.toString(), object.toString()), directory, logDir, "stat wrappers archive");
        }
        Path loader = null;
        for (GlibcLibrary library : plan.libraries()) {
            Path sharedObject = directory.resolve(library.soname());
            Path assembly = write(sources.resolve(library.soname() + ".s"), StubSources.assembly(library, plan));
            List<String> command = new ArrayList<>(List.of(cCompiler, "-shared", "-nostdlib", "-o", sharedObject.toString(),
                    "-Wl,-soname," + library.soname()));
            if (!plan.symbolsBySoname().get(library.soname()).isEmpty()) {
                Path script = write(sources.resolve(library.soname() + ".map"), StubSources.versionScript(library, plan));
                command.add("-Wl,--version-script=" + script);
            }
            command.add(assembly.toString());
            run(command, directory, logDir, library.soname());
            if (library.linkName() == null) {
                loader = sharedObject;
            }
        }
        for (GlibcLibrary library : plan.libraries()) {
            if (library.linkName() != null) {
                boolean libc = library.linkName().equals("c");
                write(directory.resolve("lib" + library.linkName() + ".so"), StubSources.linkScript(
                        directory.resolve(library.soname()), libc ? wrappers : null, libc ? loader : null));
            }
        }
        return new LinkFloor(plan, directory);
    }

    private static Path write(Path file, String text) throws IOException {
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static void run(List<String> command, Path workDir, Path logDir, String what)
            throws IOException, InterruptedException {
        Files.createDirectories(logDir);
        Path log = logDir.resolve("glibc-stub-" + what.replace(' ', '-') + ".log");
        ProcessRunner.Result result;
        try {
            result = ProcessRunner.run(command, workDir, Map.of(), log, TOOL_TIMEOUT);
        } catch (ProcessRunner.ToolNotFoundException e) {
            throw new ForgelineException(ExitCode.TOOLCHAIN_MISSING, command.get(0) + " is not installed: it builds the "
                    + "glibc stubs of the target", "install the target's gcc and binutils (forgeline doctor --install)", e);
        }
        if (result.exitCode() != 0) {
            throw new ForgelineException(ExitCode.BUILD_FAILED, "building the glibc stub of " + what + " failed (exit code "
                    + result.exitCode() + "):\n" + result.tail(10), "the full output is in " + log, null);
        }
    }
}
