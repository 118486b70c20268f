package dev.forgeline.release;

/** Process exit codes of the forgeline CLI; documented in docs/cli.md. */
public enum ExitCode {
    OK(0),
    /** Something was checked and did not pass (a smoke test, a signature, a digest). */
    CHECK_FAILED(1),
    /** Bad command line or bad release.yaml. */
    USAGE(2),
    /** A required tool (cargo, rustc, mvn, a cross linker) is missing or too old. */
    TOOLCHAIN_MISSING(3),
    /** A build step (cargo, mvn, packaging) failed. */
    BUILD_FAILED(4),
    /** Publishing failed: a file repository is unchanged, a remote one resumable (publish-journal.json). */
    PUBLISH_FAILED(5),
    /** The repository already holds a file of the release with other bytes; nothing was overwritten. */
    PUBLISH_CONFLICT(6),
    /** A signing service (the OIDC token endpoint, Fulcio, Rekor) could not be reached or refused the request. */
    SIGNING_SERVICE_FAILED(7),
    /** A bug in forgeline. */
    INTERNAL(70);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
