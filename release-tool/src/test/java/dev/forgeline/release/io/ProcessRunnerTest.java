package dev.forgeline.release.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRunnerTest {

    @Test
    void run_interrupted_killsTheProcessAndItsChildren_beforeItThrows(@TempDir Path dir) throws Exception {
        Path pids = dir.resolve("pids");
        // A shell that starts a child and waits for it, as cargo waits for rustc.
        List<String> command = List.of("sh", "-c", "sleep 60 & echo $$ $! > pids.tmp; mv pids.tmp pids; wait");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                ProcessRunner.run(command, dir, Map.of(), dir.resolve("log"));
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        runner.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(pids) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        String[] ids = Files.readString(pids).trim().split(" ");
        runner.interrupt();
        runner.join(TimeUnit.SECONDS.toMillis(20));
        assertFalse(runner.isAlive(), "run returned after the interrupt");
        assertTrue(thrown.get() instanceof InterruptedException, "the interrupt comes through: " + thrown.get());
        for (String id : ids) {
            assertFalse(running(id), "process " + id + " still runs after run threw");
        }
    }

    /** Alive and not a zombie (killed, waiting for init to reap it). */
    private static boolean running(String pid) throws java.io.IOException {
        Path stat = Path.of("/proc", pid, "stat");
        if (!Files.exists(stat)) {
            return false;
        }
        try {
            String line = Files.readString(stat);
            return line.charAt(line.lastIndexOf(')') + 2) != 'Z';
        } catch (java.nio.file.NoSuchFileException gone) {
            return false;
        }
    }

    @Test
    void run_withATimeout_killsTheProcess_andEndsWith124(@TempDir Path dir) throws Exception {
        ProcessRunner.Result result = ProcessRunner.run(List.of("sleep", "60"), dir, Map.of(), dir.resolve("log"),
                java.time.Duration.ofMillis(200));
        assertEquals(124, result.exitCode());
        assertTrue(result.output().contains("killed after"), result.output());
    }
}
