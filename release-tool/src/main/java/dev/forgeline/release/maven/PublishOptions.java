package dev.forgeline.release.maven;

import dev.forgeline.release.common.Jobs;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a publish to a remote repository needs beyond the request: how to reach it, the credentials (already
 * resolved), the journal file, and the run's executor for parallel uploads. A file repository uses none of it.
 *
 * @param journal the journal file ({@code publish-journal.json} of the release), or null for a throwaway one
 */
public record PublishOptions(RepositoryAccess access, RepositoryCredentials credentials, Path journal, Jobs jobs) {
    public PublishOptions {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(jobs, "jobs");
    }

    /** Defaults, no credentials, no journal, serial. */
    public static PublishOptions defaults() {
        return new PublishOptions(RepositoryAccess.defaults(), RepositoryCredentials.none(), null, Jobs.serial());
    }
}
