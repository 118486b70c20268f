package dev.forgeline.release.verify;

import java.util.Objects;

/**
 * The outcome of one check on one artifact: passed (with what it found, such as the key id), not applicable (a
 * signature the policy does not require and that is absent), or failed with its {@link FailureReason}, a detail
 * completing the reason, and the cause when a library threw.
 */
public record CheckResult(Check check, Status status, FailureReason reason, String detail, String keyId,
        Throwable cause) {

    public enum Status { PASSED, NOT_PRESENT, FAILED }

    public CheckResult {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(status, "status");
        if ((status == Status.FAILED) != (reason != null)) {
            throw new IllegalArgumentException("a failed check has a reason, and only a failed check");
        }
        if (reason != null && reason.check() != check) {
            throw new IllegalArgumentException(reason + " is not a reason of check " + check);
        }
    }

    public static CheckResult passed(Check check, String detail, String keyId) {
        return new CheckResult(check, Status.PASSED, null, detail, keyId, null);
    }

    public static CheckResult notPresent(Check check) {
        return new CheckResult(check, Status.NOT_PRESENT, null, null, null, null);
    }

    public static CheckResult failed(FailureReason reason, String detail) {
        return failed(reason, detail, null, null);
    }

    public static CheckResult failed(FailureReason reason, String detail, String keyId, Throwable cause) {
        return new CheckResult(reason.check(), Status.FAILED, reason, detail, keyId, cause);
    }

    public boolean failed() {
        return status == Status.FAILED;
    }

    /** The failure sentence, or null. */
    public String message() {
        return reason == null ? null : reason.describe(detail);
    }
}
