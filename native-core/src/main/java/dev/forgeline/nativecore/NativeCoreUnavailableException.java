package dev.forgeline.nativecore;

/**
 * The native core cannot run here. There is no Java fallback: the message always names the detected
 * platform, the platforms this release supports and how to build the library from source.
 */
public class NativeCoreUnavailableException extends RuntimeException {
    public NativeCoreUnavailableException(String message) {
        super(message);
    }

    public NativeCoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
