package dev.forgeline.release.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A file named by an untrusted list (a release manifest, an index) resolved inside one directory, or why it may not
 * be read. The manifest is unsigned: if it could name a file elsewhere, a correctly signed jar outside the release
 * would stand in for the changed one inside it. So a name is refused when it is absolute, has a {@code ..} or empty
 * segment, or reaches, through a symbolic link at any level, a file outside the directory.
 */
public record ConfinedPath(Path file, CheckResult refusal) {

    /** {@code entry} ('/'-separated, relative) inside {@code dir}. */
    public static ConfinedPath resolve(Path dir, String entry) {
        if (entry == null || entry.isEmpty() || entry.indexOf('\0') >= 0) {
            return refused(FailureReason.PATH_INVALID, "(" + printable(entry) + ")");
        }
        if (entry.startsWith("/") || entry.startsWith("\\") || entry.matches("^[A-Za-z]:.*")) {
            return refused(FailureReason.PATH_ABSOLUTE, "(" + printable(entry) + ")");
        }
        for (String segment : entry.split("[/\\\\]", -1)) {
            if (segment.equals("..")) {
                return refused(FailureReason.PATH_TRAVERSAL, "(" + printable(entry) + ")");
            }
            if (segment.isEmpty() || segment.equals(".")) {
                return refused(FailureReason.PATH_INVALID, "(" + printable(entry) + ": empty or '.' segment)");
            }
        }
        Path base = dir.toAbsolutePath().normalize();
        Path file;
        try {
            file = base.resolve(entry).normalize();
        } catch (InvalidPathException e) {
            return refused(FailureReason.PATH_INVALID, "(" + printable(entry) + ")");
        }
        if (!file.startsWith(base) || file.equals(base)) {
            return refused(FailureReason.PATH_TRAVERSAL, "(" + printable(entry) + ")");
        }
        // A symbolic link anywhere on the way may point out of the directory: compare the real paths.
        try {
            Path realBase = base.toRealPath();
            Path real = file.toRealPath();
            if (!real.startsWith(realBase)) {
                return refused(FailureReason.PATH_SYMLINK_ESCAPE, "(" + printable(entry) + " -> " + real + ")");
            }
        } catch (NoSuchFileException e) {
            // A dangling link is a link leaving the directory as far as we can tell; a plain absent file is missing.
            if (Files.isSymbolicLink(file) || hasLinkOnTheWay(base, file)) {
                return refused(FailureReason.PATH_SYMLINK_ESCAPE, "(" + printable(entry) + ": dangling link)");
            }
            return new ConfinedPath(file, null);
        } catch (IOException e) {
            return refused(FailureReason.PATH_INVALID, "(" + printable(entry) + ": " + e.getClass().getSimpleName() + ")");
        }
        return new ConfinedPath(file, null);
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

    private static ConfinedPath refused(FailureReason reason, String detail) {
        return new ConfinedPath(null, CheckResult.failed(reason, detail));
    }

    /** The entry with control characters escaped, so a hostile name cannot forge report lines. */
    static String printable(String s) {
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
