package dev.forgeline.release.registry;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;

/**
 * A registry request that failed: the method, the URL (without its query, which may carry upload state), the HTTP
 * status (0: no answer) and what the registry said, with a hint. Exit 5, as every refused or failed transfer of
 * {@code publish} (docs/cli.md). Never holds a secret: the client redacts its own credentials from anything echoed.
 */
public final class RegistryException extends ForgelineException {
    private final int status;

    RegistryException(int status, String message, String hint, Throwable cause) {
        super(ExitCode.PUBLISH_FAILED, message, hint, cause);
        this.status = status;
    }

    /** The HTTP status, or 0 when the registry did not answer. */
    public int status() {
        return status;
    }
}
