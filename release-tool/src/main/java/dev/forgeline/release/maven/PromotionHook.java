package dev.forgeline.release.maven;

import java.io.IOException;

/**
 * Called before each move of a staged path into the repository. For tests: a hook that throws simulates a
 * failure in the middle of a promotion (a full disk, a lost mount) so the rollback can be checked.
 */
@FunctionalInterface
interface PromotionHook {

    PromotionHook NONE = relativePath -> {};

    /** @param relativePath the version directory or metadata file about to be moved, relative to the repository */
    void beforeMove(String relativePath) throws IOException;
}
