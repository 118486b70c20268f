package dev.forgeline.release.check;

import java.util.List;
import java.util.Objects;

/** One reason a library must not be published, with the names it concerns (symbols, libraries). */
public record Finding(Reason reason, String message, List<String> subjects) {

    public enum Reason {
        /** The file cannot be read. */
        UNREADABLE,
        /** Truncated or inconsistent headers. */
        CORRUPT,
        /** Not a binary format the target uses (an ELF for Windows, a text file, ...). */
        WRONG_FORMAT,
        /** A binary, but an executable or object file rather than a shared library. */
        NOT_A_LIBRARY,
        /** Built for another CPU (e_machine, PE Machine, Mach-O cputype). */
        WRONG_MACHINE,
        /** 32-bit where 64-bit is needed or the reverse. */
        WRONG_CLASS,
        /** Little-endian where big-endian is needed or the reverse. */
        WRONG_BYTE_ORDER,
        /** The right CPU but another ABI (ppc64 ELFv1, ARM soft-float or not EABI5). */
        WRONG_ABI,
        /** Needs a glibc symbol version newer than the policy allows. */
        GLIBC_TOO_NEW,
        /** Needs a shared library outside the policy's allow-list. */
        DISALLOWED_NEEDED
    }

    public Finding {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        subjects = List.copyOf(subjects);
    }

    public static Finding of(Reason reason, String message) {
        return new Finding(reason, message, List.of());
    }

    @Override
    public String toString() {
        return reason + ": " + message;
    }
}
