package dev.forgeline.release.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.verify.ArtifactVerdict;
import dev.forgeline.release.verify.Check;
import dev.forgeline.release.verify.CheckResult;
import dev.forgeline.release.verify.FailureReason;
import dev.forgeline.release.verify.VerificationReport;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link ReleaseDiff} on audited releases made here, for the changes the sample project cannot make in a test (a
 * target added, a toolchain bumped) and the edges of the flag: it needs both releases to record the crate's source
 * tree, and compares only what verified.
 */
class ReleaseDiffTest {
    private static final String RUSTC = "rustc 1.95.0 (59807616e 2026-04-14)";
    private static final Map<String, ReleaseFacts.Source> SOURCES = Map.of("crate/", new ReleaseFacts.Source("a".repeat(64),
            true), "crate/Cargo.lock", new ReleaseFacts.Source("b".repeat(64), false));

    @Test
    void targetsAddedAndDropped_toolchainBumped_signerChanged_dependencyAddedRemovedAndBumped() {
        ReleaseFacts previous = facts(List.of(target("linux-x86_64", "1"), target("linux-aarch_64", "2")),
                List.of(tool("rustc", RUSTC)), SOURCES, List.of(dep("pkg:cargo/libc", "0.2.1"), dep("pkg:cargo/old", "1.0")),
                List.of(new ReleaseFacts.Signer("pgp", "0xAAAA", null, 3)));
        ReleaseFacts current = facts(List.of(target("linux-x86_64", "1"), target("osx-aarch_64", "3")),
                List.of(tool("rustc", "rustc 1.96.0")), SOURCES, List.of(dep("pkg:cargo/libc", "0.2.2"),
                        dep("pkg:cargo/new", "2.0")), List.of(new ReleaseFacts.Signer("keyless", "https://ci/wf",
                                "https://issuer", 3)));

        ReleaseDiff diff = ReleaseDiff.between(previous, current);

        assertEquals(List.of(new ReleaseDiff.Change("linux-aarch_64", "linux-aarch_64", null),
                new ReleaseDiff.Change("osx-aarch_64", null, "osx-aarch_64")), diff.targets());
        assertEquals(List.of(new ReleaseDiff.Change("rustc", RUSTC, "rustc 1.96.0")), diff.toolchains());
        assertEquals(List.of(new ReleaseDiff.Change("keyless https://ci/wf (https://issuer)", null,
                "keyless https://ci/wf (https://issuer)"), new ReleaseDiff.Change("pgp 0xAAAA", "pgp 0xAAAA", null)),
                diff.signers());
        assertEquals(List.of(new ReleaseDiff.Change("pkg:cargo/libc", "0.2.1", "0.2.2"),
                new ReleaseDiff.Change("pkg:cargo/new", null, "2.0"), new ReleaseDiff.Change("pkg:cargo/old", "1.0", null)),
                diff.dependencies());
        assertTrue(diff.libraries().isEmpty(), "linux-x86_64 kept its library: " + diff.libraries());
    }

    @Test
    void libraryChanged_withSourcesAndToolchainTheSame_isFlagged_withTheToolchainBumped_isNot() {
        ReleaseFacts previous = facts(List.of(target("linux-x86_64", "1")), List.of(tool("rustc", RUSTC)), SOURCES,
                List.of(), List.of());
        ReleaseFacts sameInputs = facts(List.of(target("linux-x86_64", "2")), List.of(tool("rustc", RUSTC)), SOURCES,
                List.of(), List.of());
        ReleaseFacts newRustc = facts(List.of(target("linux-x86_64", "2")), List.of(tool("rustc", "rustc 1.96.0")),
                SOURCES, List.of(), List.of());

        ReleaseDiff.LibraryChange flagged = ReleaseDiff.between(previous, sameInputs).libraries().get(0);
        assertTrue(flagged.flagged(), flagged.toString());
        assertEquals("1".repeat(64), flagged.from());
        assertEquals("2".repeat(64), flagged.to());
        ReleaseDiff.LibraryChange explained = ReleaseDiff.between(previous, newRustc).libraries().get(0);
        assertFalse(explained.flagged(), explained.toString());
        assertEquals("the toolchain changed", explained.why());
    }

