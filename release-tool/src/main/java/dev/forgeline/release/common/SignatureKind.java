package dev.forgeline.release.common;

/** The signatures written next to every published file, with the suffix of their file. */
public enum SignatureKind {
    /** Detached, ASCII-armored OpenPGP signature, as Maven Central requires. */
    PGP(".asc"),
    /** Sigstore bundle (media type v0.3) with a message signature over the file's SHA-256. */
    SIGSTORE(".sigstore.json");

    private final String suffix;

    SignatureKind(String suffix) {
        this.suffix = suffix;
    }

    /** Appended to the signed file's name: {@code x.jar} → {@code x.jar.asc}. */
    public String suffix() {
        return suffix;
    }

    /** The name of the signature file of {@code fileName}. */
    public String fileNameFor(String fileName) {
        return fileName + suffix;
    }

    /** Lower-case name used in the manifest and in reports. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
