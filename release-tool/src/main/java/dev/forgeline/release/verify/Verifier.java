package dev.forgeline.release.verify;

import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.common.Jobs;
import dev.forgeline.release.common.SignatureKind;
import dev.forgeline.release.sigstore.SigstoreBundle;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.PGPContentVerifierBuilderProvider;

/**
 * Verifies artifacts against a {@link VerificationPolicy}: checksum files, the PGP signature ({@code .asc}) and
 * the Sigstore bundle ({@code .sigstore.json}) next to each file. Each file is read once: one pass feeds its
 * SHA-256, the digests its checksum files need, and the PGP signature. Every check reports its own
 * {@link FailureReason}; nothing here builds anything, so this can stand as its own entry point.
 */
public final class Verifier {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]+");
    private static final int BUFFER_SIZE = 64 * 1024;
    /** Both spellings protobuf-specs gives version 0.3 of the bundle. */
    private static final List<String> SUPPORTED_MEDIA_TYPES = List.of(SigstoreBundle.MEDIA_TYPE_V03,
            "application/vnd.dev.sigstore.bundle+json;version=0.3");

    private final VerificationPolicy policy;
    /** The trusted Sigstore keys, each prepared for verification once and reused for every artifact. */
    private final SigstoreSignatures sigstoreSignatures = new SigstoreSignatures();
    /** The PGP verifier providers and the trusted PGP keys in JCA form, made once. */
    private final PgpVerifiers pgpVerifiers = new PgpVerifiers();

    public Verifier(VerificationPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * One file to verify; {@code expectedSha256} is what a release manifest records, or null. {@code fetchFailure},
     * when not null, is why the file could not be fetched from a repository: the verdict is that failure alone.
     */
    public record Input(String name, Path file, String expectedSha256, CheckResult fetchFailure) {
        public Input {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(file, "file");
            if (fetchFailure != null && !fetchFailure.failed()) {
                throw new IllegalArgumentException("a fetch failure is a failed check");
            }
        }

        public Input(String name, Path file, String expectedSha256) {
            this(name, file, expectedSha256, null);
        }

        /** An artifact that could not be fetched, and why. */
        public static Input unfetched(String name, Path file, CheckResult failure) {
            return new Input(name, file, null, Objects.requireNonNull(failure, "failure"));
        }

        public static Input of(Path file) {
            return new Input(file.getFileName().toString(), file, null);
        }
    }

    /** Verifies every input, in parallel bounded by the cores; the verdicts keep the input order. */
    /** Every input verified on {@code jobs} (the run's one executor, bounded by {@code FORGELINE_JOBS}). */
    public VerificationReport verifyAll(List<Input> inputs, Jobs jobs) throws InterruptedException {
        try {
            return new VerificationReport(jobs.map(inputs, this::verify));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("verification crashed: " + e, e); // verify reports I/O failures as data
        }
    }

    public ArtifactVerdict verify(Path file) {
        return verify(Input.of(file));
    }

    public ArtifactVerdict verify(Input input) {
        if (input.fetchFailure() != null) {
            return new ArtifactVerdict(input.name(), null, List.of(input.fetchFailure()));
        }
        Path file = input.file();
        if (!Files.isRegularFile(file)) {
            return new ArtifactVerdict(input.name(), null, List.of(CheckResult.failed(FailureReason.FILE_MISSING,
                    file.toString())));
        }
        Sidecars sidecars = Sidecars.read(file);
        PgpState pgp = preparePgp(sidecars.asc());
        // One pass feeds every digest (by JCA name): SHA-256, the checksum files' algorithms, and the PGP hash when
        // the signature can continue it; a signature that cannot is streamed the same pass.
        Map<String, MessageDigest> digests = new LinkedHashMap<>();
        digests.put(Checksums.Algorithm.SHA256.jcaName(), newDigest(Checksums.Algorithm.SHA256.jcaName()));
        sidecars.checksums().keySet().forEach(a -> digests.computeIfAbsent(a.jcaName(), Verifier::newDigest));
        if (pgp.continuedDigest() != null) {
            digests.computeIfAbsent(pgp.continuedDigest(), Verifier::newDigest);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[BUFFER_SIZE];
            int read;
            while ((read = in.read(buffer)) != -1) {
                for (MessageDigest digest : digests.values()) {
                    digest.update(buffer, 0, read);
                }
                if (pgp.streamed()) {
                    pgp.signature().update(buffer, 0, read);
                }
            }
        } catch (IOException e) {
            return new ArtifactVerdict(input.name(), null, List.of(CheckResult.failed(FailureReason.FILE_MISSING,
                    file + " cannot be read (" + e.getClass().getSimpleName() + ")", null, e)));
        }
        MessageDigest pgpContent = pgp.continuedDigest() == null ? null : copy(digests.get(pgp.continuedDigest()));
        Map<Checksums.Algorithm, String> hex = new EnumMap<>(Checksums.Algorithm.class);
        for (Checksums.Algorithm algorithm : Checksums.Algorithm.values()) {
            MessageDigest digest = digests.get(algorithm.jcaName());
            if (digest != null) {
                hex.put(algorithm, HexFormat.of().formatHex(digest.digest()));
            }
        }
        String sha256 = hex.get(Checksums.Algorithm.SHA256);

        List<CheckResult> checks = new ArrayList<>();
        checks.add(input.expectedSha256() == null || input.expectedSha256().equals(sha256)
                ? CheckResult.passed(Check.FILE, null, null)
                : CheckResult.failed(FailureReason.MANIFEST_DIGEST_MISMATCH,
                        "(manifest " + input.expectedSha256() + ", file " + sha256 + ")"));
        checks.add(checkChecksums(file, sidecars, hex));
        checks.add(finishPgp(pgp, pgpContent));
        checks.add(checkSigstore(sidecars.bundle(), HexFormat.of().parseHex(sha256)));
        return new ArtifactVerdict(input.name(), sha256, checks);
    }

    private CheckResult checkChecksums(Path file, Sidecars sidecars, Map<Checksums.Algorithm, String> actual) {
        if (sidecars.checksums().isEmpty()) {
            return CheckResult.notPresent(Check.CHECKSUM);
        }
        List<String> ok = new ArrayList<>();
        for (Map.Entry<Checksums.Algorithm, String> e : sidecars.checksums().entrySet()) {
            Checksums.Algorithm algorithm = e.getKey();
            String claimed = e.getValue();
            String sidecar = algorithm.sidecarOf(file).getFileName().toString();
            if (claimed.length() != algorithm.hexLength() || !HEX.matcher(claimed).matches()) {
                return CheckResult.failed(FailureReason.CHECKSUM_MALFORMED, sidecar);
            }
            if (!claimed.equals(actual.get(algorithm))) {
                return CheckResult.failed(FailureReason.CHECKSUM_MISMATCH, "(" + sidecar + ")");
            }
            ok.add(algorithm.fileExtension());
        }
        return CheckResult.passed(Check.CHECKSUM, String.join(",", ok), null);
    }

    /**
     * A parsed signature by a trusted key, or why there is none ({@code early}). Either the signature continues the
     * content hash of the one pass ({@code continuedDigest} names its JCA digest, {@code key} is used once the content
     * is hashed), or it was initialised with its key before the pass and is streamed the content.
     */
    private record PgpState(PGPSignature signature, String keyId, CheckResult early, PGPPublicKey key,
            String continuedDigest) {
        static PgpState failed(CheckResult early) {
            return new PgpState(null, null, early, null, null);
        }

        boolean streamed() {
            return signature != null && continuedDigest == null;
        }
    }

    private PgpState preparePgp(byte[] asc) {
        if (asc == null) {
            return PgpState.failed(policy.requires(SignatureKind.PGP)
                    ? CheckResult.failed(FailureReason.PGP_MISSING, null) : CheckResult.notPresent(Check.PGP));
        }
        String text = new String(asc, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (text.stripLeading().startsWith("-----BEGIN PGP") && !text.contains("-----END PGP ")) {
            return PgpState.failed(CheckResult.failed(FailureReason.PGP_MALFORMED, "(armor has no END line)"));
        }
        List<PGPSignature> signatures = new ArrayList<>();
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(asc))) {
            Object object = new JcaPGPObjectFactory(in).nextObject();
            if (!(object instanceof PGPSignatureList list) || list.isEmpty()) {
                return PgpState.failed(CheckResult.failed(FailureReason.PGP_MALFORMED,
                        "(no signature packet" + (object == null ? "" : ", found " + object.getClass().getSimpleName())
                                + ")"));
            }
            list.forEach(signatures::add);
            // Reading to the end makes the armor check its checksum and end line: a truncated .asc fails here.
            while (in.read() != -1) {
                // drain
            }
        } catch (IOException | RuntimeException e) {
            return PgpState.failed(CheckResult.failed(FailureReason.PGP_MALFORMED,
                    "(" + e.getClass().getSimpleName() + ")", null, e));
        }
        PGPSignature untrusted = null;
        for (PGPSignature signature : signatures) {
            if (signature.getSignatureType() != PGPSignature.BINARY_DOCUMENT
                    && signature.getSignatureType() != PGPSignature.CANONICAL_TEXT_DOCUMENT) {
                return PgpState.failed(CheckResult.failed(FailureReason.PGP_NOT_A_DOCUMENT_SIGNATURE,
                        "(type 0x" + Integer.toHexString(signature.getSignatureType()) + ")"));
            }
            var key = policy.pgpKey(signature.getKeyID());
            if (key.isEmpty()) {
                untrusted = untrusted == null ? signature : untrusted;
                continue;
            }
            String continued = PgpVerifiers.continuableDigest(signature);
            if (continued != null) {
                return new PgpState(signature, keyId(key.get().getKeyID()), null, key.get(), continued);
            }
            CheckResult unusable = init(signature, pgpVerifiers.streaming(), key.get());
            return unusable != null ? PgpState.failed(unusable)
                    : new PgpState(signature, keyId(key.get().getKeyID()), null, key.get(), null);
        }
        String id = keyId(untrusted.getKeyID());
        return new PgpState(null, id, CheckResult.failed(FailureReason.PGP_UNTRUSTED_KEY, id, id, null), null, null);
    }

    /** Initialises the signature with its trusted key: null when done, or why the key cannot be used. */
    private static CheckResult init(PGPSignature signature, PGPContentVerifierBuilderProvider verifiers,
            PGPPublicKey key) {
        try {
            signature.init(verifiers, key);
            return null;
        } catch (PGPException | RuntimeException e) {
            return CheckResult.failed(FailureReason.PGP_MALFORMED,
                    "(cannot use key " + keyId(signature.getKeyID()) + ": " + e.getClass().getSimpleName() + ")",
                    keyId(signature.getKeyID()), e);
        }
    }

    /** @param content the one pass's hash state after the content, for a signature that continues it */
    private CheckResult finishPgp(PgpState state, MessageDigest content) {
        if (state.early() != null) {
            return state.early();
        }
        if (state.continuedDigest() != null) {
            CheckResult unusable = init(state.signature(), pgpVerifiers.continuing(content), state.key());
            if (unusable != null) {
                return unusable;
            }
        }
        try {
            if (state.signature().verify()) {
                return CheckResult.passed(Check.PGP, null, state.keyId());
            }
            return CheckResult.failed(FailureReason.PGP_SIGNATURE_MISMATCH, "(key " + state.keyId() + ")",
                    state.keyId(), null);
        } catch (PGPException | RuntimeException e) {
            return CheckResult.failed(FailureReason.PGP_SIGNATURE_MISMATCH, "(key " + state.keyId() + ")",
                    state.keyId(), e);
        }
    }

    private CheckResult checkSigstore(byte[] json, byte[] sha256) {
        if (json == null) {
            return policy.requires(SignatureKind.SIGSTORE)
                    ? CheckResult.failed(FailureReason.SIGSTORE_MISSING, null) : CheckResult.notPresent(Check.SIGSTORE);
        }
        SigstoreBundle bundle;
        try {
            bundle = SigstoreBundle.parse(json);
        } catch (SigstoreBundle.BundleFormatException e) {
            FailureReason reason = switch (e.problem()) {
                case MALFORMED -> FailureReason.SIGSTORE_MALFORMED;
                case UNSUPPORTED_CONTENT -> FailureReason.SIGSTORE_UNSUPPORTED_CONTENT;
                case UNKNOWN_ALGORITHM -> FailureReason.SIGSTORE_UNSUPPORTED_ALGORITHM;
                case DIGEST_LENGTH -> FailureReason.SIGSTORE_ALGORITHM_MISMATCH;
            };
            return CheckResult.failed(reason, "(" + e.getMessage() + ")", null, e);
        }
        if (!SUPPORTED_MEDIA_TYPES.contains(bundle.mediaType())) {
            return CheckResult.failed(FailureReason.SIGSTORE_UNKNOWN_MEDIA_TYPE, bundle.mediaType());
        }
        String hint = bundle.publicKeyHint();
        var key = policy.sigstoreKey(hint);
        if (key.isEmpty()) {
            return CheckResult.failed(FailureReason.SIGSTORE_UNTRUSTED_KEY, hint, hint, null);
        }
        if (bundle.digestAlgorithm() != SigstoreBundle.HashAlgorithm.SHA2_256) {
            return CheckResult.failed(FailureReason.SIGSTORE_UNSUPPORTED_ALGORITHM, bundle.digestAlgorithm().name());
        }
        if (!MessageDigest.isEqual(bundle.digest(), sha256)) {
            return CheckResult.failed(FailureReason.SIGSTORE_DIGEST_MISMATCH, null, hint, null);
        }
        try {
            if (sigstoreSignatures.verify(hint, key.get(), bundle.digest(), bundle.signature())) {
                return CheckResult.passed(Check.SIGSTORE, null, hint);
            }
            return CheckResult.failed(FailureReason.SIGSTORE_SIGNATURE_MISMATCH, "(key " + hint + ")", hint, null);
        } catch (GeneralSecurityException | RuntimeException e) {
            return CheckResult.failed(FailureReason.SIGSTORE_SIGNATURE_MISMATCH,
                    "(key " + hint + ": " + e.getClass().getSimpleName() + ")", hint, e);
        }
    }

    static String keyId(long keyId) {
        return "0x" + String.format(Locale.ROOT, "%016X", keyId);
    }

    private static MessageDigest newDigest(String jcaName) {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageDigest copy(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("this JVM's " + digest.getAlgorithm() + " cannot be cloned", e);
        }
    }

    /** The small files next to an artifact, read before its content. */
    private record Sidecars(byte[] asc, byte[] bundle, Map<Checksums.Algorithm, String> checksums) {
        static Sidecars read(Path file) {
            Map<Checksums.Algorithm, String> checksums = new EnumMap<>(Checksums.Algorithm.class);
            for (Checksums.Algorithm algorithm : Checksums.Algorithm.values()) {
                Path sidecar = algorithm.sidecarOf(file);
                if (Files.isRegularFile(sidecar)) {
                    try {
                        checksums.put(algorithm, Checksums.readChecksumFile(sidecar));
                    } catch (IOException e) {
                        checksums.put(algorithm, "");
                    }
                }
            }
            return new Sidecars(readOrNull(sibling(file, SignatureKind.PGP)), readOrNull(sibling(file,
                    SignatureKind.SIGSTORE)), checksums);
        }

        private static Path sibling(Path file, SignatureKind kind) {
            return file.resolveSibling(kind.fileNameFor(file.getFileName().toString()));
        }

        private static byte[] readOrNull(Path file) {
            try {
                return Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                return null;
            } catch (IOException e) {
                return new byte[0];
            }
        }
    }
}
