package dev.forgeline.release.maven;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Resolving an artifact and its dependencies from a repository failed. {@link #reason()} says why, as data;
 * {@link #coordinate()} names the artifact that could not be had (which may be a transitive dependency of the one
 * asked for) and {@link #repository()} where it was looked for.
 */
public class ResolutionException extends ForgelineException {

    /** Why resolution failed. */
    public enum Reason {
        /** The repository URL has a scheme no transport handles, or is malformed. */
        UNSUPPORTED_REPOSITORY,
        /** An artifact (or the pom describing it) is not in the repository. */
        NOT_FOUND,
        /** An artifact was found but its content does not match its checksum file, or it has none. */
        CHECKSUM_MISMATCH,
        /** A pom could not be read or is invalid. */
        INVALID_DESCRIPTOR,
        /** Anything else resolver reported (I/O, a version conflict it could not settle, ...). */
        FAILED
    }

    private final Reason reason;
    private final String coordinate;
    private final URI repository;

    public ResolutionException(
            Reason reason, String coordinate, URI repository, String message, String hint, Throwable cause) {
        super(Objects.requireNonNull(reason, "reason") == Reason.UNSUPPORTED_REPOSITORY
                        ? ExitCode.USAGE
                        : ExitCode.CHECK_FAILED,
                message, hint, cause);
        this.reason = reason;
        this.coordinate = coordinate;
        this.repository = repository;
    }

    public Reason reason() {
        return reason;
    }

    /** The artifact that could not be resolved, {@code g:a:v[:classifier][@extension]}, when known. */
    public Optional<String> coordinate() {
        return Optional.ofNullable(coordinate);
    }

    /** The repository it was looked for in. */
    public URI repository() {
        return repository;
    }
}
