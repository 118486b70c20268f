package dev.forgeline.sbom;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A written CycloneDX JSON document: its exact bytes, its serial number, and the SHA-256 of the
 * bytes (what a release manifest records for the file).
 */
public final class SbomDocument {

    private final byte[] bytes;
    private final String serialNumber;
    private final String sha256;

    SbomDocument(byte[] bytes, String serialNumber, String sha256) {
        this.bytes = bytes.clone();
        this.serialNumber = Objects.requireNonNull(serialNumber, "serialNumber");
        this.sha256 = Objects.requireNonNull(sha256, "sha256");
    }

    /** The UTF-8 JSON, as written to the file (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The JSON as text. */
    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The {@code serialNumber}, {@code urn:uuid:<uuid>}. */
    public String serialNumber() {
        return serialNumber;
    }

    /** The SHA-256 of {@link #bytes()}, lower-case hex. */
    public String sha256() {
        return sha256;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SbomDocument d && Arrays.equals(bytes, d.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "SbomDocument[" + serialNumber + ", sha256=" + sha256 + ", " + bytes.length + " bytes]";
    }
}
