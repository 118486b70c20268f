package dev.forgeline.release.common;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one executor of a run: independent per-item work (targets built or smoke-tested, artifacts signed or verified)
 * fans out here, bounded by the cores or by {@code FORGELINE_JOBS} ({@code FORGELINE_JOBS=1} runs everything serially,
 * for debugging and for the benchmarks). Work fanned out from inside a job runs serially in that job, so nesting can
 * never exhaust the pool.
 */
public final class Jobs implements AutoCloseable {
    public static final String JOBS_ENV = "FORGELINE_JOBS";

    private final int parallelism;
    private final ThreadGroup workers;
    private ExecutorService pool;
    private ExecutorService blockingPool;

    private Jobs(int parallelism) {
        this.parallelism = parallelism;
        this.workers = new ThreadGroup("forgeline-jobs");
    }

    /** {@code FORGELINE_JOBS} from {@code env} when it is a positive number, else the cores. */
    public static Jobs fromEnvironment(Map<String, String> env) {
        String configured = env.get(JOBS_ENV);
        if (configured != null && configured.matches("[1-9][0-9]{0,3}")) {
            return new Jobs(Integer.parseInt(configured));
        }
        return new Jobs(Runtime.getRuntime().availableProcessors());
    }

    /** Everything in the calling thread. */
    public static Jobs serial() {
        return new Jobs(1);
    }

    public int parallelism() {
        return parallelism;
    }

    /** How many of {@code tasks} independent jobs run at once. */
    public int parallelism(int tasks) {
        return Math.max(1, Math.min(tasks, parallelism));
    }

    /** One job of a fan-out. */
    @FunctionalInterface
    public interface Task<T, R> {
        R apply(T item) throws Exception;
    }

    /**
     * Runs {@code task} for every item, in parallel up to {@link #parallelism()}, and returns the results in the
     * items' order. The first failure (in item order) is thrown as it was thrown, once the rest of the work is
     * cancelled: jobs not yet started never start, running ones are interrupted, and this returns only after they
     * have ended, so the caller may clean up what they were writing (a build's workspace) without racing them.
     */
    public <T, R> List<R> map(List<T> items, Task<T, R> task) throws IOException, InterruptedException {
        if (items.size() <= 1 || parallelism == 1 || Thread.currentThread().getThreadGroup() == workers) {
            return serially(items, task);
        }
        List<Job<T, R>> jobs = new ArrayList<>();
        for (T item : items) {
            Job<T, R> job = new Job<>(task, item);
            job.future = pool().submit(job);
            jobs.add(job);
        }
        boolean finished = false;
        try {
            List<R> results = new ArrayList<>();
            for (Job<T, R> job : jobs) {
                results.add(await(job.future));
            }
            finished = true;
            return results;
        } finally {
            if (!finished) {
                jobs.forEach(Job::cancel);
                for (Job<T, R> job : jobs) {
                    job.awaitEnd();
                }
            }
        }
    }

    /**
     * One item's run in the pool, cancellable so that the canceller knows when it has ended: a job that has not
     * started never will; one that has is interrupted and {@link #awaitEnd()} waits for it (a Future's cancel does not).
     */
    private static final class Job<T, R> implements java.util.concurrent.Callable<R> {
        private final Task<T, R> task;
        private final T item;
        private final CountDownLatch ended = new CountDownLatch(1);
        private boolean started;
        private boolean cancelled;
        private Future<R> future;

        Job(Task<T, R> task, T item) {
            this.task = task;
            this.item = item;
        }

        @Override
        public R call() throws Exception {
            synchronized (this) {
                if (cancelled) {
                    throw new java.util.concurrent.CancellationException();
                }
                started = true;
            }
            try {
                return task.apply(item);
            } finally {
                ended.countDown();
            }
        }

        void cancel() {
            synchronized (this) {
                cancelled = true;
            }
            future.cancel(true);
        }

        /** Until a started job has ended; uninterruptibly, since returning early would bring back the race. */
        void awaitEnd() {
            synchronized (this) {
                if (!started) {
                    return;
                }
            }
            Uninterruptibly.await(ended);
        }
    }

    /**
     * Like {@link #map(List, Task)}, for work that waits on the network rather than the CPU (uploads): up to
     * {@code bound} items at once whatever the cores, on this run's threads (work fanned out from inside one stays
     * serial). Serial when {@code FORGELINE_JOBS=1}. After a failure no new item starts; the first failure in item
     * order is thrown once the items under way have ended.
     */
    public <T, R> List<R> mapBlocking(List<T> items, int bound, Task<T, R> task) throws IOException, InterruptedException {
        int workers = Math.min(bound, items.size());
        if (workers <= 1 || parallelism == 1 || Thread.currentThread().getThreadGroup() == this.workers) {
            return serially(items, task);
        }
        Object[] results = new Object[items.size()];
        Throwable[] failures = new Throwable[items.size()];
        AtomicInteger next = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            running.add(blockingPool().submit(() -> {
                for (int i = next.getAndIncrement(); i < items.size() && !failed.get(); i = next.getAndIncrement()) {
                    try {
                        results[i] = task.apply(items.get(i));
                    } catch (Throwable e) {
                        failures[i] = e;
                        failed.set(true);
                    }
                }
            }));
        }
        try {
            for (Future<?> worker : running) {
                await(worker);
            }
        } finally {
            running.forEach(f -> f.cancel(true));
        }
        for (Throwable failure : failures) {
            if (failure != null) {
                throw rethrow(failure);
            }
        }
        List<R> list = new ArrayList<>();
        for (Object result : results) {
            @SuppressWarnings("unchecked")
            R r = (R) result;
            list.add(r);
        }
        return list;
    }

    private static <T, R> List<R> serially(List<T> items, Task<T, R> task) throws IOException, InterruptedException {
        List<R> results = new ArrayList<>();
        for (T item : items) {
            try {
                results.add(task.apply(item));
            } catch (Exception e) {
                throw rethrow(e);
            }
        }
        return results;
    }

    private synchronized ExecutorService blockingPool() {
        if (blockingPool == null) {
            AtomicInteger count = new AtomicInteger();
            blockingPool = Executors.newCachedThreadPool(
                    r -> daemon(new Thread(workers, r, "forgeline-io-" + count.incrementAndGet())));
        }
        return blockingPool;
    }

    private static Thread daemon(Thread thread) {
        thread.setDaemon(true);
        return thread;
    }

    private synchronized ExecutorService pool() {
        if (pool == null) {
            AtomicInteger count = new AtomicInteger();
            ThreadFactory threads = r -> {
                Thread t = new Thread(workers, r, "forgeline-job-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            pool = Executors.newFixedThreadPool(parallelism, threads);
        }
        return pool;
    }

    private static <R> R await(Future<R> future) throws IOException, InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    /** The job's ForgelineException, RuntimeException, IOException or InterruptedException comes through as it was. */
    static RuntimeException rethrow(Throwable cause) throws IOException, InterruptedException {
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof IOException io) {
            throw io;
        }
        if (cause instanceof InterruptedException ie) {
            throw ie;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        throw new ForgelineException(ExitCode.INTERNAL, "a job failed: " + cause, null, cause);
    }

    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
        if (blockingPool != null) {
            blockingPool.shutdownNow();
        }
    }
}
