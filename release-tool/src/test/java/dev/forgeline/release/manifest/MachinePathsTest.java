package dev.forgeline.release.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachinePathsTest {
    private static final String HOME = System.getProperty("user.home");

    @Test
    void write_makesPathsUnderTheReleaseRelative_andHidesHomeTempAndWorkingDirectory(@TempDir Path release)
            throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        SortedMap<TargetId, ReleaseManifest.TargetRecord> targets = new TreeMap<>();
        targets.put(TargetId.of("linux-aarch_64"), ReleaseManifest.TargetRecord.skipped("aarch64-unknown-linux-gnu",
                "std for aarch64-unknown-linux-gnu cached in " + HOME + "/.cache/forgeline/rust-std", false));
        ReleaseManifest.Smoke smoke = new ReleaseManifest.Smoke(ReleaseManifest.Smoke.SmokeStatus.failed, "host", "h",
                "ab", List.of(new ReleaseManifest.SmokeCheck("harness", false,
                        "exited with 1: see " + release.resolve(".work/smoke/local-0/smoke.log") + " and " + tmp.resolve("x"))));
        ReleaseManifest.Toolchain toolchain = new ReleaseManifest.Toolchain("cargo 1", "rustc 1", null,
                HOME + "/.cache/forgeline/toolchains/bin/aarch64-linux-gnu-gcc", null, List.of(), null);
        targets.put(TargetId.of("linux-x86_64"), new ReleaseManifest.TargetRecord("x86_64-unknown-linux-gnu",
                ReleaseManifest.TargetRecord.Status.built, null, toolchain,
                new ReleaseManifest.Library("lib.so", 1, "ab"), null, smoke, true));
        ReleaseManifest manifest = ReleaseManifest.of(new ReleaseManifest.Project("g", "1"),
                new ReleaseManifest.Source("c", false, 0), targets, List.of());

        ManifestStore.write(release, manifest);
        String json = Files.readString(release.resolve(ReleaseManifest.FILE_NAME));
        assertFalse(json.contains(HOME + "/"), json);
        assertFalse(json.contains(tmp + "/"), json);
        assertFalse(json.contains(release.toString()), json);
        ReleaseManifest read = ManifestStore.read(release);
        assertEquals("std for aarch64-unknown-linux-gnu cached in ~/.cache/forgeline/rust-std",
                read.target(TargetId.of("linux-aarch_64")).reason());
        assertEquals("exited with 1: see .work/smoke/local-0/smoke.log and $TMPDIR/x",
                read.target(TargetId.of("linux-x86_64")).smoke().checks().get(0).detail());
        assertEquals("aarch64-linux-gnu-gcc", read.target(TargetId.of("linux-x86_64")).toolchain().linker());
    }
}
