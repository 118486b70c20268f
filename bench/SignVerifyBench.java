import dev.forgeline.release.pipeline.SignStage;
import dev.forgeline.release.sign.FileDigest;
import dev.forgeline.release.sign.KeyGenerator;
import dev.forgeline.release.sign.KeySources;
import dev.forgeline.release.sign.SecretSource;
import dev.forgeline.release.sign.SigningKeys;
import dev.forgeline.release.verify.VerificationPolicy;
import dev.forgeline.release.verify.VerificationReport;
import dev.forgeline.release.verify.Verifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
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
 * {@link #hashing}); needs openssl on PATH.
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
                VerificationReport report = new Verifier(policy).verifyAll(files.stream().map(Verifier.Input::of).toList());
                long t2 = System.nanoTime();
                if (!report.verified()) {
                    throw new IllegalStateException("verification failed: " + report.table());
                }
                if (round == 1) {
                    System.out.printf("forgeline sign       %8.0f artifacts/s (%d threads)%n", files.size() / sec(t0, t1), threads);
                    System.out.printf("forgeline verify     %8.0f artifacts/s (%d threads)%n", files.size() / sec(t1, t2), threads);
                }
            }

            hashing(files, threads, pool, passes);
        } finally {
            pool.shutdown();
        }
    }

    /**
     * SHA-256 of the same files by FileDigest.of and by {@code openssl dgst -sha256}, on one thread / one process and
     * on {@code threads} threads / processes, each share a contiguous slice of the file set. The machine may be shared,
     * so the two tools take turns, pass after pass, and each keeps its fastest pass: both see the same load. A pass of
     * openssl is timed from here, from spawning its processes to their exit, minus the same for processes hashing
     * /dev/null (their start-up), so neither tool's start-up is counted.
     */
    private static void hashing(List<Path> files, int threads, ExecutorService pool, int passes) throws Exception {
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] startup = {Double.MAX_VALUE, Double.MAX_VALUE};
        for (int pass = 0; pass <= passes; pass++) { // pass 0 warms the JIT and the page cache
            double[] seconds = {
                forgelinePass(files, 1, pool), opensslPass(files, 1), forgelinePass(files, threads, pool), opensslPass(files, threads)
            };
            startup[0] = Math.min(startup[0], opensslPass(List.of(Path.of("/dev/null")), 1));
            startup[1] = Math.min(startup[1], opensslPass(List.of(Path.of("/dev/null")), 1, threads));
            for (int i = 0; pass > 0 && i < 4; i++) {
                best[i] = Math.min(best[i], seconds[i]);
            }
        }
        double fl1 = bytes / 1e6 / best[0];
        double os1 = bytes / 1e6 / Math.max(1e-6, best[1] - startup[0]);
        double flN = bytes / 1e6 / best[2];
        double osN = bytes / 1e6 / Math.max(1e-6, best[3] - startup[1]);
        String of = String.format("best of %d passes over %d files of %d KiB", passes, files.size(), bytes / files.size() / 1024);
        System.out.printf("forgeline sha256-1   %8.0f MB/s (FileDigest.of, 1 thread, %s)%n", fl1, of);
        System.out.printf("openssl dgst-1       %8.0f MB/s (openssl dgst -sha256, 1 process; start-up %.1f ms subtracted)%n",
                os1, startup[0] * 1e3);
        System.out.printf("forgeline sha256-N   %8.0f MB/s (FileDigest.of, %d threads)%n", flN, threads);
        System.out.printf("openssl dgst-N       %8.0f MB/s (openssl dgst -sha256, %d processes; start-up %.1f ms subtracted)%n",
                osN, threads, startup[1] * 1e3);

        double mem = 0;
        double speed = 0;
        for (int round = 0; round < (passes > 1 ? 3 : 1); round++) {
            mem = Math.max(mem, inMemoryMegabytesPerSecond());
            speed = Math.max(speed, opensslSpeed());
        }
        System.out.printf("forgeline sha256-mem %8.0f MB/s (MessageDigest over a 64 KiB array in memory, 1 thread)%n", mem);
        System.out.printf("openssl speed        %8.0f MB/s (openssl speed -evp sha256 -bytes 65536, 1 process)%n", speed);
        System.out.printf("sha256 ratios (target >= 0.90): forgeline / openssl dgst, same files: 1 thread %.2f, %d threads %.2f;"
                + " digest alone in memory, forgeline / openssl speed %.2f%n", fl1 / os1, threads, flN / osN, mem / speed);
    }

    private static double forgelinePass(List<Path> files, int threads, ExecutorService pool) throws Exception {
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
        return sec(t0, System.nanoTime());
    }

    private static double opensslPass(List<Path> files, int processes) throws Exception {
        return opensslPass(files, processes, 1);
    }

    /** Seconds from spawning {@code processes} openssl processes (each on a share, or each on all when copies > 1) to their exit. */
    private static double opensslPass(List<Path> files, int processes, int copies) throws Exception {
        List<List<Path>> shares = copies > 1 ? java.util.Collections.nCopies(copies, files) : shares(files, processes);
        long t0 = System.nanoTime();
        List<Process> running = new ArrayList<>();
        for (List<Path> share : shares) {
            List<String> command = new ArrayList<>(List.of("openssl", "dgst", "-sha256"));
            share.forEach(f -> command.add(f.toString()));
            running.add(new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }
        for (Process process : running) {
            if (process.waitFor() != 0) {
                throw new IllegalStateException("openssl dgst failed: exit " + process.exitValue());
            }
        }
        return sec(t0, System.nanoTime());
    }

    private static List<List<Path>> shares(List<Path> files, int parts) {
        List<List<Path>> shares = new ArrayList<>();
        for (int t = 0; t < parts; t++) {
            shares.add(files.subList(files.size() * t / parts, files.size() * (t + 1) / parts));
        }
        return shares;
    }

    /** The digest alone (no I/O), for comparison with {@code openssl speed -evp sha256 -bytes 65536}. */
    private static double inMemoryMegabytesPerSecond() throws Exception {
        byte[] block = new byte[64 * 1024];
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        double best = 0;
        for (int round = 0; round < 4; round++) { // round 0 warms the JIT
            long t0 = System.nanoTime();
            long bytes = 0;
            while (System.nanoTime() - t0 < 250_000_000L) {
                for (int i = 0; i < 16; i++) {
                    digest.update(block);
                    bytes += block.length;
                }
                digest.digest();
            }
            if (round > 0) {
                best = Math.max(best, bytes / 1e6 / sec(t0, System.nanoTime()));
            }
        }
        return best;
    }

    /** MB/s of {@code openssl speed -evp sha256 -bytes 65536 -seconds 1}: its last line is "sha256  1393611.51k". */
    private static double opensslSpeed() throws Exception {
        Process process = new ProcessBuilder("openssl", "speed", "-evp", "sha256", "-bytes", "65536", "-seconds", "1")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
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

    private static double sec(long from, long to) {
        return (to - from) / 1e9;
    }
}
