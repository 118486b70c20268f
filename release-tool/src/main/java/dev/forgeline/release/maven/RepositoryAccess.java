package dev.forgeline.release.maven;

import java.time.Duration;
import java.util.Objects;

/**
 * How a remote (HTTP or HTTPS) repository is reached: where its credentials come from, how failed transfers are
 * retried, how many uploads run at once, and the timeouts. A file repository ignores all of it.
 *
 * @param parallelUploads at most this many files in flight at once (1: one after another)
 * @param connectTimeout  to open a connection
 * @param requestTimeout  the longest silence while a request or its answer is under way (a stalled server)
 */
public record RepositoryAccess(CredentialsSource credentials, RetryPolicy retry, int parallelUploads,
        Duration connectTimeout, Duration requestTimeout) {

    public static final int DEFAULT_PARALLEL_UPLOADS = 4;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

    public RepositoryAccess {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(retry, "retry");
        if (parallelUploads < 1) {
            throw new IllegalArgumentException("parallelUploads must be at least 1, got " + parallelUploads);
        }
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /** Credentials from the environment, default retries, uploads and timeouts. */
    public static RepositoryAccess defaults() {
        return new RepositoryAccess(CredentialsSource.environment(), RetryPolicy.DEFAULT, DEFAULT_PARALLEL_UPLOADS,
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    public RepositoryAccess withCredentials(CredentialsSource source) {
        return new RepositoryAccess(source, retry, parallelUploads, connectTimeout, requestTimeout);
    }

    public RepositoryAccess withRetry(RetryPolicy policy) {
        return new RepositoryAccess(credentials, policy, parallelUploads, connectTimeout, requestTimeout);
    }

    public RepositoryAccess withParallelUploads(int uploads) {
        return new RepositoryAccess(credentials, retry, uploads, connectTimeout, requestTimeout);
    }

    public RepositoryAccess withTimeouts(Duration connect, Duration request) {
        return new RepositoryAccess(credentials, retry, parallelUploads, connect, request);
    }
}
