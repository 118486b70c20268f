package dev.forgeline.release.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.testing.TestProjects;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class-data archive ({@code ./forgeline}, docs/cli.md "Start-up"), run for real on a tool jar made from
 * this build's classes and handed to it as {@code FORGELINE_TOOL_JAR}: a command's first successful run records the
 * classes it loaded and the archive is made from them by a JVM of its own, later runs load their classes from it, and
 * an archive that is stale, truncated or not an archive at all never changes what a command prints or its exit code.
 */
class LauncherClassArchiveTest {
    @TempDir
    static Path tool;
    static Path jar;

    /** release-tool.jar (this build's classes, the main class and a Class-Path naming lib/) and lib/ (the jars). */
    @BeforeAll
    static void toolJar() throws IOException {
        Path classes = Path.of(ForgelineCli.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        Path lib = Files.createDirectories(tool.resolve("lib"));
        List<String> classPath = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (p.equals(classes) || !Files.exists(p)) {
                continue;
            }
            // A directory of classes (a module of the reactor not packaged yet) goes in as a jar: the JVM archives no
            // class of a class path with a non-empty directory in it.
            Path copy = lib.resolve(n++ + "-" + p.getFileName() + (Files.isDirectory(p) ? ".jar" : ""));
            if (Files.isDirectory(p)) {
                jar(p, copy, new Manifest());
            } else {
                Files.copy(p, copy);
            }
            classPath.add("lib/" + copy.getFileName());
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, ForgelineCli.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
        jar = tool.resolve("release-tool.jar");
        jar(classes, jar, manifest);
    }

    private static void jar(Path classes, Path jar, Manifest manifest) throws IOException {
        if (manifest.getMainAttributes().isEmpty()) {
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
    }

    /** Each test starts with no archive and no recorded class list. */
    @BeforeEach
    void noArchive() throws IOException {
        try (Stream<Path> files = Files.walk(tool)) {
            for (Path p : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())
                    .filter(f -> f.toString().contains(".jsa") || f.toString().contains("release-tool.classes"))::iterator) {
                Files.delete(p);
            }
        }
    }

    @Test
    void firstRun_recordsItsClassesAndMakesTheArchive_andTheNextRunLoadsItsClassesFromIt() throws Exception {
        Run first = forgeline(Map.of(), "--version");
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(Files.readString(list("cli")).contains("dev/forgeline/release/cli/ForgelineCli"), "recorded");
        assertTrue(Files.isRegularFile(archive()), "made after the first run");
        assertEquals(Long.toString(Files.size(archive())), Files.readString(sizeFile()).trim());
        Run second = forgeline(Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + classLoadLog()), "--version");
        assertEquals(0, second.exitCode(), second.err());
        assertEquals(first.out(), second.out(), "the archive changes nothing a command prints");
        assertTrue(loadedFromArchive(), "the CLI's classes come from the archive");
        assertClean(second);
    }

