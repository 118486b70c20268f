package dev.forgeline.release.maven;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import java.util.Objects;

/**
 * Publishing failed or was refused. {@link #reason()} says which check or step failed, as data; the message says
 * what and where, {@link #hint()} how to fix it. For a file repository, unless the reason is
 * {@link Reason#ROLLBACK_FAILED}, the target repository is exactly as it was before the publish started; for a remote
 * one, files uploaded so far stay, not reachable through any POM or metadata, and the next run resumes.
 */
public class PublishException extends ForgelineException {

    /** Which check or step failed. */
    public enum Reason {
        /** The repository URL has a scheme no transport handles, or is malformed. */
        UNSUPPORTED_REPOSITORY,
        /** The request itself is wrong: a missing file, a duplicate coordinate, a SNAPSHOT, a version without pom. */
        INVALID_REQUEST,
        /** A file's SHA-256 is not the one the request expects (it changed after it was verified and signed). */
        DIGEST_MISMATCH,
        /**
         * A version directory (file repository) or a file (remote repository) already exists in the repository with
         * different content: releases are immutable, nothing was overwritten.
         */
        VERSION_CONFLICT,
        /** The repository's existing maven-metadata.xml is unreadable or does not match its checksum files. */
        TARGET_METADATA_INVALID,
        /** maven-resolver could not deploy into the staging directory. */
        DEPLOY_FAILED,
        /** What was staged does not match the request (content, checksum files, maven-metadata.xml). */
        STAGING_VERIFICATION_FAILED,
        /** Reading the repository or moving staged files into it failed; everything moved was moved back. */
        PROMOTION_FAILED,
        /** Moving into place failed and so did undoing it: the repository needs a manual look (see message). */
        ROLLBACK_FAILED,
        /**
         * An HTTP transfer failed: at once (401, 403, 404, 409, other 4xx) or after its retries (resets, timeouts,
         * 429, 5xx). The message names the method, the file's URL and the status.
         */
        TRANSFER_FAILED,
        /** A file uploaded to a remote repository read back with other bytes (or not at all). */
        READBACK_MISMATCH,
        /**
         * The release's copy in a separate staging repository failed verification (a file, a checksum file or a
         * signature there is not what was uploaded): nothing was promoted to the target.
         */
        STAGED_COPY_UNVERIFIED
    }

    private final Reason reason;

    public PublishException(Reason reason, String message, String hint) {
        this(reason, message, hint, null);
    }

    public PublishException(Reason reason, String message, String hint, Throwable cause) {
        super(exitCodeOf(Objects.requireNonNull(reason, "reason")), message, hint, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    private static ExitCode exitCodeOf(Reason reason) {
        return switch (reason) {
            case UNSUPPORTED_REPOSITORY, INVALID_REQUEST -> ExitCode.USAGE;
            case VERSION_CONFLICT -> ExitCode.PUBLISH_CONFLICT;
            case STAGED_COPY_UNVERIFIED -> ExitCode.CHECK_FAILED;
            default -> ExitCode.PUBLISH_FAILED;
        };
    }
}
