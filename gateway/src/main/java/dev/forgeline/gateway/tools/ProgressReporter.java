package dev.forgeline.gateway.tools;

/** Where a running tool reports progress; the transport turns reports into notifications/progress. */
@FunctionalInterface
public interface ProgressReporter {
    ProgressReporter NONE = (progress, total, message) -> {};

    /** @param total null when unknown; @param message null when there is nothing to say */
    void report(double progress, Double total, String message);
}