    @Test
    void libraryChanged_withABuildVariableSetSinceOrChanged_namesIt_andIsNotFlagged_withTheSameOnesIsFlagged() {
        ReleaseFacts previous = withEnvironment(facts(List.of(target("linux-x86_64", "1")), List.of(tool("rustc", RUSTC)),
                SOURCES, List.of(), List.of()), Map.of("RUSTFLAGS", "-Ctarget-cpu=native"));
        ReleaseFacts optLevel = withEnvironment(facts(List.of(target("linux-x86_64", "2")), List.of(tool("rustc", RUSTC)),
                SOURCES, List.of(), List.of()), Map.of("RUSTFLAGS", "-Ctarget-cpu=x86-64",
                        "CARGO_PROFILE_RELEASE_OPT_LEVEL", "s"));
        ReleaseFacts same = withEnvironment(facts(List.of(target("linux-x86_64", "2")), List.of(tool("rustc", RUSTC)),
                SOURCES, List.of(), List.of()), Map.of("RUSTFLAGS", "-Ctarget-cpu=native"));

        ReleaseDiff diff = ReleaseDiff.between(previous, optLevel);
        ReleaseDiff.LibraryChange explained = diff.libraries().get(0);
        assertFalse(explained.flagged(), explained.toString());
        assertEquals("its build environment changed: CARGO_PROFILE_RELEASE_OPT_LEVEL (unset -> s), RUSTFLAGS "
                + "(-Ctarget-cpu=native -> -Ctarget-cpu=x86-64)", explained.why());
        assertEquals(List.of(new ReleaseDiff.Change("linux-x86_64 CARGO_PROFILE_RELEASE_OPT_LEVEL", null, "s"),
                new ReleaseDiff.Change("linux-x86_64 RUSTFLAGS", "-Ctarget-cpu=native", "-Ctarget-cpu=x86-64")),
                diff.environment());
        assertTrue(AuditReport.since(optLevel, previous).table().contains(
                "    + linux-x86_64 CARGO_PROFILE_RELEASE_OPT_LEVEL s\n"));

        ReleaseDiff.LibraryChange flagged = ReleaseDiff.between(previous, same).libraries().get(0);
        assertTrue(flagged.flagged(), flagged.toString());
        assertTrue(flagged.why().contains("nor the toolchain nor its build environment changed"), flagged.why());
    }

    @Test
    void aProvenanceThatRecordsNoBuildEnvironment_leavesTheEnvironmentNotCompared_andTheFlagAsBefore() {
        ReleaseFacts older = facts(List.of(target("linux-x86_64", "1")), List.of(tool("rustc", RUSTC)), SOURCES,
                List.of(), List.of());
        ReleaseFacts current = withEnvironment(facts(List.of(target("linux-x86_64", "2")), List.of(tool("rustc", RUSTC)),
                SOURCES, List.of(), List.of()), Map.of("CARGO_PROFILE_RELEASE_OPT_LEVEL", "s"));

        ReleaseDiff diff = ReleaseDiff.between(older, current);

        assertEquals(List.of("environment"), diff.notCompared());
        assertTrue(diff.environment().isEmpty(), diff.environment().toString());
        assertTrue(diff.libraries().get(0).flagged(), "none recorded is not none set: " + diff.libraries());
        assertTrue(AuditReport.since(current, older).table().contains(
                "  environment: not compared: the provenance of g 1 does not record it"));
    }

    @Test
    void libraryChanged_whenAProvenanceRecordsNoSourceTree_isNotFlagged_andSaysItCannotTell() {
        ReleaseFacts older = facts(List.of(target("linux-x86_64", "1")), List.of(tool("rustc", RUSTC)),
                Map.of("crate/Cargo.lock", SOURCES.get("crate/Cargo.lock")), List.of(), List.of());
        ReleaseFacts current = facts(List.of(target("linux-x86_64", "2")), List.of(tool("rustc", RUSTC)), SOURCES,
                List.of(), List.of());

        ReleaseDiff.LibraryChange change = ReleaseDiff.between(older, current).libraries().get(0);
        assertFalse(change.flagged());
        assertTrue(change.why().startsWith("cannot tell"), change.why());
    }

