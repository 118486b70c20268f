package dev.forgeline.sbom;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Why an SBOM could not be built or written: which {@link Reason}, in which file and at which line
 * (when the input is a file), and a hint for the fix.
 *
 * <p>The message reads {@code <file>:<line>: <detail> (hint: <hint>)}, the way compilers report, so
 * a CI log line leads straight to the place to fix.
 */
public final class SbomException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong, as data: callers and tests branch on this, not on the message. */
    public enum Reason {
        /** An input file could not be read. */
        IO,
        /** An input is not well-formed (TOML syntax, a value of the wrong kind, a bad checksum). */
        MALFORMED_INPUT,
        /** A required field is absent (a lock file package without a version, a crate without a name). */
        MISSING_FIELD,
        /** An input is well-formed but uses something this library does not read (lock file version 5). */
        UNSUPPORTED_INPUT,
        /** A reference names nothing, or more than one thing (a dependency, the root crate). */
        UNRESOLVED_REFERENCE,
        /** Two inputs claim the same identity (two artifacts with one coordinate). */
        DUPLICATE,
        /** The document written does not conform to the CycloneDX schema. */
        INVALID_DOCUMENT
    }

    private final Reason reason;
    private final transient Path file;
    private final int line;
    private final String detail;
    private final String hint;
    private final List<String> problems;

    private SbomException(Reason reason, Path file, int line, String detail, String hint,
            List<String> problems, Throwable cause) {
        super(format(file, line, detail, hint), cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.file = file;
        this.line = line;
        this.detail = Objects.requireNonNull(detail, "detail");
        this.hint = hint;
        this.problems = List.copyOf(problems);
    }

    /** An error about a whole file (or about no file, when {@code file} is null). */
    static SbomException of(Reason reason, Path file, String detail, String hint) {
        return new SbomException(reason, file, 0, detail, hint, List.of(), null);
    }

    /** An error about a whole file (or none), caused by {@code cause}. */
    static SbomException of(Reason reason, Path file, String detail, String hint, Throwable cause) {
        return new SbomException(reason, file, 0, detail, hint, List.of(), cause);
    }

    /** An error at a 1-based line of a file. */
    static SbomException at(Reason reason, Path file, int line, String detail, String hint) {
        return new SbomException(reason, file, line, detail, hint, List.of(), null);
    }

    static SbomException io(Path file, String doing, Throwable cause) {
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return new SbomException(Reason.IO, file, 0, "cannot " + doing + " (" + why + ")",
                "check that the file exists and is readable", List.of(), cause);
    }

    static SbomException invalidDocument(List<String> problems) {
        return new SbomException(Reason.INVALID_DOCUMENT, null, 0,
                "the document does not conform to the CycloneDX 1.6 JSON schema: "
                        + String.join("; ", problems),
                "this is a bug in the code that built the Bom: report it with the input files",
                problems, null);
    }

    public Reason reason() {
        return reason;
    }

    /** The input file at fault, if the error is about one. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** The 1-based line in {@link #file()}, if known. */
    public OptionalInt line() {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }

    /** What is wrong, without the location or the hint. */
    public String detail() {
        return detail;
    }

    /** How to fix it, if there is advice to give. */
    public Optional<String> hint() {
        return Optional.ofNullable(hint);
    }

    /** For {@link Reason#INVALID_DOCUMENT}: each schema violation; otherwise empty. */
    public List<String> problems() {
        return problems;
    }

    private static String format(Path file, int line, String detail, String hint) {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file);
            if (line > 0) {
                sb.append(':').append(line);
            }
            sb.append(": ");
        }
        sb.append(detail);
        if (hint != null) {
            sb.append(" (hint: ").append(hint).append(')');
        }
        return sb.toString();
    }
}
