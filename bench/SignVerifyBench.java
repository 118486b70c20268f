import dev.forgeline.release.sign.SignStage;
import dev.forgeline.release.common.FileDigest;
import dev.forgeline.release.common.Jobs;
import dev.forgeline.release.sign.KeyGenerator;
import dev.forgeline.release.sign.KeySources;
import dev.forgeline.release.sign.SecretSource;
import dev.forgeline.release.sign.SigningKeys;
import dev.forgeline.release.verify.VerificationPolicy;
import dev.forgeline.release.verify.VerificationReport;
import dev.forgeline.release.verify.Verifier;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Forgeline's half of bench/sign-verify.sh: sign, verify and hash the generated files; prints rates.
 * Usage: java -cp release-tool.jar SignVerifyBench.java FILES_DIR KEYS_DIR THREADS PASSES
 * Hashing is FileDigest.of (what the sign stage uses) against openssl dgst on the same files, taking turns (see
 * {@link #hashing}); needs openssl, bash and xargs on PATH. Scratch files go next to KEYS_DIR.
 */
public class SignVerifyBench {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path keysDir = Path.of(args[1]);
        int threads = Integer.parseInt(args[2]);
        int passes = Integer.parseInt(args[3]);
        List<Path> files;
        try (var list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".bin")).sorted().toList();
        }
        String pgp = KeyGenerator.pgpSecretKey(KeyGenerator.PgpAlgorithm.ED25519, "Bench <bench@forgeline.invalid>", null, new Date());
        String sigstore = KeyGenerator.sigstorePrivateKeyPem();
        Files.writeString(keysDir.resolve("pgp-secret.asc"), pgp);
        SigningKeys keys = SigningKeys.load(new KeySources(SecretSource.environment("P"), null, SecretSource.environment("S")),
                Map.of("P", pgp, "S", sigstore), Clock.systemUTC());
        keys.exportPublicKeys(keysDir);
        VerificationPolicy policy = VerificationPolicy.builder().trustPgpKeys(keys.pgpPublicKeyArmored())
                .trustSigstoreKeys(keys.sigstorePublicKeyPem()).build();

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 2; round++) { // round 0 warms the JIT
                long t0 = System.nanoTime();
                List<Future<?>> futures = new ArrayList<>();
                for (Path f : files) {
                    futures.add(pool.submit(() -> SignStage.signFile(f, f.getFileName().toString(), FileDigest.of(f), keys.signers())));
                }
                for (Future<?> future : futures) {
                    future.get();
                }
                long t1 = System.nanoTime();
                VerificationReport report;
                try (Jobs jobs = Jobs.fromEnvironment(Map.of(Jobs.JOBS_ENV, Integer.toString(threads)))) {
                    report = new Verifier(policy).verifyAll(files.stream().map(Verifier.Input::of).toList(), jobs);
                }
                long t2 = System.nanoTime();
                if (!report.verified()) {
                    throw new IllegalStateException("verification failed: " + report.table());
                }
                if (round == 1) {
                    System.out.printf("forgeline sign       %8.0f artifacts/s (%d threads)%n", files.size() / sec(t0, t1), threads);
                    System.out.printf("forgeline verify     %8.0f artifacts/s (%d threads)%n", files.size() / sec(t1, t2), threads);
                }
            }

            hashing(files, threads, pool, passes, keysDir.getParent());
        } finally {
            pool.shutdown();
        }
    }


    /**
     * SHA-256 of the same files by FileDigest.of and by {@code openssl dgst -sha256}, on one thread / one process and
     * on {@code threads} threads / processes, each a contiguous share of the file set. Two measures per pass:
     * per core, bytes per second of CPU time (user + system): what the hashing costs whatever else runs on the
     * machine; for forgeline the whole JVM's CPU time (all its threads, GC and JIT included), for openssl its processes'
     * (bash's {@code time}) minus that of the same run on /dev/null (its start-up); and wall, bytes per second of
     * elapsed time, openssl's start-up subtracted likewise. The machine may be shared, so the tools take turns,
     * pass after pass, and each keeps its best pass per measure.
     */
    private static void hashing(List<Path> files, int threads, ExecutorService pool, int passes, Path work) throws Exception {
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        List<Path> devNull = List.of(Path.of("/dev/null"));
        Cost fl1 = Cost.NONE, os1 = Cost.NONE, flN = Cost.NONE, osN = Cost.NONE, start1 = Cost.NONE, startN = Cost.NONE;
        for (int pass = 0; pass <= passes; pass++) { // pass 0 warms the JIT and the page cache
            Cost a = forgelinePass(files, 1, pool);
            Cost b = opensslPass(shares(files, 1), work);
            Cost c = forgelinePass(files, threads, pool);
            Cost d = opensslPass(shares(files, threads), work);
            start1 = start1.best(opensslPass(Collections.nCopies(1, devNull), work));
            startN = startN.best(opensslPass(Collections.nCopies(threads, devNull), work));
            if (pass > 0) {
                fl1 = fl1.best(a);
                os1 = os1.best(b);
                flN = flN.best(c);
                osN = osN.best(d);
            }
        }
        os1 = os1.minus(start1);
        osN = osN.minus(startN);
        System.out.printf("SHA-256 of the same %d files of %d KiB, best of %d passes each (openssl's start-up, %.1f ms CPU"
                + " and %.1f ms wall for one process, subtracted):%n", files.size(), bytes / files.size() / 1024, passes,
                start1.cpu * 1e3, start1.wall * 1e3);
        System.out.printf("forgeline sha256-1   %8.0f MB/CPU-s %8.0f MB/s wall (FileDigest.of, 1 thread)%n", fl1.perCpu(bytes), fl1.perWall(bytes));
        System.out.printf("openssl dgst-1       %8.0f MB/CPU-s %8.0f MB/s wall (openssl dgst -sha256, 1 process)%n", os1.perCpu(bytes), os1.perWall(bytes));
        System.out.printf("forgeline sha256-N   %8.0f MB/CPU-s %8.0f MB/s wall (FileDigest.of, %d threads)%n", flN.perCpu(bytes), flN.perWall(bytes), threads);
        System.out.printf("openssl dgst-N       %8.0f MB/CPU-s %8.0f MB/s wall (openssl dgst -sha256, %d processes)%n", osN.perCpu(bytes), osN.perWall(bytes), threads);

        double mem = 0;
        double speed = 0;
        for (int round = 0; round < (passes > 1 ? 3 : 1); round++) {
            mem = Math.max(mem, inMemoryMegabytesPerCpuSecond());
            speed = Math.max(speed, opensslSpeed());
        }
        System.out.printf("forgeline sha256-mem %8.0f MB/CPU-s (MessageDigest over a 64 KiB array in memory, 1 thread)%n", mem);
        System.out.printf("openssl speed        %8.0f MB/CPU-s (openssl speed -evp sha256 -bytes 65536: user CPU time, 1 process)%n", speed);
        System.out.printf("sha256 ratios (target >= 0.90): forgeline / openssl dgst on the same files, per core: 1 thread %.2f,"
                + " %d threads %.2f; wall: 1 thread %.2f, %d threads %.2f; the digest alone in memory, forgeline / openssl speed %.2f%n",
                os1.cpu / fl1.cpu, threads, osN.cpu / flN.cpu, os1.wall / fl1.wall, threads, osN.wall / flN.wall, mem / speed);
    }

    /** Seconds of CPU time and of wall time of one pass. */
    private record Cost(double cpu, double wall) {
        static final Cost NONE = new Cost(Double.MAX_VALUE, Double.MAX_VALUE);

        /** The smaller of each. */
        Cost best(Cost other) {
            return new Cost(Math.min(cpu, other.cpu), Math.min(wall, other.wall));
        }

        /** What is left after the start-up; NaN (printed as such, ratios too) when nothing is: too few files to time. */
        Cost minus(Cost startup) {
            return new Cost(cpu > startup.cpu ? cpu - startup.cpu : Double.NaN, wall > startup.wall ? wall - startup.wall : Double.NaN);
        }

        double perCpu(long bytes) {
            return bytes / 1e6 / cpu;
        }

        double perWall(long bytes) {
            return bytes / 1e6 / wall;
        }
    }

    private static Cost forgelinePass(List<Path> files, int threads, ExecutorService pool) throws Exception {
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        if (threads == 1) {
            for (Path f : files) {
                FileDigest.of(f);
            }
        } else {
            List<Future<?>> futures = new ArrayList<>();
            for (List<Path> share : shares(files, threads)) {
                futures.add(pool.submit(() -> {
                    for (Path f : share) {
                        FileDigest.of(f);
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        long t1 = System.nanoTime();
        return new Cost((processCpuNanos() - cpu0) / 1e9, sec(t0, t1));
    }

    /** One openssl dgst process per share, all at once, under bash's {@code time}: their CPU time, and the wall time. */
    private static Cost opensslPass(List<List<Path>> shares, Path work) throws Exception {
        StringBuilder script = new StringBuilder("TIMEFORMAT='%3U %3S'; time {");
        for (int i = 0; i < shares.size(); i++) {
            Path list = Files.createTempFile(work, "share-", ".txt");
            Files.write(list, shares.get(i).stream().map(Path::toString).toList());
            script.append(" xargs -d '\\n' -a '").append(list).append("' openssl dgst -sha256 >/dev/null &");
        }
        script.append(" wait; }");
        long t0 = System.nanoTime();
        Process process = new ProcessBuilder("bash", "-c", script.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String times = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("openssl dgst failed: " + times);
        }
        long t1 = System.nanoTime();
        String[] fields = times.substring(times.lastIndexOf('\n') + 1).split(" ");
        return new Cost(Double.parseDouble(fields[0]) + Double.parseDouble(fields[1]), sec(t0, t1));
    }

    private static List<List<Path>> shares(List<Path> files, int parts) {
        List<List<Path>> shares = new ArrayList<>();
        for (int t = 0; t < parts; t++) {
            shares.add(files.subList(files.size() * t / parts, files.size() * (t + 1) / parts));
        }
        return shares;
    }

    /** The digest alone (no I/O), per second of this thread's CPU time, as {@code openssl speed} counts. */
    private static double inMemoryMegabytesPerCpuSecond() throws Exception {
        ThreadMXBean thread = ManagementFactory.getThreadMXBean();
        byte[] block = new byte[64 * 1024];
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        double best = 0;
        for (int round = 0; round < 4; round++) { // round 0 warms the JIT
            long cpu0 = thread.getCurrentThreadCpuTime();
            long bytes = 0;
            while (thread.getCurrentThreadCpuTime() - cpu0 < 250_000_000L) {
                for (int i = 0; i < 16; i++) {
                    digest.update(block);
                    bytes += block.length;
                }
                digest.digest();
            }
            if (round > 0) {
                best = Math.max(best, bytes / 1e6 / ((thread.getCurrentThreadCpuTime() - cpu0) / 1e9));
            }
        }
        return best;
    }

    /** MB/s of {@code openssl speed -evp sha256 -bytes 65536 -seconds 1}: its last line is "sha256  1393611.51k". */
    private static double opensslSpeed() throws Exception {
        Process process = new ProcessBuilder("openssl", "speed", "-evp", "sha256", "-bytes", "65536", "-seconds", "1")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("openssl speed failed: " + out);
        }
        for (String line : out.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 2 && fields[0].equals("sha256") && fields[1].endsWith("k")) {
                return Double.parseDouble(fields[1].substring(0, fields[1].length() - 1)) / 1000;
            }
        }
        throw new IllegalStateException("no sha256 line in openssl speed's output: " + out);
    }

    /**
     * Nanoseconds on a CPU of every thread of this JVM, GC and JIT threads included, from Linux's
     * /proc/self/task/TID/schedstat (the process CPU time of the management API counts in 10 ms ticks here).
     */
    private static long processCpuNanos() throws IOException {
        long sum = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("schedstat"));
                    sum += Long.parseLong(stat.substring(0, stat.indexOf(' ')));
                } catch (NoSuchFileException e) {
                    // the thread has ended since the listing
                } catch (IOException e) {
                    // ... or while its file was read: Linux answers ESRCH ("No such process") then
                    if (!"No such process".equals(e.getMessage())) {
                        throw e;
                    }
                }
            }
        }
        return sum;
    }

    private static double sec(long from, long to) {
        return (to - from) / 1e9;
    }
}
