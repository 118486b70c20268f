package dev.forgeline.release.sign;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;

/**
 * A keyless-signing service (the OIDC token endpoint, Fulcio, Rekor) could not be reached or refused. Messages name
 * the service and its answer's status and message, never the token (see {@link IdentityToken#redact}).
 */
public final class KeylessServiceException extends ForgelineException {
    public KeylessServiceException(String message) {
        super(ExitCode.SIGNING_SERVICE_FAILED, message, "check the service URL (--signing-config) and that it is up;"
                + " rerun sign to resume: artifacts already signed are kept", null);
    }
}
