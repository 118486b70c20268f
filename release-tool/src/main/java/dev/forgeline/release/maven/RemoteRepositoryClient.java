package dev.forgeline.release.maven;

import dev.forgeline.release.common.RepositoryUris;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.eclipse.aether.ConfigurationProperties;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession.CloseableSession;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.spi.connector.transport.GetTask;
import org.eclipse.aether.spi.connector.transport.PeekTask;
import org.eclipse.aether.spi.connector.transport.PutTask;
import org.eclipse.aether.spi.connector.transport.Transporter;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.transfer.NoTransporterException;

/**
 * One file at a time to and from an HTTP(S) repository, on maven-resolver's transporter layer (its Apache HttpClient
 * transport: authentication, proxies, TLS, streaming from and to files, so no file is ever held in memory). Every
 * request is retried under the {@link RetryPolicy} when its failure may pass ({@link TransferFailure}); resolver's own
 * retries are switched off so there is one policy. Safe to use from several threads: the transporter pools its
 * connections.
 */
final class RemoteRepositoryClient implements AutoCloseable {
    private static final String REPOSITORY_ID = "forgeline-target";

    private final URI repository;
    private final RetryPolicy retry;
    private final RepositorySystem system;
    private final CloseableSession session;
    private final Transporter transporter;
    private final RandomGenerator random = RandomGenerator.getDefault();

    private RemoteRepositoryClient(URI repository, RetryPolicy retry, RepositorySystem system, CloseableSession session,
            Transporter transporter) {
        this.repository = repository;
        this.retry = retry;
        this.system = system;
        this.session = session;
        this.transporter = transporter;
    }

    /**
     * @param workDirectory a directory of the caller's, for the session's (unused) local repository
     */
    static RemoteRepositoryClient open(URI repository, RepositoryCredentials credentials, RepositoryAccess access,
            ResolverSupplier resolver, Path workDirectory) throws PublishException {
        Objects.requireNonNull(credentials, "credentials");
        RepositorySystemSupplier parts = resolver.getRepositorySystemSupplier();
        RepositorySystem system = parts.get();
        CloseableSession session = null;
        try {
            var builder = resolver.getSessionBuilder(system)
                    .withLocalRepositoryBaseDirectories(workDirectory.resolve("local-repository"))
                    .setConfigProperty(ConfigurationProperties.CONNECT_TIMEOUT, (int) access.connectTimeout().toMillis())
                    .setConfigProperty(ConfigurationProperties.REQUEST_TIMEOUT, (int) access.requestTimeout().toMillis())
                    // One retry policy, ours: resolver's transport retries nothing itself.
                    .setConfigProperty(ConfigurationProperties.HTTP_RETRY_HANDLER_COUNT, 0)
                    .setConfigProperty(ConfigurationProperties.HTTP_RETRY_HANDLER_SERVICE_UNAVAILABLE, "")
                    .setConfigProperty(ConfigurationProperties.HTTP_PREEMPTIVE_AUTH, true)
                    // No "Expect: 100-continue": nginx answers a refused PUT (401) without reading its body, the
                    // connection then desynchronises and the next request on it gets a 400 in place of the real cause.
                    // A string: resolver reads this key with ConfigUtils.getString, which ignores a Boolean.
                    .setConfigProperty(ConfigurationProperties.HTTP_EXPECT_CONTINUE, "false")
                    .setConfigProperty(ConfigurationProperties.HTTP_MAX_CONNECTIONS_PER_ROUTE,
                            Math.max(2, access.parallelUploads() * 2));
            if (credentials.bearerHeader() != null) {
                builder.setConfigProperty(ConfigurationProperties.HTTP_HEADERS + "." + REPOSITORY_ID,
                        Map.of("Authorization", credentials.bearerHeader()));
            }
            session = builder.build();
            RemoteRepository remote = new RemoteRepository.Builder(REPOSITORY_ID, "default", repository.toString())
                    .setAuthentication(credentials.authentication())
                    .build();
            Transporter transporter = parts.getTransporterProvider().newTransporter(session, remote);
            return new RemoteRepositoryClient(repository, access.retry(), system, session, transporter);
        } catch (NoTransporterException | RuntimeException e) {
            if (session != null) {
                session.close();
            }
            system.close();
            throw new PublishException(PublishException.Reason.UNSUPPORTED_REPOSITORY,
                    "Cannot reach " + repository + " over HTTP: " + e.getMessage(),
                    "Check the repository URL (http:// or https://, with a host).", e);
        }
    }

