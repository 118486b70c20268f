package dev.forgeline.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.nativecore.BuildInfo;
import dev.forgeline.nativecore.LoadedLibrary;
import dev.forgeline.nativecore.NativeCore;
import dev.forgeline.nativecore.NativeCoreUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Supplier<NativeCore> nativeCore, String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                nativeCore);
    }

    private static NativeCore unavailable() {
        throw new NativeCoreUnavailableException("no native core for linux-riscv64; supported: linux-x86_64; "
                + "build from source: mvn -Pnative-from-source -pl native-core install");
    }

    @Test
    void help_printsUsageAndExits0WithoutTheNativeCore() {
        assertEquals(Main.EXIT_OK, run(MainTest::unavailable, "--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--port N"));
    }

    @Test
    void badArguments_printMessageAndUsage_exit2() {
        assertEquals(Main.EXIT_USAGE, run(MainTest::unavailable, "--port", "http"));
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("gateway: --port needs a whole number, got 'http'"), text);
        assertTrue(text.contains("Usage: gateway"), text);
    }

    @Test
    void nativeCoreUnavailable_printsItsMessage_exit3() {
        assertEquals(Main.EXIT_NO_NATIVE, run(MainTest::unavailable, "--port", "0"));
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("linux-riscv64"), text);
        assertTrue(text.contains("mvn -Pnative-from-source"), text);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void version_printsGatewayVersionAndTheLoadedNativeBuild() {
        NativeCore core = NativeCoreRequirement.nativeCore();
        assertEquals(Main.EXIT_OK, run(() -> core, "--version"));

        String text = out.toString(StandardCharsets.UTF_8);
        BuildInfo build = core.buildInfo();
        LoadedLibrary library = core.library();
        assertTrue(text.startsWith("forgeline-gateway " + GatewayVersion.current().version() + "\n"), text);
        assertTrue(text.contains(build.crateVersion() + " (" + build.target() + ")"), text);
        assertTrue(text.contains("sha256: " + library.sha256()), text);
        assertTrue(text.contains("source: " + library.source()), text);
        assertTrue(text.contains("rustc:  " + build.rustc()), text);
    }

    @Test
    void gatewayVersion_comesFromTheFilteredPom() {
        String expected = System.getProperty("forgeline.expectedGatewayVersion");
        org.junit.jupiter.api.Assumptions.assumeTrue(expected != null, "run by Maven Surefire, which passes the POM version");
        assertEquals(expected, GatewayVersion.current().version());
    }
}
