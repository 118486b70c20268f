package dev.forgeline.release.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.manifest.ReleaseManifest.ArtifactRecord;
import dev.forgeline.release.manifest.ReleaseManifest.TargetRecord;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ManifestMergeTest {
    private static final ReleaseManifest.Smoke.SmokeStatus PASSED = ReleaseManifest.Smoke.SmokeStatus.passed;
    private static final ReleaseManifest.Smoke.SmokeStatus FAILED = ReleaseManifest.Smoke.SmokeStatus.failed;
    private static final ReleaseManifest.Project PROJECT = new ReleaseManifest.Project("g", "1.0");
    private static final ReleaseManifest.Source SOURCE = new ReleaseManifest.Source("abc", false, 1700000000L);

    private static TargetRecord built(String sha) {
        return new TargetRecord("triple", TargetRecord.Status.built, null, new ReleaseManifest.Toolchain("cargo", "rustc"),
                new ReleaseManifest.Library("lib.so", 1, sha));
    }

    private static TargetRecord smoked(String sha, ReleaseManifest.Smoke.SmokeStatus status, String testedSha, String runner) {
        return built(sha).withSmoke(new ReleaseManifest.Smoke(status, runner, "harness", testedSha,
                List.of(new ReleaseManifest.SmokeCheck("load", status == ReleaseManifest.Smoke.SmokeStatus.passed, "detail"))));
    }

    private static TargetRecord skipped() {
        return new TargetRecord("triple", TargetRecord.Status.skipped, "not here", null, null);
    }

    private static ArtifactRecord jar(String classifier, String sha) {
        return new ArtifactRecord("g", "core", "1.0", classifier, "jar", classifier, "artifacts/core-1.0-" + classifier + ".jar", 1, sha);
    }

    private static ManifestMerge.Input runner(String name, ReleaseManifest.Source source, Map<String, TargetRecord> targets,
            ArtifactRecord... artifacts) {
        return new ManifestMerge.Input(name, new ReleaseManifest(1, PROJECT, source, TargetId.keyed(targets), List.of(artifacts)));
    }

    @Test
    void merge_twoRunners_unionOfTargetsAndArtifacts_builtWinsOverSkipped() {
        ReleaseManifest merged = ManifestMerge.merge(List.of(
                runner("x86", SOURCE, Map.of("linux-x86_64", built("aa"), "linux-aarch_64", skipped()), jar("linux-x86_64", "11")),
                runner("arm", SOURCE, Map.of("linux-x86_64", skipped(), "linux-aarch_64", built("bb")), jar("linux-aarch_64", "22"))));
        assertEquals(TargetRecord.Status.built, merged.target(TargetId.of("linux-x86_64")).status());
        assertEquals(TargetRecord.Status.built, merged.target(TargetId.of("linux-aarch_64")).status());
        assertEquals(List.of("g:core:jar:linux-aarch_64:1.0", "g:core:jar:linux-x86_64:1.0"),
                merged.artifacts().stream().map(ArtifactRecord::coordinate).toList());
    }

    @Test
    void merge_sameCoordinateSameDigest_keepsOne() {
        ReleaseManifest merged = ManifestMerge.merge(List.of(
                runner("a", SOURCE, Map.of(), jar("linux-x86_64", "11")),
                runner("b", SOURCE, Map.of(), jar("linux-x86_64", "11"))));
        assertEquals(1, merged.artifacts().size());
    }

    @Test
    void merge_sameCoordinateDifferentDigest_refusedNamingBothRunners() {
        ForgelineException e = assertThrows(ForgelineException.class, () -> ManifestMerge.merge(List.of(
                runner("runner-a", SOURCE, Map.of(), jar("linux-x86_64", "11")),
                runner("runner-b", SOURCE, Map.of(), jar("linux-x86_64", "99")))));
        assertEquals(ExitCode.CHECK_FAILED, e.exitCode());
        assertTrue(e.getMessage().contains("two different digests for g:core:jar:linux-x86_64:1.0: 11 in runner-a, 99 in runner-b"),
                e.getMessage());
    }

    @Test
    void merge_targetBuiltTwiceWithDifferentLibraries_refused() {
        ForgelineException e = assertThrows(ForgelineException.class, () -> ManifestMerge.merge(List.of(
                runner("a", SOURCE, Map.of("linux-x86_64", built("aa"))),
                runner("b", SOURCE, Map.of("linux-x86_64", built("cc"))))));
        assertTrue(e.getMessage().contains("target linux-x86_64 was built twice with different libraries"), e.getMessage());
    }

    @Test
    void merge_differentCommits_refused() {
        ForgelineException e = assertThrows(ForgelineException.class, () -> ManifestMerge.merge(List.of(
                runner("a", SOURCE, Map.of()),
                runner("b", new ReleaseManifest.Source("def", false, 1700000000L), Map.of()))));
        assertTrue(e.getMessage().contains("source commit differs: abc in a, def in b"), e.getMessage());
    }

    @Test
    void merge_anyDirtyRunner_marksTheReleaseDirty() {
        ReleaseManifest merged = ManifestMerge.merge(List.of(
                runner("a", SOURCE, Map.of()),
                runner("b", new ReleaseManifest.Source("abc", true, 1700000000L), Map.of())));
        assertTrue(merged.source().dirty());
    }

    @Test
    void merge_runnersSmokeRecordForTheSameLibrary_fillsTheMissingOne() {
        ReleaseManifest merged = ManifestMerge.merge(List.of(
                runner("release", SOURCE, Map.of("osx-aarch_64", built("aa"), "linux-x86_64", smoked("bb", PASSED, "bb", "host")),
                        jar("osx-aarch_64", "11")),
                runner("smoke-osx", SOURCE, Map.of("osx-aarch_64", smoked("aa", PASSED, "aa", "macos")))));
        assertEquals(PASSED, merged.target(TargetId.of("osx-aarch_64")).smoke().status());
        assertEquals("macos", merged.target(TargetId.of("osx-aarch_64")).smoke().runner());
        assertEquals("host", merged.target(TargetId.of("linux-x86_64")).smoke().runner(), "a target the runner did not test keeps its record");
        assertEquals(1, merged.artifacts().size(), "a smoke output brings no artifacts");
    }

    @Test
    void merge_failedSmokeRecord_winsOverAPassedOne_inEitherOrder() {
        TargetRecord passed = smoked("aa", PASSED, "aa", "first");
        TargetRecord failed = smoked("aa", FAILED, "aa", "second");
        for (List<TargetRecord> order : List.of(List.of(passed, failed), List.of(failed, passed))) {
            ReleaseManifest merged = ManifestMerge.merge(List.of(
                    runner("a", SOURCE, Map.of("linux-x86_64", order.get(0))),
                    runner("b", SOURCE, Map.of("linux-x86_64", order.get(1)))));
            assertEquals(FAILED, merged.target(TargetId.of("linux-x86_64")).smoke().status(), "order " + order);
        }
    }

    @Test
    void merge_twoPassedSmokeRecords_keepsTheFirst_andAMissingOneDoesNotEraseIt() {
        ReleaseManifest merged = ManifestMerge.merge(List.of(
                runner("a", SOURCE, Map.of("linux-x86_64", smoked("aa", PASSED, "aa", "first"))),
                runner("b", SOURCE, Map.of("linux-x86_64", built("aa"))),
                runner("c", SOURCE, Map.of("linux-x86_64", smoked("aa", PASSED, "aa", "third")))));
        assertEquals("first", merged.target(TargetId.of("linux-x86_64")).smoke().runner());
    }

    @Test
    void merge_passedSmokeRecordOfAnotherLibrary_isRefusedNamingTargetOriginAndDigests() {
        ForgelineException e = assertThrows(ForgelineException.class, () -> ManifestMerge.merge(List.of(
                runner("dist/release", SOURCE, Map.of("osx-aarch_64", built("aa"))),
                runner("dist/smoke-osx", SOURCE, Map.of("osx-aarch_64", smoked("aa", PASSED, "ff", "macos"))))));
        assertEquals(ExitCode.CHECK_FAILED, e.exitCode());
        assertTrue(e.getMessage().contains("the smoke record of osx-aarch_64 in dist/smoke-osx passed for library ff, "
                + "but the target's library is aa"), e.getMessage());
        assertTrue(e.hint().contains("forgeline smoke --from"), e.hint());
    }

    @Test
    void merge_passedSmokeRecordThatNamesNoLibrary_isRefused() {
        assertThrows(ForgelineException.class, () -> ManifestMerge.merge(List.of(
                runner("smoke", SOURCE, Map.of("osx-aarch_64", smoked("aa", PASSED, null, "macos"))))));
    }

    @Test
    void merge_failedSmokeRecordThatLoadedOtherBytes_isKeptAsTheFailure() {
        ReleaseManifest merged = ManifestMerge.merge(List.of(
                runner("release", SOURCE, Map.of("linux-x86_64", smoked("aa", PASSED, "aa", "host"))),
                runner("smoke", SOURCE, Map.of("linux-x86_64", smoked("aa", FAILED, "ff", "qemu")))));
        assertEquals(FAILED, merged.target(TargetId.of("linux-x86_64")).smoke().status());
        assertEquals("ff", merged.target(TargetId.of("linux-x86_64")).smoke().testedSha256());
    }

    @Test
    void everyFieldOfTheMergedRecords_hasADeclaredRule_andEveryRuleNamesAField() {
        assertEquals(List.of(), ManifestMerge.componentsWithoutRule(),
                "a new field needs a merge rule in ManifestMerge.RULES before assemble can merge it");
        java.util.Set<String> fields = new java.util.TreeSet<>();
        for (Class<? extends Record> type : ManifestMerge.MERGED_RECORDS) {
            for (java.lang.reflect.RecordComponent c : type.getRecordComponents()) {
                fields.add(type.getSimpleName() + "." + c.getName());
            }
        }
        assertEquals(fields, new java.util.TreeSet<>(ManifestMerge.RULES.keySet()), "no rule for a field that is gone");
    }

    @Test
    void merge_sourceTreeDigests_keptWhenEqual_droppedWhenTheRunnersDiffer() {
        ReleaseManifest a = ReleaseManifest.of(new ReleaseManifest.Project("g", "1.0"),
                new ReleaseManifest.Source("abc", false, 1L, "t1"), new java.util.TreeMap<>(), List.of());
        ReleaseManifest b = a.withSource(a.source().withTreeSha256("t2").withDirty(true));
        assertEquals("t1", ManifestMerge.merge(List.of(new ManifestMerge.Input("a", a), new ManifestMerge.Input("a2", a)))
                .source().treeSha256());
        ReleaseManifest merged = ManifestMerge.merge(List.of(new ManifestMerge.Input("a", a), new ManifestMerge.Input("b", b)));
        assertEquals(null, merged.source().treeSha256());
        assertTrue(merged.source().dirty(), "dirty anywhere is dirty");
    }
}
