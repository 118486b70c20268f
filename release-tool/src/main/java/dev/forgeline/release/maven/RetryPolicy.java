package dev.forgeline.release.maven;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How often and how long a transfer that failed for a passing reason (a reset connection, a timeout, 429, 5xx) is
 * tried again: at most {@code attempts} tries in all, within {@code maxTotal} from the first, waiting an exponential
 * backoff with jitter between them (half the step fixed, half random, so parallel uploads that failed together do
 * not retry together).
 *
 * @param attempts       tries in all, at least 1 (1: no retry)
 * @param initialBackoff the wait before the first retry (before jitter); doubled each time
 * @param maxBackoff     the longest wait between two tries
 * @param maxTotal       no retry starts later than this after the first try
 */
public record RetryPolicy(int attempts, Duration initialBackoff, Duration maxBackoff, Duration maxTotal) {

    public static final RetryPolicy DEFAULT =
            new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(15), Duration.ofMinutes(2));

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxTotal, "maxTotal");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0 || maxTotal.isNegative()) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= initial <= max, and the total >= 0");
        }
    }

    /** The wait before retry number {@code retry} (1 for the first retry). */
    public Duration backoff(int retry, RandomGenerator random) {
        long step = initialBackoff.toMillis();
        for (int i = 1; i < retry && step < maxBackoff.toMillis(); i++) {
            step *= 2;
        }
        step = Math.min(step, maxBackoff.toMillis());
        long half = step / 2;
        return Duration.ofMillis(half + (step - half == 0 ? 0 : random.nextLong(step - half + 1)));
    }

    /**
     * Whether another try may start, after {@code triesSoFar} tries begun {@code elapsed} ago, waiting {@code wait}.
     */
    public boolean allowsRetry(int triesSoFar, Duration elapsed, Duration wait) {
        return triesSoFar < attempts && elapsed.plus(wait).compareTo(maxTotal) <= 0;
    }
}
