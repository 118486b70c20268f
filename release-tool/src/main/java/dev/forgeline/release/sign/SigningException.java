package dev.forgeline.release.sign;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;

/**
 * Signing, or loading a signing key, failed. Messages name the key by its public id and the source by its file or
 * environment variable name; they never carry key material or passphrases, and the cause is dropped when it
 * could (BouncyCastle messages may quote key bytes).
 */
public final class SigningException extends ForgelineException {
    public SigningException(String message, String hint) {
        super(ExitCode.USAGE, message, hint, null);
    }

    /** A failure that is not the user's input (a JCA provider refused a key it accepted before). */
    public static SigningException internal(String message) {
        return new SigningException(message, "this is likely a bug in forgeline; please report it");
    }
}
