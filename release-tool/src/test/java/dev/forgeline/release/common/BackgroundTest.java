package dev.forgeline.release.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class BackgroundTest {
    @Test
    void join_givesTheResult_ofWorkDoneOnAnotherThread() throws Exception {
        Thread caller = Thread.currentThread();
        Background<Thread> task = Background.start("background-test", Thread::currentThread);
        Thread ran = task.join();
        assertTrue(ran != caller && ran.isDaemon() && ran.getName().equals("background-test"), ran.toString());
    }

    @Test
    void join_throwsTheFailureAsItWasThrown() {
        IOException io = new IOException("disk gone");
        assertSame(io, assertThrows(IOException.class, () -> Background.start("t", () -> {
            throw io;
        }).join()));
        ForgelineException usage = ForgelineException.usage("bad key", "pass another");
        ForgelineException thrown = assertThrows(ForgelineException.class, () -> Background.start("t", () -> {
            throw usage;
        }).join());
        assertSame(usage, thrown);
        assertEquals(ExitCode.USAGE, thrown.exitCode());
    }

    @Test
    void cancel_interruptsTheTask_andReturnsOnlyOnceItHasEnded() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean cleanedUp = new AtomicBoolean();
        Background<Void> task = Background.start("t", () -> {
            started.countDown();
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(5));
            } finally {
                Thread.sleep(200); // an interrupted upload takes a moment to close its connection
                cleanedUp.set(true);
            }
            return null;
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        task.cancel();
        assertTrue(cleanedUp.get(), "cancel returned before the task had ended");
        assertThrows(InterruptedException.class, task::join, "the task ended by its interrupt");
    }
}
