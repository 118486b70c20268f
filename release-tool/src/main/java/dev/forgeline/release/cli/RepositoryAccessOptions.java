package dev.forgeline.release.cli;

import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.maven.CredentialsSource;
import dev.forgeline.release.maven.RepositoryAccess;
import dev.forgeline.release.maven.RetryPolicy;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How {@code publish} and {@code stage} reach an http(s) repository: where the credentials come from (never the
 * command line itself), retries, parallel uploads, timeouts. A file: repository ignores them.
 */
final class RepositoryAccessOptions {
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m)?");

    @Mixin
    RepositoryCredentialsOptions login;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "5",
            description = "retries of a transfer that failed for a passing reason (reset, timeout, 429, 5xx); "
                    + "default: ${DEFAULT-VALUE}")
    int retries;

    @Option(names = "--retry-for", paramLabel = "DURATION", defaultValue = "2m",
            description = "no retry starts later than this after a transfer's first try (e.g. 90s, 2m); default: "
                    + "${DEFAULT-VALUE}")
    String retryFor;

    @Option(names = "--retry-backoff", paramLabel = "DURATION", defaultValue = "500ms",
            description = "the wait before the first retry, doubled each time up to 15s, with jitter; default: "
                    + "${DEFAULT-VALUE}")
    String retryBackoff;

    @Option(names = "--parallel-uploads", paramLabel = "N", defaultValue = "4",
            description = "files uploaded at once (FORGELINE_JOBS=1 makes it 1); default: ${DEFAULT-VALUE}")
    int parallelUploads;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "to open a connection; default: ${DEFAULT-VALUE}")
    String connectTimeout;

    @Option(names = "--request-timeout", paramLabel = "DURATION", defaultValue = "60s",
            description = "the longest silence of the server during a request; default: ${DEFAULT-VALUE}")
    String requestTimeout;

    RepositoryAccess access() {
        if (retries < 0 || retries > 100) {
            throw ForgelineException.usage("--retries " + retries + ": not between 0 and 100", "e.g. --retries 5");
        }
        if (parallelUploads < 1 || parallelUploads > 64) {
            throw ForgelineException.usage("--parallel-uploads " + parallelUploads + ": not between 1 and 64",
                    "e.g. --parallel-uploads 4");
        }
        CredentialsSource credentials = login.source();
        Duration backoff = duration("--retry-backoff", retryBackoff);
        RetryPolicy retry = new RetryPolicy(retries + 1, backoff, max(backoff, RetryPolicy.DEFAULT.maxBackoff()),
                duration("--retry-for", retryFor));
        return new RepositoryAccess(credentials, retry, parallelUploads,
                duration("--connect-timeout", connectTimeout), duration("--request-timeout", requestTimeout));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    static Duration duration(String option, String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw ForgelineException.usage(option + " " + text + ": not a duration",
                    "write a number with ms, s or m (seconds when no unit), e.g. 500ms, 30s, 2m");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