    @Test
    void anotherCommand_isRecordedToo_andTheArchiveHoldsTheClassesOfBoth() throws Exception {
        assertEquals(0, forgeline(Map.of(), "--version").exitCode());
        Run plan = forgeline(Map.of(), "plan", "--help");
        assertEquals(0, plan.exitCode(), plan.err());
        assertTrue(Files.isRegularFile(list("plan")), "plan's first run records its classes");
        Run again = forgeline(Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + classLoadLog()), "plan", "--help");
        assertEquals(plan.out(), again.out());
        assertTrue(Files.readString(classLoadLog()).contains(PlanCommand.class.getName() + " source: shared objects file"));
    }

    @Test
    void staleArchive_isNotUsed_andTheRunPrintsWhatItWould() throws Exception {
        Run fresh = forgeline(Map.of(), "--help");
        assertEquals(0, fresh.exitCode(), fresh.err());
        FileTime old = FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000);
        Files.setLastModifiedTime(archive(), old); // older than the jar: made from another build
        Run run = forgeline(Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + classLoadLog()), "--help");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(fresh.out(), run.out());
        assertClean(run);
        assertFalse(loadedFromArchive(), "an archive older than the jar is not used");
    }

    /** A truncated archive would crash the JVM (SIGBUS, JDK 17): the size check keeps it from being used at all. */
    @Test
    void truncatedArchive_isNeverUsed_andTheCommandRuns() throws Exception {
        assertEquals(0, forgeline(Map.of(), "help").exitCode());
        byte[] whole = Files.readAllBytes(archive());
        archive().toFile().setWritable(true);
        Files.write(archive(), java.util.Arrays.copyOf(whole, whole.length / 3));
        Run run = forgeline(Map.of(), "help");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("Usage: forgeline"), run.out());
        assertClean(run);
    }

    @Test
    void fileThatIsNoArchive_isIgnoredByTheJvm_andTheCommandRunsAsWithout() throws Exception {
        Run without = forgeline(Map.of("FORGELINE_CLASS_ARCHIVE", "off"), "--version");
        assertEquals(0, forgeline(Map.of(), "--version").exitCode()); // records the list: the next run uses the archive
        Files.deleteIfExists(archive());
        byte[] garbage = "not a class-data archive\n".repeat(100).getBytes(StandardCharsets.US_ASCII);
        Files.write(archive(), garbage);
        Files.writeString(sizeFile(), garbage.length + "\n");
        Files.setLastModifiedTime(archive(), FileTime.fromMillis(System.currentTimeMillis() + 1000));
        Run run = forgeline(Map.of(), "--version");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(without.out(), run.out());
        assertClean(run);
    }

    @Test
    void failingCommand_keepsItsExitCodeAndOutput_andRecordsNothing() throws Exception {
        Run run = forgeline(Map.of(), "publish");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("error: publish needs --repository URL"), run.err());
        assertFalse(Files.exists(list("publish")), "only a successful run is recorded");
        assertFalse(Files.exists(archive()), "and no archive is made of it");
        try (Stream<Path> left = Files.walk(tool)) {
            assertEquals(List.of(), left.filter(p -> p.toString().endsWith(".tmp")).toList(), "no temporary file left");
        }
    }

    @Test
    void classArchiveOff_recordsAndMakesNothing() throws Exception {
        Run run = forgeline(Map.of("FORGELINE_CLASS_ARCHIVE", "off"), "plan", "--help");
        assertEquals(0, run.exitCode(), run.err());
        assertFalse(Files.exists(list("plan")));
        assertFalse(Files.exists(archive()));
    }

    private static Path archive() {
        return tool.resolve("release-tool.jsa");
    }

    private static Path list(String command) {
        return tool.resolve("release-tool.classes").resolve(command + ".list");
    }

    private static Path sizeFile() {
        return tool.resolve("release-tool.jsa.size");
    }

    private static Path classLoadLog() {
        return tool.resolve("class-load.log");
    }

    private static boolean loadedFromArchive() throws IOException {
        return Files.readString(classLoadLog()).contains(ForgelineCli.class.getName() + " source: shared objects file");
    }

    private static void assertClean(Run run) {
        for (String text : List.of(run.out(), run.err())) {
            assertFalse(text.contains("[warning]") || text.contains("shared archive") || text.contains("fatal error"),
                    "no JVM warning about the archive:\n" + text);
        }
    }

    record Run(int exitCode, String out, String err) {}

    private static Run forgeline(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", TestProjects.repositoryRoot().resolve("forgeline").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(tool, "run-", ".out");
        Path err = Files.createTempFile(tool, "run-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(tool.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> environment = new HashMap<>(env);
        environment.put("FORGELINE_TOOL_JAR", jar.toString());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().putAll(environment);
        Process process = builder.start();
        try (OutputStream stdin = process.getOutputStream()) {
            // nothing to say
        }
        if (!process.waitFor(3, java.util.concurrent.TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("./forgeline " + String.join(" ", args) + " did not end in 3 minutes");
        }
        String stderr = Files.readString(err).replaceAll("(?m)^Picked up JAVA_TOOL_OPTIONS:.*\\R", "");
        return new Run(process.exitValue(), Files.readString(out), stderr);
    }
}
