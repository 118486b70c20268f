package dev.forgeline.release.audit;

import dev.forgeline.release.verify.ArtifactVerdict;
import dev.forgeline.release.verify.CheckResult;
import java.util.List;
import java.util.Objects;

/**
 * Whether what one part of an audit shows verified: every check of the files it comes from passed ({@code verified}),
 * one did not ({@code failed}, with the checks' {@link dev.forgeline.release.verify.FailureReason}s), or the release has
 * no such file ({@code absent}). What a failed or absent claim would say is never shown as a fact.
 */
public record Claim(State state, List<CheckResult> failures, List<Finding> findings) {
    public enum State { VERIFIED, FAILED, ABSENT }

    public Claim {
        Objects.requireNonNull(state, "state");
        failures = List.copyOf(failures);
        findings = List.copyOf(findings);
        if ((state == State.FAILED) == (failures.isEmpty() && findings.isEmpty())) {
            throw new IllegalArgumentException("a failed claim has a failure, and only a failed claim");
        }
    }

    public static Claim verified() {
        return new Claim(State.VERIFIED, List.of(), List.of());
    }

    public static Claim absent() {
        return new Claim(State.ABSENT, List.of(), List.of());
    }

    public static Claim failed(Finding finding) {
        return new Claim(State.FAILED, List.of(), List.of(finding));
    }

    /** Verified when the file's every check passed, else failed with the checks that did not. */
    public static Claim of(ArtifactVerdict verdict) {
        return verdict.verified() ? verified() : new Claim(State.FAILED, verdict.failures(), List.of());
    }

    public boolean isVerified() {
        return state == State.VERIFIED;
    }

    /** Both claims' failures: verified only when both are; absent when either is and none failed. */
    public Claim and(Claim other) {
        if (state == State.FAILED || other.state == State.FAILED) {
            List<CheckResult> f = new java.util.ArrayList<>(failures);
            other.failures.stream().filter(c -> !f.contains(c)).forEach(f::add);
            List<Finding> n = new java.util.ArrayList<>(findings);
            other.findings.stream().filter(c -> !n.contains(c)).forEach(n::add);
            return new Claim(State.FAILED, f, n);
        }
        return state == State.ABSENT || other.state == State.ABSENT ? absent() : verified();
    }

    /** The failure sentences, each led by its reason ({@code PGP_SIGNATURE_MISMATCH: ...}). */
    public List<String> messages() {
        List<String> out = new java.util.ArrayList<>();
        failures.forEach(c -> out.add(c.reason().name() + ": " + c.message()));
        findings.forEach(f -> out.add(f.reason().name() + ": " + f.message()));
        return out;
    }

    /**
     * A contradiction between files that each verified (the audit's own check, beyond verify's): a smoke result for
     * other bytes than the library shipped, a library whose bytes are not the digest its jar's manifest records.
     */
    public record Finding(Reason reason, String message) {
        public enum Reason {
            /** The provenance's smoke result names another SHA-256 than the library in the target's jar. */
            SMOKE_TESTED_OTHER_LIBRARY,
            /** The library in a platform jar does not have the SHA-256 its JSON manifest beside it records. */
            LIBRARY_DIGEST_MISMATCH,
            /** A file that verified could not be read again with the same SHA-256 (it changed, or is too large). */
            CHANGED_AFTER_VERIFICATION,
            /** A platform jar holds no native library manifest ({@code META-INF/native/<classifier>/*.json}). */
            LIBRARY_MANIFEST_MISSING
        }

        public Finding {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }
}
