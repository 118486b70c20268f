import dev.forgeline.release.common.FileDigest;
import dev.forgeline.release.common.Jobs;
import dev.forgeline.release.common.SignatureKind;
import dev.forgeline.release.sign.IdentityToken;
import dev.forgeline.release.sign.KeylessSigner;
import dev.forgeline.release.sigstore.TrustedRoot;
import dev.forgeline.release.testing.sigstore.SigstoreStandIns;
import dev.forgeline.release.verify.IdentityPolicy;
import dev.forgeline.release.verify.VerificationPolicy;
import dev.forgeline.release.verify.VerificationReport;
import dev.forgeline.release.verify.Verifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Forgeline's half of bench/keyless-verify.sh: starts the Sigstore stand-ins (test code, compiled by the script), signs
 * N generated files keyless against them (a Fulcio certificate, a Rekor entry per file), writes the trusted root,
 * then verifies every bundle with an identity policy: the chain to the stand-in CA, the SCT, the identity and issuer,
 * the signature, the hashedrekord entry, the promise, the checkpoint and the inclusion proof, offline. Round 0 warms the
 * JIT; then ROUNDS timed rounds, best kept, on 1 thread and on THREADS threads.
 * Usage: java -cp CLASSES:release-tool.jar KeylessVerifyBench N FILE_BYTES ROUNDS THREADS WORK_DIR
 * Prints "identity ISSUER EMAIL", "files DIR" (for the sigstore-js half), and "forgeline-1 RATE", "forgeline-N RATE".
 */
public class KeylessVerifyBench {
    private static final String EMAIL = "bench@forgeline.test";

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int size = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        Path work = Path.of(args[4]);
        Path filesDir = Files.createDirectories(work.resolve("files"));
        try (SigstoreStandIns sigstore = new SigstoreStandIns()) {
            Path root = sigstore.writeTrustedRoot(work);
            KeylessSigner signer = KeylessSigner.start(IdentityToken.of(sigstore.oidc().emailToken(EMAIL), "bench"),
                    sigstore.fulcio().url(), sigstore.rekor().url());
            Random random = new Random(42);
            List<Path> files = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                byte[] content = new byte[size];
                random.nextBytes(content);
                Path file = Files.write(filesDir.resolve(String.format("a%05d.bin", i)), content);
                Files.write(filesDir.resolve(file.getFileName() + ".sigstore.json"), signer.sign(FileDigest.of(file)));
                files.add(file);
            }
            System.err.printf("signed %d file(s) keyless against the stand-ins in %.1f s (Rekor holds %d entries)%n", n,
                    (System.nanoTime() - t0) / 1e9, sigstore.rekor().size());
            IdentityPolicy identity = IdentityPolicy.exact(TrustedRoot.parse(Files.readAllBytes(root)), EMAIL,
                    sigstore.oidc().url());
            VerificationPolicy policy = VerificationPolicy.builder().require(EnumSet.of(SignatureKind.SIGSTORE))
                    .identityPolicy(identity).build();
            System.out.println("identity " + sigstore.oidc().url() + " " + EMAIL);
            System.out.println("trusted-root " + root);
            System.out.println("files " + filesDir);
            System.out.printf("forgeline-1 %.1f%n", best(policy, files, 1, rounds));
            System.out.printf("forgeline-N %.1f%n", best(policy, files, threads, rounds));
        }
    }

    /** The best rate (bundles per second) of ROUNDS timed rounds after one warm-up round. */
    private static double best(VerificationPolicy policy, List<Path> files, int threads, int rounds) throws Exception {
        double best = 0;
        for (int round = 0; round <= rounds; round++) {
            long t0 = System.nanoTime();
            VerificationReport report;
            try (Jobs jobs = threads == 1 ? Jobs.serial()
                    : Jobs.fromEnvironment(Map.of(Jobs.JOBS_ENV, Integer.toString(threads)))) {
                report = new Verifier(policy).verifyAll(files.stream().map(Verifier.Input::of).toList(), jobs);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (!report.verified()) {
                throw new IllegalStateException("verification failed: " + report.table());
            }
            if (round > 0) {
                best = Math.max(best, files.size() / seconds);
            }
        }
        return best;
    }
}
