import dev.forgeline.release.sign.SignStage;
import dev.forgeline.release.common.FileDigest;
import dev.forgeline.release.sign.KeyGenerator;
import dev.forgeline.release.sign.KeySources;
import dev.forgeline.release.sign.SecretSource;
import dev.forgeline.release.sign.SigningKeys;
import dev.forgeline.release.verify.VerificationPolicy;
import dev.forgeline.release.verify.VerificationReport;
import dev.forgeline.release.verify.Verifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Forgeline's half of bench/sign-verify.sh: sign, verify and hash the generated files; prints rates. */
public class SignVerifyBench {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path keysDir = Path.of(args[1]);
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

        for (int round = 0; round < 2; round++) { // round 0 warms the JIT
            long t0 = System.nanoTime();
            int threads = Runtime.getRuntime().availableProcessors();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> futures = new ArrayList<>();
            for (Path f : files) {
                futures.add(pool.submit(() -> SignStage.signFile(f, f.getFileName().toString(), FileDigest.of(f), keys.signers())));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            pool.shutdown();
            long t1 = System.nanoTime();
            VerificationReport report = new Verifier(policy).verifyAll(files.stream().map(Verifier.Input::of).toList());
            long t2 = System.nanoTime();
            if (!report.verified()) {
                throw new IllegalStateException("verification failed: " + report.table());
            }
            long bytes = 0;
            for (Path f : files) {
                bytes += FileDigest.of(f).size();
            }
            long t3 = System.nanoTime();
            if (round == 1) {
                System.out.printf("forgeline sign     %8.0f artifacts/s (%d threads)%n", files.size() / sec(t0, t1), threads);
                System.out.printf("forgeline verify   %8.0f artifacts/s (%d threads)%n", files.size() / sec(t1, t2), threads);
                System.out.printf("forgeline sha256   %8.0f MB/s (one thread)%n", bytes / 1e6 / sec(t2, t3));
            }
        }
    }

    private static double sec(long from, long to) {
        return (to - from) / 1e9;
    }
}
