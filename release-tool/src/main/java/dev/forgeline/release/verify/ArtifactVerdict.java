package dev.forgeline.release.verify;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Every check made on one artifact; it verifies when none failed. */
public record ArtifactVerdict(String artifact, String sha256, List<CheckResult> checks) {

    public ArtifactVerdict {
        Objects.requireNonNull(artifact, "artifact");
        checks = List.copyOf(checks);
    }

    public boolean verified() {
        return checks.stream().noneMatch(CheckResult::failed);
    }

    public Optional<CheckResult> check(Check check) {
        return checks.stream().filter(c -> c.check() == check).findFirst();
    }

    /** The reasons of the failed checks, in check order. */
    public List<FailureReason> reasons() {
        return checks.stream().filter(CheckResult::failed).map(CheckResult::reason).toList();
    }

    public List<CheckResult> failures() {
        return checks.stream().filter(CheckResult::failed).toList();
    }
}
