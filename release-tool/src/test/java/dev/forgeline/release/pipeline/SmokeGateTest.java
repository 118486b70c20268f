package dev.forgeline.release.pipeline;

import dev.forgeline.release.manifest.TargetId;
import dev.forgeline.release.pipeline.ReleaseRunner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.manifest.ReleaseManifest.Smoke;
import dev.forgeline.release.manifest.ReleaseManifest.TargetRecord;
import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.testing.Artifacts;
import dev.forgeline.release.testing.CliRun;
import dev.forgeline.release.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing is signed or published unless every built target passed its smoke test with the bytes it ships. */
class SmokeGateTest {
    private static final String LIB = "1".repeat(64);

    @TempDir
    Path dir;

    private static TargetRecord built() {
        return new TargetRecord("triple", TargetRecord.Status.built, null, new ReleaseManifest.Toolchain("cargo", "rustc"),
                new ReleaseManifest.Library("lib.so", 1, LIB));
    }

    private static TargetRecord smoked(Smoke.SmokeStatus status, String testedSha) {
        return built().withSmoke(new Smoke(status, "host", "harness", testedSha,
                List.of(new ReleaseManifest.SmokeCheck("load", status == Smoke.SmokeStatus.passed, "detail"))));
    }

    private static TargetRecord skipped() {
        return new TargetRecord("triple", TargetRecord.Status.skipped, "not here", null, null);
    }

    /** A release directory with a real platform jar and pom, whose manifest records {@code targets}. */
    private Path release(Map<String, TargetRecord> targets) throws Exception {
        Path release = dir.resolve("release");
        Path jar = Artifacts.create(release.resolve("artifacts"), "core-1.0-linux-x86_64.jar", 4000, 1);
        Path pom = Files.writeString(release.resolve("artifacts/core-1.0.pom"), "<project/>\n");
        ManifestStore.write(release, new ReleaseManifest(1, new ReleaseManifest.Project("g", "1.0"),
                new ReleaseManifest.Source("abc", false, 1700000000L), TargetId.keyed(targets), List.of(
                        new ReleaseManifest.ArtifactRecord("g", "core", "1.0", "linux-x86_64", "jar", "linux-x86_64",
                                "artifacts/" + jar.getFileName(), Files.size(jar), Checksums.sha256(jar)),
                        new ReleaseManifest.ArtifactRecord("g", "core", "1.0", null, "pom", null,
                                "artifacts/" + pom.getFileName(), Files.size(pom), Checksums.sha256(pom)))));
        return release;
    }

    private static ReleaseManifest manifest(Map<String, TargetRecord> targets) {
        return new ReleaseManifest(1, new ReleaseManifest.Project("g", "1.0"),
                new ReleaseManifest.Source("abc", false, 1700000000L), TargetId.keyed(targets), List.of());
    }

    /** A target the release must ship, not built (a runner's build missing from the assembled release). */
    private static TargetRecord requiredButSkipped() {
        return TargetRecord.skipped("triple", "needs a CI runner of that platform", true);
    }

    @Test
    void require_aRequiredTargetThatWasNotBuilt_refusesTheWholeRelease_namingIt() {
        ForgelineException e = assertThrows(ForgelineException.class, () -> SmokeGate.require(manifest(Map.of(
                "linux-x86_64", smoked(Smoke.SmokeStatus.passed, LIB),
                "osx-aarch_64", requiredButSkipped(),
                "windows-x86_64", skipped())), dir, "publish"));
        assertEquals(ExitCode.CHECK_FAILED, e.exitCode());
        assertEquals("cannot publish " + dir + ": the release must ship targets that were not built: "
                + "osx-aarch_64 (needs a CI runner of that platform)", e.getMessage());
        assertTrue(e.hint().contains("optionalTargets"), e.hint());
    }

