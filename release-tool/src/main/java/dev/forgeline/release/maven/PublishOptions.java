package dev.forgeline.release.maven;

import dev.forgeline.release.common.Jobs;
import dev.forgeline.release.maven.central.CentralOptions;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a publish to a remote repository needs beyond the request: how to reach it, the credentials (already
 * resolved), the journal file, and the run's executor for parallel uploads. A file repository uses none of it.
 *
 * @param journal the journal file ({@code publish-journal.json} of the release), or null for a throwaway one
 * @param central  how a release goes to Maven Central's Publisher API ({@code central+https:} repositories)
 */
public record PublishOptions(RepositoryAccess access, RepositoryCredentials credentials, Path journal, Jobs jobs,
        CentralOptions central) {
    public PublishOptions {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(jobs, "jobs");
        Objects.requireNonNull(central, "central");
    }

    /** For any repository but Maven Central's Publisher API (its options at their defaults). */
    public PublishOptions(RepositoryAccess access, RepositoryCredentials credentials, Path journal, Jobs jobs) {
        this(access, credentials, journal, jobs, CentralOptions.defaults());
    }

    /** Defaults, no credentials, no journal, serial. */
    public static PublishOptions defaults() {
        return new PublishOptions(RepositoryAccess.defaults(), RepositoryCredentials.none(), null, Jobs.serial());
    }
}
