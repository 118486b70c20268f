package dev.forgeline.release.maven;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a release goes: one implementation per URL scheme, picked by {@link MavenPublisher} from its
 * scheme-keyed map. A target supplies the staging directory, hands out the repository's current metadata to seed
 * the staging repository with, and moves a verified {@link StagedRelease} into place without ever leaving a
 * half-written version visible.
 *
 * <p>{@link FilePublishTarget} does this with atomic renames on one file system; {@link HttpPublishTarget} with an
 * upload order in which no POM or metadata points at a file that is not in place yet.
 */
interface PublishTarget extends AutoCloseable {

    URI uri();

    /** A new empty directory to stage in; where the target can, on the same file system as the repository. */
    Path createStagingDirectory() throws IOException;

    /**
     * Copies the repository's file at {@code relativePath} to {@code destination}.
     *
     * @return false, copying nothing, when the repository has no such file
     */
    boolean copyIfExists(String relativePath, Path destination) throws IOException;

    /**
     * Moves the staged release into the repository: every version that is new, then the metadata of the artifacts
     * that gained a version. Versions already present must be identical (else {@link
     * PublishException.Reason#VERSION_CONFLICT}, before anything moves). On any failure everything already moved is
     * moved back.
     *
     * @param workDirectory an empty directory for backups, deleted by the caller afterwards
     */
    Promotion promote(StagedRelease staged, Path workDirectory) throws PublishException;

    /** Releases what the target holds open (connections); called once the publish is over. */
    @Override
    default void close() {}

    /** What a promotion wrote and what it left alone. */
    record Promotion(List<PublishResult.PublishedFile> published, List<PublishResult.Skipped> skipped) {
        public Promotion {
            published = List.copyOf(published);
            skipped = List.copyOf(skipped);
        }
    }
}
