package dev.forgeline.release.rust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RustToolchainTest {
    @TempDir
    Path temp;

    @Test
    void probe_cargoMissing_exits3WithInstallHint() {
        ForgelineException e = assertThrows(ForgelineException.class,
                () -> RustToolchain.probe(Map.of("CARGO", temp.resolve("no-such-cargo").toString()), null));
        assertEquals(ExitCode.TOOLCHAIN_MISSING, e.exitCode());
        assertTrue(e.getMessage().contains("is not installed"), e.getMessage());
        assertTrue(e.hint().contains("rustup.rs"), e.hint());
    }

    @Test
    void probe_rustcOlderThanRustVersion_exits3NamingBoth() throws IOException {
        Path fakeRustc = script("rustc", "echo 'rustc 1.60.0 (7737e0b5c 2022-04-04)'");
        ForgelineException e = assertThrows(ForgelineException.class,
                () -> RustToolchain.probe(Map.of("RUSTC", fakeRustc.toString()), "1.70"));
        assertEquals(ExitCode.TOOLCHAIN_MISSING, e.exitCode());
        assertTrue(e.getMessage().contains("1.60.0") && e.getMessage().contains("needs Rust 1.70 or newer"), e.getMessage());
    }

    @Test
    void probe_installedToolchain_recordsExactVersions() {
        RustToolchain toolchain = RustToolchain.probe(System.getenv(), "1.70");
        assertTrue(toolchain.cargoVersion().startsWith("cargo "), toolchain.cargoVersion());
        assertTrue(toolchain.rustcVersion().startsWith("rustc "), toolchain.rustcVersion());
    }

    @Test
    void compare_ordersByNumericParts() {
        assertTrue(RustToolchain.compare("rustc 1.95.0 (x)", "1.70") > 0);
        assertTrue(RustToolchain.compare("rustc 1.9.0", "1.70") < 0, "numeric, not lexical");
        assertEquals(0, RustToolchain.compare("rustc 1.70.0", "1.70"));
    }

    private Path script(String name, String body) throws IOException {
        Path file = temp.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
