package dev.forgeline.release.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A file named by an untrusted list (a release manifest, an index) resolved inside one directory, or why it may not
 * be read. The manifest is unsigned: if it could name a file elsewhere, a correctly signed jar outside the release
 * would stand in for the changed one inside it. So a name is refused when it is absolute, has a {@code ..} or empty
 * segment, or reaches, through a symbolic link at any level, a file outside the directory. The one rule for the
 * stages that publish a release and for the verifier that checks it.
 *
 * @param file the resolved file (null when refused); it need not exist
 * @param refusal why the name was refused (null when it was not)
 * @param detail the name, printable, and what was wrong with it (null when not refused)
 */
public record ConfinedFile(Path file, Refusal refusal, String detail) {

    /** Why a name may not be read. */
    public enum Refusal {
        /** Empty, with a NUL, an empty or {@code .} segment, or not a path of this file system. */
        INVALID,
        /** An absolute path or a drive letter. */
        ABSOLUTE,
        /** A {@code ..} segment, or a name that resolves outside the directory. */
        TRAVERSAL,
        /** A symbolic link on the way leads out of the directory (or dangles). */
        SYMLINK_ESCAPE
    }

    /** {@code entry} ('/'-separated, relative) inside {@code dir}. */
    public static ConfinedFile resolve(Path dir, String entry) {
        if (entry == null || entry.isEmpty() || entry.indexOf('\0') >= 0) {
            return refused(Refusal.INVALID, "(" + printable(entry) + ")");
        }
        if (entry.startsWith("/") || entry.startsWith("\\") || entry.matches("^[A-Za-z]:.*")) {
            return refused(Refusal.ABSOLUTE, "(" + printable(entry) + ")");
        }
        for (String segment : entry.split("[/\\\\]", -1)) {
            if (segment.equals("..")) {
                return refused(Refusal.TRAVERSAL, "(" + printable(entry) + ")");
            }
            if (segment.isEmpty() || segment.equals(".")) {
                return refused(Refusal.INVALID, "(" + printable(entry) + ": empty or '.' segment)");
            }
        }
        Path base = dir.toAbsolutePath().normalize();
        Path file;
        try {
            file = base.resolve(entry).normalize();
        } catch (InvalidPathException e) {
            return refused(Refusal.INVALID, "(" + printable(entry) + ")");
        }
        if (!file.startsWith(base) || file.equals(base)) {
            return refused(Refusal.TRAVERSAL, "(" + printable(entry) + ")");
        }
        // A symbolic link anywhere on the way may point out of the directory: compare the real paths.
        try {
            Path realBase = base.toRealPath();
            Path real = file.toRealPath();
            if (!real.startsWith(realBase)) {
                return refused(Refusal.SYMLINK_ESCAPE, "(" + printable(entry) + " -> " + real + ")");
            }
        } catch (NoSuchFileException e) {
            // A dangling link is a link leaving the directory as far as we can tell; a plain absent file is missing.
            if (Files.isSymbolicLink(file) || hasLinkOnTheWay(base, file)) {
                return refused(Refusal.SYMLINK_ESCAPE, "(" + printable(entry) + ": dangling link)");
            }
            return new ConfinedFile(file, null, null);
        } catch (IOException e) {
            return refused(Refusal.INVALID, "(" + printable(entry) + ": " + e.getClass().getSimpleName() + ")");
        }
        return new ConfinedFile(file, null, null);
    }

    public boolean refused() {
        return refusal != null;
    }

    private static boolean hasLinkOnTheWay(Path base, Path file) {
        for (Path p = file.getParent(); p != null && p.startsWith(base) && !p.equals(base); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                return true;
            }
        }
        return false;
    }

    private static ConfinedFile refused(Refusal refusal, String detail) {
        return new ConfinedFile(null, refusal, detail);
    }

    /** The name with control characters escaped, so a hostile name cannot forge report or message lines. */
    public static String printable(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.length() > 200 ? out.substring(0, 200) + "…" : out.toString();
    }
}
