package dev.forgeline.release.check;

/** A file is not the binary format it claims to be, or is truncated or inconsistent. */
public final class BinaryFormatException extends Exception {
    public BinaryFormatException(String message) {
        super(message);
    }
}