    URI repository() {
        return repository;
    }

    /** The URL of a file in the repository, for messages (the repository URL never holds credentials). */
    String urlOf(String relativePath) {
        return RepositoryUris.withTrailingSlash(repository) + relativePath;
    }

    /**
     * Downloads the repository's file at {@code relativePath} into {@code destination} (streamed).
     *
     * @return false, writing nothing, when the repository has no such file (404)
     */
    boolean fetch(String relativePath, Path destination) throws PublishException {
        return withRetries("GET", relativePath, () -> {
            Files.createDirectories(destination.getParent());
            try {
                transporter.get(new GetTask(URI.create(relativePath)).setDataPath(destination));
                return true;
            } catch (Exception e) {
                Files.deleteIfExists(destination);
                if (transporter.classify(e) == Transporter.ERROR_NOT_FOUND) {
                    return false;
                }
                throw e;
            }
        });
    }

    /** Whether the repository has a file at {@code relativePath} (HEAD). */
    boolean exists(String relativePath) throws PublishException {
        return withRetries("HEAD", relativePath, () -> {
            try {
                transporter.peek(new PeekTask(URI.create(relativePath)));
                return true;
            } catch (Exception e) {
                if (transporter.classify(e) == Transporter.ERROR_NOT_FOUND) {
                    return false;
                }
                throw e;
            }
        });
    }

    /** Uploads {@code file} to {@code relativePath} (PUT, streamed from the file). */
    void put(String relativePath, Path file) throws PublishException {
        withRetries("PUT", relativePath, () -> {
            transporter.put(new PutTask(URI.create(relativePath)).setDataPath(file));
            return true;
        });
    }

    @FunctionalInterface
    private interface Request<T> {
        T send() throws Exception;
    }

    private <T> T withRetries(String method, String relativePath, Request<T> request) throws PublishException {
        long start = System.nanoTime();
        int tries = 0;
        while (true) {
            tries++;
            try {
                return request.send();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                TransferFailure failure = TransferFailure.of(e);
                Duration wait = retry.backoff(tries, random);
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                if (!failure.retryable() || !retry.allowsRetry(tries, elapsed, wait)) {
                    throw failed(method, relativePath, failure, tries, elapsed, e);
                }
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw failed(method, relativePath, failure, tries, elapsed, e);
                }
            }
        }
    }

    private PublishException failed(String method, String relativePath, TransferFailure failure, int tries,
            Duration elapsed, Exception cause) {
        String after = tries == 1 ? "" : " (after " + tries + " tries in " + elapsed.toSeconds() + " s)";
        String hint = switch (failure.status()) {
            case 401 -> "The repository refused the credentials: check the settings.xml server (--server-id) or "
                    + CredentialsSource.USERNAME_ENV + "/" + CredentialsSource.PASSWORD_ENV + " or "
                    + CredentialsSource.TOKEN_ENV + ".";
            case 403 -> "The credentials are not allowed to write there: check the account's permissions.";
            case 404 -> "The repository URL is probably wrong (or the server does not accept uploads there).";
            case 409 -> "The server refused the upload as a conflict (a released version is often immutable there).";
            default -> failure.retryable()
                    ? "The failure may pass: publish again later, it resumes where this run stopped"
                            + " (publish-journal.json); raise --retries or --retry-for to wait longer."
                    : "See the cause; nothing a retry can fix.";
        };
        return new PublishException(PublishException.Reason.TRANSFER_FAILED,
                method + " " + urlOf(relativePath) + " failed: " + failure.what() + after, hint, cause);
    }

    @Override
    public void close() {
        try {
            transporter.close();
        } finally {
            try {
                session.close();
            } finally {
                system.close();
            }
        }
    }
}