    @Test
    void publish_aPartialRelease_exits1AndPublishesNothing_untilTheTargetIsOptional() throws Exception {
        Path release = release(Map.of("linux-x86_64", smoked(Smoke.SmokeStatus.passed, LIB),
                "linux-aarch_64", requiredButSkipped()));
        Path repo = dir.resolve("partial-repo");
        CliRun run = CliRun.of("publish", "--from", release.toString(), "--repository", repo.toUri().toString());
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().contains("the release must ship targets that were not built: linux-aarch_64"), run.err());
        assertFalse(Files.exists(repo), "nothing published");
        CliRun sign = CliRun.of("sign", "--from", release.toString(), "--pgp-key-env", "NO_SUCH_VARIABLE_SET",
                "--sigstore-key-env", "NO_SUCH_VARIABLE_SET_EITHER");
        assertTrue(sign.exitCode() != 0, sign.err());
    }

    @Test
    void require_everyBuiltTargetPassedForItsLibrary_passes_skippedTargetsDoNotCount() {
        SmokeGate.require(manifest(Map.of("linux-x86_64", smoked(Smoke.SmokeStatus.passed, LIB), "osx-aarch_64", skipped())),
                dir, "publish");
    }

    @Test
    void require_untestedFailedAndForeignPass_refusedNamingEachTargetAndWhy() {
        ForgelineException e = assertThrows(ForgelineException.class, () -> SmokeGate.require(manifest(Map.of(
                "linux-aarch_64", smoked(Smoke.SmokeStatus.failed, LIB),
                "linux-x86_64", smoked(Smoke.SmokeStatus.passed, "f".repeat(64)),
                "osx-aarch_64", built(),
                "windows-x86_64", built())), dir, "publish"));
        assertEquals(ExitCode.CHECK_FAILED, e.exitCode());
        assertTrue(e.getMessage().startsWith("cannot publish " + dir + ": built targets without a passed smoke test: "
                + "linux-aarch_64 (smoke test failed: load), linux-x86_64 (the smoke test passed for library fff"), e.getMessage());
        assertTrue(e.getMessage().endsWith("osx-aarch_64 (not smoke-tested), windows-x86_64 (not smoke-tested)"), e.getMessage());
        assertTrue(e.hint().startsWith("smoke-test them: forgeline smoke --from " + dir
                + " --target osx-aarch_64 --target windows-x86_64"), e.hint());
        assertTrue(e.hint().contains("--repository <staging> --out <results>"), e.hint());
    }

    @Test
    void require_onlyAFailure_hintSaysItMustBeFixedAndRebuilt() {
        ForgelineException e = assertThrows(ForgelineException.class, () -> SmokeGate.require(
                manifest(Map.of("linux-x86_64", smoked(Smoke.SmokeStatus.failed, LIB))), dir, "sign"));
        assertTrue(e.getMessage().startsWith("cannot sign "), e.getMessage());
        assertTrue(e.hint().startsWith("a failed target must be fixed, rebuilt and smoke-tested again"), e.hint());
    }

    @Test
    void publish_releaseWithAnUntestedTarget_exits1AndPublishesNothing() throws Exception {
        Path release = release(Map.of("linux-x86_64", built()));
        Path repo = dir.resolve("repo");
        CliRun run = CliRun.of("publish", "--from", release.toString(), "--repository", repo.toUri().toString());
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().contains("error: cannot publish " + release + ": built targets without a passed smoke test: "
                + "linux-x86_64 (not smoke-tested)"), run.err());
        assertTrue(run.err().contains("hint: smoke-test them: forgeline smoke --from " + release + " --target linux-x86_64"),
                run.err());
        assertFalse(Files.exists(repo));
    }

    @Test
    void publishAndStage_releaseWhoseTargetsPassed_publishes_stageNeedsNoSmoke() throws Exception {
        Path release = release(Map.of("linux-x86_64", smoked(Smoke.SmokeStatus.passed, LIB)));
        CliRun publish = CliRun.of("publish", "--from", release.toString(), "--repository", dir.resolve("repo").toUri().toString());
        assertEquals(0, publish.exitCode(), publish.err());
        assertTrue(Files.isRegularFile(dir.resolve("repo/g/core/1.0/core-1.0-linux-x86_64.jar")));

        Path untested = dir.resolve("untested");
        Files.move(release(Map.of("linux-x86_64", built())), untested);
        CliRun stage = CliRun.of("stage", "--from", untested.toString(), "--repository", "file:" + dir.resolve("staging"));
        assertEquals(0, stage.exitCode(), stage.err());
        assertTrue(Files.isRegularFile(dir.resolve("staging/g/core/1.0/core-1.0-linux-x86_64.jar")));
    }

    @Test
    void sign_releaseWithAFailedTarget_isRefusedBeforeSigningAnything() throws Exception {
        Path release = release(Map.of("linux-x86_64", smoked(Smoke.SmokeStatus.failed, LIB)));
        String before = Files.readString(release.resolve(ReleaseManifest.FILE_NAME));
        var config = new dev.forgeline.release.config.ReleaseConfigLoader().load(
                dev.forgeline.release.testing.TestProjects.copySampleProject(dir).resolve("release.yaml"));
        ForgelineException e = assertThrows(ForgelineException.class,
                () -> {
                    try (ReleaseRunner runner = new ReleaseRunner(System.getenv(), System.err)) {
                        runner.sign(config, release, (env, clock) -> TestKeys.trusted());
                    }
                });
        assertEquals(ExitCode.CHECK_FAILED, e.exitCode());
        assertTrue(e.getMessage().contains("linux-x86_64 (smoke test failed: load)"), e.getMessage());
        try (Stream<Path> files = Files.walk(release)) {
            assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".asc") || f.toString().endsWith(".sigstore.json"))
                    .toList());
        }
        assertEquals(before, Files.readString(release.resolve(ReleaseManifest.FILE_NAME)));
    }
}