    @Test
    void aTargetWhoseJarFailed_isNeitherComparedNorCountedAsDropped() {
        ReleaseFacts previous = facts(List.of(target("linux-x86_64", "1")), List.of(tool("rustc", RUSTC)), SOURCES,
                List.of(), List.of());
        CheckResult failed = CheckResult.failed(FailureReason.MANIFEST_DIGEST_MISMATCH, "(manifest x, file y)");
        ReleaseFacts tampered = facts(List.of(new ReleaseFacts.Target("linux-x86_64", "j.jar", null, null, null, null, null,
                null, Claim.of(new ArtifactVerdict("j.jar", "y", List.of(failed))))), List.of(tool("rustc", RUSTC)),
                SOURCES, List.of(), List.of());

        ReleaseDiff diff = ReleaseDiff.between(previous, tampered);

        assertFalse(tampered.verified());
        assertTrue(diff.libraries().isEmpty(), diff.libraries().toString());
        assertTrue(diff.targets().isEmpty(), "a target that failed is not dropped: " + diff.targets());
    }

    @Test
    void aProvenanceThatFailed_leavesOriginToolchainsAndSourcesNotCompared_ratherThanUnchanged() {
        ReleaseFacts previous = facts(List.of(target("linux-x86_64", "1")), List.of(tool("rustc", RUSTC)), SOURCES,
                List.of(), List.of());
        CheckResult untrusted = CheckResult.failed(FailureReason.PROVENANCE_UNTRUSTED_KEY, "abc");
        ReleaseFacts current = new ReleaseFacts("g 2", Claim.of(new ArtifactVerdict("g-2.intoto.jsonl", "0".repeat(64),
                List.of(untrusted))), null, List.of(), new TreeMap<>(), List.of(target("linux-x86_64", "1")), List.of(),
                List.of(), List.of(), List.of(), previous.report());

        ReleaseDiff diff = ReleaseDiff.between(previous, current);

        assertEquals(List.of("origin", "toolchains", "sources", "environment"), diff.notCompared());
        assertFalse(current.verified(), "a part that failed fails the audit, whatever the files' verdicts");
        assertTrue(diff.toolchains().isEmpty() && diff.origin().isEmpty(), "nothing unverified is compared: " + diff);
        assertTrue(AuditReport.since(current, previous).table().contains(
                "  toolchains: not compared: a file it comes from did not verify in one of the releases"));
    }

    private static ReleaseFacts facts(List<ReleaseFacts.Target> targets, List<ReleaseFacts.Tool> tools,
            Map<String, ReleaseFacts.Source> sources, List<ReleaseFacts.Dependency> deps, List<ReleaseFacts.Signer> signers) {
        VerificationReport report = new VerificationReport(List.of(new ArtifactVerdict("x.pom", "0".repeat(64),
                List.of(CheckResult.passed(Check.FILE, null, null)))));
        return new ReleaseFacts("g 1", Claim.verified(), new ReleaseFacts.Origin("c0ffee", null, null, "local",
                "https://forgeline.dev/builders/local/v1", null), tools, new TreeMap<>(sources), targets, List.of(), deps,
                signers, List.of(), report);
    }

    /** The facts, their provenance recording each target's build environment as {@code env}. */
    private static ReleaseFacts withEnvironment(ReleaseFacts f, Map<String, String> env) {
        SortedMap<String, SortedMap<String, String>> recorded = new TreeMap<>();
        f.targets().forEach(t -> recorded.put(t.classifier(), new TreeMap<>(env)));
        return new ReleaseFacts(f.release(), f.provenance(), f.origin(), f.toolchains(), f.sources(), f.targets(),
                f.sboms(), f.dependencies(), f.signers(), f.logEntries(), f.report(), recorded);
    }

    private static ReleaseFacts.Target target(String classifier, String digit) {
        return new ReleaseFacts.Target(classifier, classifier + ".jar", "libx.so", digit.repeat(64), RUSTC, "passed", "host",
                digit.repeat(64), Claim.verified());
    }

    private static ReleaseFacts.Tool tool(String name, String version) {
        return new ReleaseFacts.Tool(name, version, null);
    }

    private static ReleaseFacts.Dependency dep(String key, String version) {
        return new ReleaseFacts.Dependency(key, key.substring(key.lastIndexOf('/') + 1), version, key + "@" + version,
                List.of("x-cyclonedx.json"));
    }
}
