package dev.forgeline.release.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.forgeline.release.platform.Target;
import dev.forgeline.release.platform.TargetCatalog;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BuildEnvironmentTest {
    private static final Target AARCH64 = TargetCatalog.require("linux-aarch_64");
    private static final Path PROJECT = Path.of("/srv/ci/work/project");

    @Test
    void of_keepsTheBuildShapingNamesOnly_neverASecretOrAnotherVariable() {
        Map<String, String> env = new TreeMap<>(Map.of("CARGO_PROFILE_RELEASE_OPT_LEVEL", "s",
                "CARGO_BUILD_RUSTFLAGS", "-Cdebuginfo=0", "RUSTFLAGS", "-Ctarget-cpu=neoverse-n1",
                "RUSTC_WRAPPER", "sccache", "SOURCE_DATE_EPOCH", "1700000000",
                "CARGO_REGISTRIES_MY_TOKEN", "secret-token", "FORGELINE_SIGSTORE_KEY", "-----BEGIN",
                "GITHUB_TOKEN", "ghs_secret", "PATH", "/usr/bin", "CARGO_ENCODED_RUSTFLAGS", "-Copt-level=1"));
        env.put("CARGO_PROFILE_RELEASE_LTO", "");
        assertEquals(new TreeMap<>(Map.of("CARGO_PROFILE_RELEASE_OPT_LEVEL", "s", "CARGO_BUILD_RUSTFLAGS",
                "-Cdebuginfo=0", "RUSTFLAGS", "-Ctarget-cpu=neoverse-n1", "RUSTC_WRAPPER", "sccache",
                "SOURCE_DATE_EPOCH", "1700000000")), BuildEnvironment.of(env, AARCH64, PROJECT));
    }

    @Test
    void of_theTargetsOwnLinkerFlagsAndCompiler_notAnotherTargets() {
        Map<String, String> env = Map.of("CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER", "aarch64-linux-gnu-gcc",
                "CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUSTFLAGS", "-Clink-arg=-s",
                "CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER", "cc", "CC_aarch64-unknown-linux-gnu", "aarch64-gcc",
                "CFLAGS_aarch64_unknown_linux_gnu", "-O2", "CC_x86_64-unknown-linux-gnu", "gcc", "CC", "clang");
        assertEquals(new TreeMap<>(Map.of("CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER", "aarch64-linux-gnu-gcc",
                "CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUSTFLAGS", "-Clink-arg=-s", "CC_aarch64-unknown-linux-gnu",
                "aarch64-gcc", "CFLAGS_aarch64_unknown_linux_gnu", "-O2", "CC", "clang")),
                BuildEnvironment.of(env, AARCH64, PROJECT));
    }

    @Test
    void of_replacesThisMachinesPathsWithPlaceholders() {
        String home = Path.of(System.getProperty("user.home")).toAbsolutePath().normalize().toString();
        Map<String, String> env = Map.of("RUSTFLAGS", "--sysroot=" + PROJECT + "/.forgeline/sysroot -Lnative=" + home
                + "/libs", "RUSTC", "/usr/bin/rustc");
        assertEquals(new TreeMap<>(Map.of("RUSTFLAGS", "--sysroot=$PROJECT/.forgeline/sysroot -Lnative=~/libs",
                "RUSTC", "/usr/bin/rustc")), BuildEnvironment.of(env, AARCH64, PROJECT));
    }
}
