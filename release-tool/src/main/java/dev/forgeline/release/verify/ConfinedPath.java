package dev.forgeline.release.verify;

import dev.forgeline.release.common.ConfinedFile;
import java.nio.file.Path;

/**
 * A file named by an untrusted list (a release manifest, an index) resolved inside one directory by the shared rule
 * ({@link ConfinedFile}), or the check result that refuses it, with a {@link FailureReason} for each kind of refusal.
 */
public record ConfinedPath(Path file, CheckResult refusal) {

    /** {@code entry} ('/'-separated, relative) inside {@code dir}. */
    public static ConfinedPath resolve(Path dir, String entry) {
        ConfinedFile confined = ConfinedFile.resolve(dir, entry);
        if (!confined.refused()) {
            return new ConfinedPath(confined.file(), null);
        }
        FailureReason reason = switch (confined.refusal()) {
            case INVALID -> FailureReason.PATH_INVALID;
            case ABSOLUTE -> FailureReason.PATH_ABSOLUTE;
            case TRAVERSAL -> FailureReason.PATH_TRAVERSAL;
            case SYMLINK_ESCAPE -> FailureReason.PATH_SYMLINK_ESCAPE;
        };
        return new ConfinedPath(null, CheckResult.failed(reason, confined.detail()));
    }

    public boolean refused() {
        return refusal != null;
    }

    /** The name with control characters escaped, so a hostile name cannot forge report lines. */
    static String printable(String s) {
        return ConfinedFile.printable(s);
    }
}
