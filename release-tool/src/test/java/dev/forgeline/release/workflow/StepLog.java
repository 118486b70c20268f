package dev.forgeline.release.workflow;

import java.io.PrintStream;
import java.time.Duration;

/** The run's progress, one line per event, as a person would follow it in the test's output. */
final class StepLog {
    private final PrintStream out;
    private final long start = System.nanoTime();

    StepLog(PrintStream out) {
        this.out = out;
    }

    void line(String text) {
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        out.printf("[workflow %3d:%02d] %s%n", seconds / 60, seconds % 60, text);
        out.flush();
    }
}
