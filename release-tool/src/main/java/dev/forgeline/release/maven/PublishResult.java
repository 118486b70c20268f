package dev.forgeline.release.maven;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * What a publish did: every file it put into the repository (artifacts, their checksum files, maven-metadata.xml
 * and its checksum files), and what it left alone because it was already there.
 *
 * @param published files now in the repository that this publish wrote, sorted by path
 * @param skipped   version directories and metadata files left as they were, sorted by path
 * @param warnings  things that did not stop the publish but deserve a look (e.g. a staging directory that could
 *                  not be deleted)
 */
public record PublishResult(
        URI repository, List<PublishedFile> published, List<Skipped> skipped, List<String> warnings) {

    public PublishResult {
        Objects.requireNonNull(repository, "repository");
        published = List.copyOf(published);
        skipped = List.copyOf(skipped);
        warnings = List.copyOf(warnings);
    }

    /**
     * One file written to the repository.
     *
     * @param path   relative to the repository root, with {@code /}
     * @param size   in bytes
     * @param sha256 lower-case hex
     */
    public record PublishedFile(String path, long size, String sha256) {
        public PublishedFile {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(sha256, "sha256");
        }
    }

    /**
     * Something not written because the repository already has it.
     *
     * @param path   relative to the repository root: a version directory or a metadata file
     * @param reason for people, e.g. {@value MavenPublisher#ALREADY_PUBLISHED_IDENTICAL}
     */
    public record Skipped(String path, String reason) {
        public Skipped {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** True when the publish changed nothing (a rerun of a finished publish). */
    public boolean nothingPublished() {
        return published.isEmpty();
    }
}
