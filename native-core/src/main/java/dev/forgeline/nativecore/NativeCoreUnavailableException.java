package dev.forgeline.nativecore;

/**
 * The native core cannot run here. There is no Java fallback: the message always names the detected
 * platform, the platforms this release supports and how to build the library from source.
 *
 * <p>{@link #reason()} says which step failed, as data, so that callers and tests can tell a missing
 * platform build from a tampered one without parsing the message.
 */
public class NativeCoreUnavailableException extends RuntimeException {

    /** Which step of finding, checking and loading the library failed. */
    public enum Reason {
        /** No {@code META-INF/native/<classifier>/<library>.json} for this platform on the class path. */
        NO_BUILD_FOR_PLATFORM,
        /** The manifest is unreadable or inconsistent, or the library file it names is missing. */
        INVALID_PACKAGE,
        /** The library's SHA-256 (or size) differs from its manifest; nothing was loaded. */
        DIGEST_MISMATCH,
        /** The library could not be written to, or reused from, the extraction cache. */
        EXTRACTION_FAILED,
        /** The operating system refused to load the library, or it lacks the JNI entry points. */
        LINK_FAILED,
        /** Not classified (thrown through the message-only constructors). */
        UNSPECIFIED
    }

    private final Reason reason;

    public NativeCoreUnavailableException(String message) {
        this(Reason.UNSPECIFIED, message, null);
    }

    public NativeCoreUnavailableException(String message, Throwable cause) {
        this(Reason.UNSPECIFIED, message, cause);
    }

    public NativeCoreUnavailableException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason == null ? Reason.UNSPECIFIED : reason;
    }

    public Reason reason() {
        return reason;
    }
}
