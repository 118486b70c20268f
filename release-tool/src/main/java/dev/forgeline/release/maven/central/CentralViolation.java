package dev.forgeline.release.maven.central;

import java.util.Objects;

/**
 * One way a file of a release breaks Maven Central's requirements, as data: which file (relative path in repository
 * layout), which rule, and a message for people.
 */
public record CentralViolation(String path, Rule rule, String message) implements Comparable<CentralViolation> {

    /** Central's requirements (https://central.sonatype.org/publish/requirements/), one constant per check. */
    public enum Rule {
        /** A POM lacks name, description, url, licenses, developers or scm (own or inherited from the bundle). */
        POM_METADATA,
        /** A POM names other coordinates than its path in the repository. */
        POM_COORDINATES,
        /** A main {@code artifactId-version.jar} without {@code -sources.jar} or {@code -javadoc.jar}. */
        SOURCES_OR_JAVADOC_MISSING,
        /** A file without its {@code .asc} PGP signature. */
        SIGNATURE_MISSING,
        /** A file without {@code .md5} or {@code .sha1}. */
        CHECKSUM_MISSING,
        /** A checksum file ({@code .md5}, {@code .sha1}, {@code .sha256}, {@code .sha512}) with the wrong value. */
        CHECKSUM_WRONG,
        /** A POM that is not readable XML, or a file outside a group/artifact/version directory. */
        UNREADABLE
    }

    public CentralViolation {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public int compareTo(CentralViolation other) {
        int byPath = path.compareTo(other.path);
        return byPath != 0 ? byPath : rule.compareTo(other.rule);
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
