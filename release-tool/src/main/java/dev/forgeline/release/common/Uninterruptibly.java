package dev.forgeline.release.common;

import java.util.concurrent.CountDownLatch;

/** Waits that must not end early: returning before the work has ended would leave it running behind a failure. */
final class Uninterruptibly {
    private Uninterruptibly() {}

    /** Until {@code latch} opens, however often this thread is interrupted; the interrupt is kept for the caller. */
    static void await(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
