package dev.forgeline.release.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class JobsTest {

    @Test
    void fromEnvironment_forgelineJobsSetsTheParallelism_elseTheCores() {
        try (Jobs one = Jobs.fromEnvironment(Map.of(Jobs.JOBS_ENV, "1"));
                Jobs three = Jobs.fromEnvironment(Map.of(Jobs.JOBS_ENV, "3"));
                Jobs cores = Jobs.fromEnvironment(Map.of());
                Jobs junk = Jobs.fromEnvironment(Map.of(Jobs.JOBS_ENV, "-2"))) {
            assertEquals(1, one.parallelism());
            assertEquals(3, three.parallelism());
            assertEquals(2, three.parallelism(2), "never more threads than tasks");
            assertEquals(Runtime.getRuntime().availableProcessors(), cores.parallelism());
            assertEquals(Runtime.getRuntime().availableProcessors(), junk.parallelism(), "a bad value is ignored");
        }
    }

    @Test
    void map_keepsTheItemsOrder_andRunsAtMostParallelismAtOnce() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        try (Jobs jobs = Jobs.fromEnvironment(Map.of(Jobs.JOBS_ENV, "2"))) {
            List<Integer> squares = jobs.map(IntStream.range(0, 12).boxed().toList(), i -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                Thread.sleep(5);
                running.decrementAndGet();
                return i * i;
            });
            assertEquals(IntStream.range(0, 12).map(i -> i * i).boxed().toList(), squares);
        }
        assertTrue(most.get() <= 2, "at most FORGELINE_JOBS at once: " + most.get());
    }

    @Test
    void map_withOneJob_runsEverythingInTheCallingThread() throws Exception {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        try (Jobs jobs = Jobs.fromEnvironment(Map.of(Jobs.JOBS_ENV, "1"))) {
            jobs.map(List.of(1, 2, 3), i -> threads.add(Thread.currentThread()));
        }
        assertEquals(Set.of(Thread.currentThread()), threads);
    }

    @Test
    void map_nestedInsideAJob_runsSeriallyInThatJob_soThePoolCannotDeadlock() throws Exception {
        try (Jobs jobs = Jobs.fromEnvironment(Map.of(Jobs.JOBS_ENV, "2"))) {
            CountDownLatch bothStarted = new CountDownLatch(2);
            Jobs.Task<Integer, Integer> outer = base -> {
                bothStarted.countDown();
                assertTrue(bothStarted.await(10, TimeUnit.SECONDS), "the two outer jobs run side by side");
                Jobs.Task<Integer, Integer> inner = i -> base + i;
                int sum = 0;
                for (int value : jobs.map(List.of(1, 2, 3), inner)) {
                    sum += value;
                }
                return sum;
            };
            List<Integer> sums = jobs.map(List.of(10, 20), outer);
            assertEquals(List.of(36, 66), sums);
        }
    }

    @Test
    void map_aFailingJob_throwsItsOwnException() {
        ForgelineException failure = new ForgelineException(ExitCode.CHECK_FAILED, "target 2 failed", null, null);
        try (Jobs jobs = Jobs.fromEnvironment(Map.of(Jobs.JOBS_ENV, "2"))) {
            ForgelineException thrown = assertThrows(ForgelineException.class, () -> jobs.map(List.of(1, 2, 3), i -> {
                if (i == 2) {
                    throw failure;
                }
                return i;
            }));
            assertSame(failure, thrown);
            IOException io = assertThrows(IOException.class, () -> jobs.map(List.of(1, 2), i -> {
                throw new IOException("disk full");
            }));
            assertEquals("disk full", io.getMessage());
        }
    }
    @Test
    void map_aFailingJob_returnsOnlyOnceEveryStartedJobHasEnded() throws Exception {
        CountDownLatch slowStarted = new CountDownLatch(1);
        AtomicInteger ended = new AtomicInteger();
        Set<Integer> started = ConcurrentHashMap.newKeySet();
        try (Jobs jobs = Jobs.fromEnvironment(Map.of(Jobs.JOBS_ENV, "2"))) {
            IOException thrown = assertThrows(IOException.class, () -> jobs.map(List.of(1, 2, 3, 4), i -> {
                started.add(i);
                if (i == 1) {
                    assertTrue(slowStarted.await(10, TimeUnit.SECONDS));
                    throw new IOException("target 1 failed");
                }
                slowStarted.countDown();
                // Like a compiler that takes a moment to die: it ignores the interrupt and keeps writing a while.
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                ended.incrementAndGet();
                return i;
            }));
            int endedAtReturn = ended.get();
            assertEquals("target 1 failed", thrown.getMessage());
            assertTrue(started.size() >= 2, "jobs 1 and 2 ran side by side: " + started);
            assertEquals(started.size() - 1, endedAtReturn, "map returned while a job was still running: " + started);
            Thread.sleep(400);
            assertTrue(started.size() < 4, "the job still queued after the failure never started: " + started);
        }
    }
}
