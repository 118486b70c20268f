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
 * the signature, the hashedrekord entry, the promise, the checkpoint and the inclusion proof, offline; and has
 * sigstore-js verify the same bundles (NODE_DIR/bench-verify-keyless.js, one node process a pass). The machine may be
 * shared, so they take turns, pass after pass: forgeline on 1 thread, on THREADS threads, then sigstore-js; pass 0 warms
 * the JIT (node warms up within its process), and each keeps its best of ROUNDS passes.
 * Usage: java -cp CLASSES:release-tool.jar KeylessVerifyBench N FILE_BYTES ROUNDS THREADS WORK_DIR NODE_DIR
 * Prints "forgeline-1 RATE", "forgeline-N RATE", "sigstore-js RATE" (bundles per second).
 */
public class KeylessVerifyBench {
    private static final String EMAIL = "bench@forgeline.test";

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int size = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        Path work = Path.of(args[4]);
        Path nodeDir = Path.of(args[5]);
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
            List<String> node = new ArrayList<>(List.of("node", nodeDir.resolve("bench-verify-keyless.js").toString(),
                    root.toString(), EMAIL, sigstore.oidc().url(), "1"));
            files.forEach(f -> node.add(f.toString()));
            double one = 0;
            double many = 0;
            double js = 0;
            for (int pass = 0; pass <= rounds; pass++) {
                double a = rate(policy, files, 1);
                double b = rate(policy, files, threads);
                double c = sigstoreJs(node, nodeDir);
                if (pass > 0) {
                    one = Math.max(one, a);
                    many = Math.max(many, b);
                    js = Math.max(js, c);
                }
            }
            System.out.printf("forgeline-1 %.1f%n", one);
            System.out.printf("forgeline-N %.1f%n", many);
            System.out.printf("sigstore-js %.1f%n", js);
        }
    }

    /** One node process: a warm-up round and a timed round over every file; its rate. */
    private static double sigstoreJs(List<String> command, Path nodeDir) throws Exception {
        Process process = new ProcessBuilder(command).directory(nodeDir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (process.waitFor() != 0 || !out.startsWith("sigstore-js ")) {
            throw new IllegalStateException("sigstore-js did not verify the bundles: " + out);
        }
        return Double.parseDouble(out.trim().split(" ")[1]);
    }

    /** Bundles per second of one verification of every file on {@code threads} threads. */
    private static double rate(VerificationPolicy policy, List<Path> files, int threads) throws Exception {
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
        return files.size() / seconds;
    }
}
