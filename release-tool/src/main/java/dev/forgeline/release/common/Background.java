package dev.forgeline.release.common;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * One task started at once on a daemon thread of its own, so that a stage can overlap slow, independent parts (an
 * upload with the loading of a key) without a pool. {@link #join} gives its result or throws its failure as it was
 * thrown (a ForgelineException, an IOException); {@link #cancel} interrupts it and waits for its end, so that nothing
 * of a failed stage runs on behind the failure being reported.
 */
public final class Background<T> {
    private final Thread thread;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile T result;
    private volatile Throwable failure;

    private Background(String name, Callable<T> work) {
        this.thread = new Thread(() -> {
            try {
                result = work.call();
            } catch (Throwable t) {
                failure = t;
            } finally {
                ended.countDown();
            }
        }, name);
        thread.setDaemon(true);
    }

    /** Starts {@code work} on a daemon thread named {@code name}. */
    public static <T> Background<T> start(String name, Callable<T> work) {
        Background<T> task = new Background<>(name, work);
        task.thread.start();
        return task;
    }

    /** The task's result, once it has ended; its failure comes through as it was thrown. */
    public T join() throws IOException, InterruptedException {
        ended.await();
        if (failure != null) {
            throw Jobs.rethrow(failure);
        }
        return result;
    }

    /**
     * Interrupts the task (an HTTP exchange or a process under way is abandoned) and waits for its end, whatever its
     * outcome; uninterruptibly (an interrupt is kept for the caller), since returning early would leave it running.
     */
    public void cancel() {
        thread.interrupt();
        Uninterruptibly.await(ended);
    }
}
