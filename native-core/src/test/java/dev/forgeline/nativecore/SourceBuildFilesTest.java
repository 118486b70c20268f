package dev.forgeline.nativecore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The files of the source build: the script's up-front checks and what the loader says about it. */
class SourceBuildFilesTest {
    private static final Path MODULE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    private static final Path SCRIPT = MODULE.resolve("build-from-source.sh");

    @TempDir
    Path tmp;

    /** rust-version from the [package] table of native-core/Cargo.toml. */
    static String cargoRustVersion() throws IOException {
        String toml = Files.readString(MODULE.resolve("Cargo.toml"));
        Matcher m = Pattern.compile("(?m)^rust-version\\s*=\\s*\"([^\"]+)\"").matcher(toml);
        assertTrue(m.find(), "Cargo.toml declares no rust-version");
        return m.group(1);
    }

    @Test
    void sourceProperties_rustVersion_matchesCargoToml() throws IOException {
        Properties p = new Properties();
        try (InputStream in = NativeLoader.class.getClassLoader()
                .getResourceAsStream("META-INF/native/" + NativeCore.LIBRARY_NAME + ".source.properties")) {
            p.load(in);
        }
        assertEquals(cargoRustVersion(), p.getProperty("rust-version"),
                "update src/main/resources/META-INF/native/forgeline_native_core.source.properties");
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void buildScript_cargoMissing_failsUpFrontWithInstallHint() throws Exception {
        Path bin = toolsWithout();

        Result r = runScript(bin);

        assertNotEquals(0, r.exitCode);
        assertTrue(r.stderr.contains("cargo was not found on PATH"), r.stderr);
        assertTrue(r.stderr.contains("https://rustup.rs"), r.stderr);
        assertTrue(r.stderr.contains("apt-get install cargo"), r.stderr);
        assertTrue(r.stderr.contains("Install Rust " + cargoRustVersion() + " or newer"), r.stderr);
        assertTrue(!Files.exists(tmp.resolve("out")), "nothing may be written");
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void buildScript_toolchainOlderThanRustVersion_failsUpFront() throws Exception {
        Path bin = toolsWithout();
        fakeTool(bin, "cargo", "cargo 1.60.0 (d1fd9fe2c 2022-03-01)");
        fakeTool(bin, "rustc", "rustc 1.60.0 (7737e0b5c 2022-04-04)");

        Result r = runScript(bin);

        assertNotEquals(0, r.exitCode);
        assertTrue(r.stderr.contains("rustc 1.60.0 (7737e0b5c 2022-04-04) is older than rust-version "
                + cargoRustVersion()), r.stderr);
        assertTrue(r.stderr.contains("https://rustup.rs"), r.stderr);
        assertTrue(!Files.exists(tmp.resolve("out")), "nothing may be written");
    }

    /** A bin directory with the few tools the script needs before its checks, and no Rust toolchain. */
    private Path toolsWithout() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        for (String tool : List.of("dirname", "awk", "sed", "cat")) {
            // Wrappers rather than symbolic links, so that @TempDir cleanup has nothing to warn about.
            Path wrapper = Files.writeString(bin.resolve(tool), "#!/bin/sh\nexec '" + which(tool) + "' \"$@\"\n");
            assertTrue(wrapper.toFile().setExecutable(true));
        }
        return bin;
    }

    private static void fakeTool(Path bin, String name, String version) throws IOException {
        Path f = bin.resolve(name);
        Files.writeString(f, "#!/bin/sh\necho '" + version + "'\n");
        assertTrue(f.toFile().setExecutable(true));
    }

    private static Path which(String tool) {
        for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new AssertionError(tool + " not found on PATH");
    }

    private record Result(int exitCode, String stderr) {}

    private Result runScript(Path bin) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(which("bash").toString(), SCRIPT.toString(),
                "--classifier", "linux-x86_64", "--output", tmp.resolve("out").toString(),
                "--target-dir", tmp.resolve("cargo").toString());
        pb.environment().put("PATH", bin.toString());
        pb.environment().remove("RUSTC");
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Result(p.exitValue(), stderr);
    }
}
