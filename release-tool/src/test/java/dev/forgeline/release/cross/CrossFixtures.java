package dev.forgeline.release.cross;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.build.CargoBuildStep;
import dev.forgeline.release.rust.CargoProject;
import dev.forgeline.release.build.NativeBuild;
import dev.forgeline.release.rust.RustToolchain;
import dev.forgeline.release.build.SourceInfo;
import dev.forgeline.release.platform.Target;
import dev.forgeline.release.testing.Prerequisites;
import dev.forgeline.release.testing.TestProjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** The fixture crate, the Smoke class that loads it, and the shared toolchain cache of the cross tests. */
final class CrossFixtures {
    private CrossFixtures() {}

    /**
     * Where provisioned toolchains and JVMs are kept across test runs: $FORGELINE_TEST_TOOLCHAINS, or
     * ~/.cache/forgeline-test/toolchains.
     */
    static Path toolchainsDir() {
        return dev.forgeline.release.testing.TestToolchains.dir();
    }

    /** A copy of the fixture crate (a std-only cdylib exporting Java_Smoke_add). */
    static CargoProject copyCrate(Path into) throws IOException {
        Path source = TestProjects.repositoryRoot().resolve("release-tool/src/test/resources/cross-fixture");
        Path target = into.resolve("cross-fixture");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path destination = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(file, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return CargoProject.read(target);
    }

    static NativeBuild build(CargoProject crate, Target target, RustToolchain toolchain, Map<String, String> env, Path work)
            throws Exception {
        return new CargoBuildStep(crate, target, toolchain, new SourceInfo(null, false, 0L), crate.dir(),
                work.resolve("cargo-target"), work.resolve("logs"), env).call();
    }

    /** Compiles Smoke.java (loads argv[0], prints "sum=" + add(2, 3)) for Java 17 into {@code dir}. */
    static Path compileSmokeClass(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path source = dir.resolve("Smoke.java");
        Files.writeString(source, """
                public class Smoke {
                    static native int add(int a, int b);

                    public static void main(String[] args) {
                        System.load(args[0]);
                        System.out.println("sum=" + add(2, 3) + " on " + System.getProperty("os.arch"));
                    }
                }
                """, StandardCharsets.UTF_8);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "--release", "17", "-d", dir.toString(), source.toString());
        assertEquals(0, rc, "javac Smoke.java");
        return dir;
    }

    /** Skips (fails on CI) when a ForgelineException says something must be installed. */
    static void skipIfMissing(ForgelineException e) {
        Prerequisites.missing(e.getMessage(), e.hint() == null ? "see the message" : e.hint());
    }

    static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    static List<String> smokeArgs(Path classes, Path library) {
        return List.of("-cp", classes.toString(), "Smoke", library.toString());
    }
}
