package dev.forgeline.gateway.transport;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes all connections together may hold in memory: request bodies, and the ends of responses
 * waiting for slow readers (heads are bounded per connection). A request that would go over is
 * answered 503, a slow reader's connection is dropped, rather than risking the heap.
 */
final class BufferBudget {
    /** Thrown when a reservation would exceed the budget. */
    static final class Exhausted extends Exception {
        private static final long serialVersionUID = 1L;

        Exhausted(long limit) {
            super("Service Unavailable: the server holds " + limit + " bytes of request bodies already; retry shortly");
        }
    }

    private final long limit;
    private final AtomicLong used = new AtomicLong();

    BufferBudget(long limit) {
        this.limit = limit;
    }

    void reserve(long bytes) throws Exhausted {
        long now = used.addAndGet(bytes);
        if (now > limit) {
            used.addAndGet(-bytes);
            throw new Exhausted(limit);
        }
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    long used() {
        return used.get();
    }
}
