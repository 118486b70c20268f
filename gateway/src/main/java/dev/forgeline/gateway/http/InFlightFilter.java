package dev.forgeline.gateway.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts exchanges in progress so shutdown can wait for exactly those. The JDK 17 server's own
 * {@code stop(delay)} always sleeps the whole delay when a client holds an idle keep-alive
 * connection; this lets a SIGTERM finish as soon as the last request does.
 *
 * <p>Once {@link #drain} is called, new requests get 503 with {@code Connection: close}.
 */
public final class InFlightFilter extends Filter {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private int inFlight;
    private boolean draining;

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        lock.lock();
        try {
            if (draining) {
                exchange.getResponseHeaders().set("Connection", "close");
                HttpResponses.empty(exchange, 503);
                return;
            }
            inFlight++;
        } finally {
            lock.unlock();
        }
        try {
            chain.doFilter(exchange);
        } finally {
            lock.lock();
            try {
                if (--inFlight == 0) {
                    idle.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** Refuses new requests and waits up to {@code grace} for the running ones; true if they all finished. */
    public boolean drain(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        lock.lock();
        try {
            draining = true;
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                idle.await(left, TimeUnit.NANOSECONDS);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String description() {
        return "tracks exchanges in progress for graceful shutdown";
    }
}
