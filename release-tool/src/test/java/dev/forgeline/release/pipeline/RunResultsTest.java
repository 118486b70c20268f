package dev.forgeline.release.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.stage.ManifestResult;
import dev.forgeline.release.stage.StageResult;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RunResultsTest {
    private static final ReleaseManifest MANIFEST = ReleaseManifest.of(new ReleaseManifest.Project("g", "1.0"),
            new ReleaseManifest.Source("abc", false, 1L), new TreeMap<>(), List.of());

    private record Summary(String summary) implements StageResult {}

    private record WithManifest(ReleaseManifest manifest) implements ManifestResult {
        @Override
        public String summary() {
            return "done";
        }
    }

    @Test
    void aResultOfAStageThatDidNotRun_failsLoudly_neverReadsAsSuccess() {
        RunResults run = new RunResults(Mode.SIGN);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> run.get("sign", StageResult.class));
        assertTrue(e.getMessage().contains("no result of stage sign"), e.getMessage());
        assertThrows(IllegalStateException.class, run::manifest);
    }

    @Test
    void aRunEndingWithAStageOfItsModeMissing_isAnInternalError() {
        RunResults run = new RunResults(Mode.CI_BUILD);
        run.record("build", new Summary("built"), false);
        run.record("check", new Summary("checked"), false);
        ForgelineException e = assertThrows(ForgelineException.class, run::requireComplete);
        assertEquals(ExitCode.INTERNAL, e.exitCode());
        assertTrue(e.getMessage().contains("without its package stage"), e.getMessage());
    }

    @Test
    void aStageOutsideTheMode_isRefused() {
        RunResults run = new RunResults(Mode.PUBLISH);
        assertThrows(IllegalStateException.class, () -> run.record("sign", new Summary("signed"), false));
    }

    @Test
    void manifest_isTheOneTheLastStageLeft_andDoneStagesAreTold() {
        RunResults run = new RunResults(Mode.CI_BUILD);
        run.record("build", new Summary("built"), true);
        run.record("check", new Summary("checked"), true);
        run.record("package", new Summary("packaged"), true);
        run.record("sbom", new WithManifest(MANIFEST), true);
        run.requireComplete();
        assertEquals(MANIFEST, run.manifest());
        assertTrue(run.wasDone("build"));
        run.record("build", new Summary("built"), false);
        assertFalse(run.wasDone("build"));
    }

    @Test
    void everyModeListsItsStagesInOrder_andTheGatedStagesComeAfterSmoke() {
        assertEquals(List.of("build", "check", "package", "sbom", "smoke", "image", "sign", "attest", "publish"),
                Mode.LOCAL_RELEASE.stages());
        assertEquals(List.of("build", "check", "package", "sbom"), Mode.CI_BUILD.stages());
        assertEquals(List.of("assemble", "sbom"), Mode.ASSEMBLE.stages());
        for (Mode mode : Mode.values()) {
            assertFalse(mode.stages().isEmpty(), mode.name());
        }
    }
}
