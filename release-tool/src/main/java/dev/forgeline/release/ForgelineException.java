package dev.forgeline.release;

/**
 * An error a user can act on: what went wrong, where, and a hint for the fix, with the exit code the
 * CLI ends with. Messages never carry secrets.
 */
public class ForgelineException extends RuntimeException {
    private final ExitCode exitCode;
    private final String hint;

    public ForgelineException(ExitCode exitCode, String message, String hint) {
        this(exitCode, message, hint, null);
    }

    public ForgelineException(ExitCode exitCode, String message, String hint, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.hint = hint;
    }

    public static ForgelineException usage(String message, String hint) {
        return new ForgelineException(ExitCode.USAGE, message, hint);
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    /** How to fix it, or null. */
    public String hint() {
        return hint;
    }
}
