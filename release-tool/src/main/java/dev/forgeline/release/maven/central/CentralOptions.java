package dev.forgeline.release.maven.central;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a release goes to Central's Publisher API.
 *
 * @param publishingType     USER_MANAGED (the run ends at VALIDATED) or AUTOMATIC (at PUBLISHED)
 * @param maxWait            the longest the run polls a deployment before it stops (resumable)
 * @param pollInterval       between two status requests
 * @param deploymentId       a deployment to poll instead of uploading, after an upload whose answer was lost (null)
 * @param uploadAgain        after such an upload, upload again: the user checked no deployment exists
 * @param progress           where state changes and instructions are reported, for people
 */
public record CentralOptions(PublishingType publishingType, Duration maxWait, Duration pollInterval, String deploymentId,
        boolean uploadAgain, Consumer<String> progress) {
    public static final URI DEFAULT_PORTAL = URI.create("https://central.sonatype.com/");
    public static final Duration DEFAULT_WAIT = Duration.ofMinutes(30);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);

    public CentralOptions {
        Objects.requireNonNull(publishingType, "publishingType");
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(progress, "progress");
    }

    public static CentralOptions defaults() {
        return new CentralOptions(PublishingType.USER_MANAGED, DEFAULT_WAIT, DEFAULT_POLL_INTERVAL, null, false,
                line -> {});
    }

    public CentralOptions withProgress(Consumer<String> sink) {
        return new CentralOptions(publishingType, maxWait, pollInterval, deploymentId, uploadAgain, sink);
    }
}
