package dev.forgeline.release.pipeline;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How many per-target jobs (builds, smoke tests) run at once: the cores, or {@code FORGELINE_JOBS}
 * when set ({@code FORGELINE_JOBS=1} runs everything serially, for debugging and for the benchmark).
 */
public final class Parallelism {
    public static final String JOBS_ENV = "FORGELINE_JOBS";

    private Parallelism() {}

    public static int jobs() {
        String configured = System.getenv(JOBS_ENV);
        if (configured != null && configured.matches("[1-9][0-9]*")) {
            return Integer.parseInt(configured);
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** How many of {@code tasks} independent jobs run at once. */
    public static int jobs(int tasks) {
        return Math.max(1, Math.min(tasks, jobs()));
    }

    /** A pool for {@code tasks} independent jobs. */
    public static ExecutorService pool(int tasks) {
        return Executors.newFixedThreadPool(jobs(tasks));
    }

    /** The job's result; its ForgelineException or IOException comes through as it was thrown. */
    public static <T> T await(Future<T> future) throws IOException, InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ForgelineException fe) {
                throw fe;
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof InterruptedException ie) {
                throw ie;
            }
            throw new ForgelineException(ExitCode.INTERNAL, "a per-target job failed: " + e.getCause(), null, e.getCause());
        }
    }
}
