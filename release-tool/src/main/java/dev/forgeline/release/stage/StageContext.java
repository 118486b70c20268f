package dev.forgeline.release.stage;

import dev.forgeline.release.common.Jobs;
import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;

/**
 * What every stage of one run shares: the environment it was handed (stages never read {@code System.getenv}), the
 * progress display, and the run's one executor ({@link Jobs}, bounded by {@code FORGELINE_JOBS} or the cores).
 */
public record StageContext(Map<String, String> env, PrintStream progress, Jobs jobs) {
    public StageContext {
        env = Map.copyOf(env);
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(jobs, "jobs");
    }

    /** A context whose executor follows {@code FORGELINE_JOBS} in {@code env}; the caller closes {@link #jobs()}. */
    public static StageContext of(Map<String, String> env, PrintStream progress) {
        return new StageContext(env, progress, Jobs.fromEnvironment(env));
    }

    /** A line on the progress display, with the stage's name in the first column. */
    public void report(String stage, String message) {
        progress.printf("%-9s %s%n", stage, message);
    }
}
