package dev.forgeline.release.verify;

import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.common.Jobs;
import dev.forgeline.release.common.SignatureKind;
import dev.forgeline.release.sigstore.KeylessBundle;
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

    /**
     * Keyless bundles also in the earlier versions sigstore-js and cosign still write (v0.2, v0.1: the certificate in
     * an x509CertificateChain); the keyless check requires the inclusion proof and promise whatever the version.
     */
    private static final List<String> KEYLESS_MEDIA_TYPES = List.of(SigstoreBundle.MEDIA_TYPE_V03,
            "application/vnd.dev.sigstore.bundle+json;version=0.3", "application/vnd.dev.sigstore.bundle+json;version=0.2",
            "application/vnd.dev.sigstore.bundle+json;version=0.1");

    private final VerificationPolicy policy;
    /** The trusted Sigstore keys, each prepared for verification once and reused for every artifact. */
    private final SigstoreSignatures sigstoreSignatures = new SigstoreSignatures();
    /** The PGP verifier providers and the trusted PGP keys in JCA form, made once. */
    private final PgpVerifiers pgpVerifiers = new PgpVerifiers();

    /** Keyless bundles' checks, or null when the policy has no identity policy. */
    private final KeylessCheck keylessCheck;

    public Verifier(VerificationPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.keylessCheck = policy.identityPolicy().map(KeylessCheck::new).orElse(null);
    }

    /**
     * One file to verify; {@code expectedSha256} is what a release manifest records, or null. {@code fetchFailure},
     * when not null, is why the file could not be fetched from a repository (or may not be read): the verdict is that
     * failure alone. {@code indexPath} is the name a signed release index binds its digest to (its Maven repository
     * path), or null when the input has no such name.
     */
    public record Input(String name, Path file, String expectedSha256, CheckResult fetchFailure, String indexPath) {
        public Input {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(file, "file");
            if (fetchFailure != null && !fetchFailure.failed()) {
                throw new IllegalArgumentException("a fetch failure is a failed check");
            }
        }

        public Input(String name, Path file, String expectedSha256) {
            this(name, file, expectedSha256, null, null);
        }

        /** An artifact that could not be fetched, and why. */
        public static Input unfetched(String name, Path file, CheckResult failure) {
            return new Input(name, file, null, Objects.requireNonNull(failure, "failure"), null);
        }

        public static Input of(Path file) {
            return new Input(file.getFileName().toString(), file, null);
        }

        /** The same input, bound to {@code path} in a release index. */
        public Input indexedAs(String path) {
            return new Input(name, file, expectedSha256, fetchFailure, path);
        }
    }

    /**
     * Every batch verified on {@code jobs}; a batch that belongs to a release is then checked against its provenance
     * ({@link ProvenanceCheck}), its SBOMs ({@link SbomCheck}) and its signed index ({@link ReleaseIndexCheck}). Verdicts keep the input order.
     */
    public VerificationReport verifyBatches(List<VerificationBatch> batches, Jobs jobs) throws InterruptedException {
        List<ArtifactVerdict> all = new ArrayList<>();
        ReleaseIndexCheck indexCheck = new ReleaseIndexCheck(this, policy);
        ProvenanceCheck provenanceCheck = new ProvenanceCheck(policy, new TrustedKeySignatures(policy, sigstoreSignatures));
        SbomCheck sbomCheck = new SbomCheck(this, policy);
        for (VerificationBatch batch : batches) {
            List<ArtifactVerdict> verdicts = verifyAll(batch.inputs(), jobs).verdicts();
            if (batch.files() != null || policy.provenance().required() || policy.requiresSbom()) {
                verdicts = provenanceCheck.apply(batch.files(), batch.inputs(), verdicts);
                verdicts = sbomCheck.apply(batch.files(), batch.inputs(), verdicts);
            }
            all.addAll(batch.index() == null && !policy.requiresIndex() ? verdicts
                    : indexCheck.apply(batch.index(), batch.inputs(), verdicts));
        }
        return new VerificationReport(all);
    }

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
        checks.addAll(checkChecksums(file, sidecars, hex));
        checks.add(finishPgp(pgp, pgpContent));
        checks.add(checkSigstore(sidecars.bundle(), HexFormat.of().parseHex(sha256)));
        return new ArtifactVerdict(input.name(), sha256, checks);
    }

    /** Every checksum file present is checked, each failure with its own reason: none stops at the first. */
    private List<CheckResult> checkChecksums(Path file, Sidecars sidecars, Map<Checksums.Algorithm, String> actual) {
        if (sidecars.checksums().isEmpty()) {
            return List.of(CheckResult.notPresent(Check.CHECKSUM));
        }
        List<String> ok = new ArrayList<>();
        List<CheckResult> failures = new ArrayList<>();
        for (Map.Entry<Checksums.Algorithm, String> e : sidecars.checksums().entrySet()) {
            Checksums.Algorithm algorithm = e.getKey();
            String claimed = e.getValue();
            String sidecar = algorithm.sidecarOf(file).getFileName().toString();
            if (claimed.startsWith(TOO_LARGE)) {
                failures.add(CheckResult.failed(FailureReason.CHECKSUM_TOO_LARGE, sidecar + " "
                        + claimed.substring(TOO_LARGE.length())));
            } else if (claimed.length() != algorithm.hexLength() || !HEX.matcher(claimed).matches()) {
                failures.add(CheckResult.failed(FailureReason.CHECKSUM_MALFORMED, sidecar));
            } else if (!claimed.equals(actual.get(algorithm))) {
                failures.add(CheckResult.failed(mismatch(algorithm), "(" + sidecar + ")"));
            } else {
                ok.add(algorithm.fileExtension());
            }
        }
        return failures.isEmpty() ? List.of(CheckResult.passed(Check.CHECKSUM, String.join(",", ok), null)) : failures;
    }

    static FailureReason mismatch(Checksums.Algorithm algorithm) {
        return switch (algorithm) {
            case MD5 -> FailureReason.MD5_MISMATCH;
            case SHA1 -> FailureReason.SHA1_MISMATCH;
            case SHA256 -> FailureReason.SHA256_MISMATCH;
            case SHA512 -> FailureReason.SHA512_MISMATCH;
        };
    }

    /**
     * A parsed signature and the trusted keys that may have made it, or why there is none ({@code early}). Either the
     * signature continues the content hash of the one pass ({@code continuedDigest} names its JCA digest; each
     * candidate is tried on a copy of it once the content is hashed), or it was initialised with its first candidate
     * before the pass and is streamed the content.
     */
    private record PgpState(PGPSignature signature, CheckResult early, List<VerificationPolicy.TrustedPgpKey> candidates,
            String continuedDigest) {
        static PgpState failed(CheckResult early) {
            return new PgpState(null, early, List.of(), null);
        }

        boolean streamed() {
            return signature != null && continuedDigest == null;
        }
    }

    private PgpState preparePgp(SmallFile ascFile) {
        if (ascFile.status() == SmallFile.Status.ABSENT) {
            return PgpState.failed(policy.requires(SignatureKind.PGP)
                    ? CheckResult.failed(FailureReason.PGP_MISSING, null) : CheckResult.notPresent(Check.PGP));
        }
        if (ascFile.status() == SmallFile.Status.TOO_LARGE) {
            return PgpState.failed(CheckResult.failed(FailureReason.PGP_TOO_LARGE,
                    ascFile.tooLargeDetail(Limits.SIGNATURE_BYTES)));
        }
        byte[] asc = ascFile.bytes() == null ? new byte[0] : ascFile.bytes();
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
            List<VerificationPolicy.TrustedPgpKey> candidates = candidates(signature);
            if (candidates.isEmpty()) {
                untrusted = untrusted == null ? signature : untrusted;
                continue;
            }
            String continued = PgpVerifiers.continuableDigest(signature);
            if (continued != null) {
                return new PgpState(signature, null, candidates, continued);
            }
            CheckResult unusable = init(signature, pgpVerifiers.streaming(), candidates.get(0).key());
            return unusable != null ? PgpState.failed(unusable)
                    : new PgpState(signature, null, List.of(candidates.get(0)), null);
        }
        String id = keyId(issuerKeyId(untrusted));
        byte[] fingerprint = issuerFingerprint(untrusted);
        String detail = fingerprint == null ? id : id + " (fingerprint " + HexFormat.of().withUpperCase()
                .formatHex(fingerprint) + ")";
        return PgpState.failed(CheckResult.failed(FailureReason.PGP_UNTRUSTED_KEY, detail, id, null));
    }

    /**
     * The trusted keys that may have made the signature. A 64-bit key id does not name one key, so when the signature
     * carries its issuer's fingerprint in the hashed (signed) area, only the key with that fingerprint qualifies: a
     * key that merely shares the id is not trusted for it. Nor is a key that cannot have made the signature: one of
     * another algorithm, or an old (v3) key for a v4 signature.
     */
    private List<VerificationPolicy.TrustedPgpKey> candidates(PGPSignature signature) {
        byte[] fingerprint = issuerFingerprint(signature);
        return policy.pgpKeys(issuerKeyId(signature)).stream()
                .filter(t -> fingerprint == null || java.util.Arrays.equals(t.key().getFingerprint(), fingerprint))
                .filter(t -> t.key().getAlgorithm() == signature.getKeyAlgorithm())
                .filter(t -> signature.getVersion() != 4 || t.key().getVersion() == 4)
                .toList();
    }

    /** The issuer fingerprint from the hashed subpackets, or null. */
    private static byte[] issuerFingerprint(PGPSignature signature) {
        var hashed = signature.getHashedSubPackets();
        var issuer = hashed == null ? null : hashed.getIssuerFingerprint();
        return issuer == null ? null : issuer.getFingerprint();
    }

    /**
     * The issuer's key id: from the signed fingerprint of a v4 key (its low 64 bits), which an attacker cannot change,
     * else from the (unsigned) issuer subpacket.
     */
    private static long issuerKeyId(PGPSignature signature) {
        byte[] fingerprint = issuerFingerprint(signature);
        if (fingerprint != null && fingerprint.length == 20) {
            return java.nio.ByteBuffer.wrap(fingerprint, 12, 8).getLong();
        }
        return signature.getKeyID();
    }

    /** Initialises the signature with its trusted key: null when done, or why the key cannot be used. */
    private static CheckResult init(PGPSignature signature, PGPContentVerifierBuilderProvider verifiers,
            PGPPublicKey key) {
        try {
            signature.init(verifiers, key);
            return null;
        } catch (PGPException | RuntimeException e) {
            return CheckResult.failed(FailureReason.PGP_MALFORMED,
                    "(cannot use key " + keyId(key.getKeyID()) + ": " + e.getClass().getSimpleName() + ")",
                    keyId(key.getKeyID()), e);
        }
    }

    /**
     * @param content the one pass's hash state after the content, for a signature that continues it
     */
    private CheckResult finishPgp(PgpState state, MessageDigest content) {
        if (state.early() != null) {
            return state.early();
        }
        CheckResult last = null;
        for (VerificationPolicy.TrustedPgpKey candidate : state.candidates()) {
            String id = keyId(candidate.key().getKeyID());
            if (state.continuedDigest() != null) {
                CheckResult unusable = init(state.signature(), pgpVerifiers.continuing(copy(content)), candidate.key());
                if (unusable != null) {
                    last = unusable;
                    continue;
                }
            }
            try {
                if (state.signature().verify()) {
                    // Only a genuine signature is asked whether its key could make it then.
                    CheckResult invalid = PgpKeyValidity.check(candidate.key(), candidate.primary(), state.signature(),
                            policy.now());
                    return invalid != null ? invalid : CheckResult.passed(Check.PGP, null, id);
                }
                last = CheckResult.failed(FailureReason.PGP_SIGNATURE_MISMATCH, "(key " + id + ")", id, null);
            } catch (PGPException | RuntimeException e) {
                last = CheckResult.failed(FailureReason.PGP_SIGNATURE_MISMATCH, "(key " + id + ")", id, e);
            }
        }
        return last;
    }

    private CheckResult checkSigstore(SmallFile bundleFile, byte[] sha256) {
        if (bundleFile.status() == SmallFile.Status.ABSENT) {
            return policy.requires(SignatureKind.SIGSTORE)
                    ? CheckResult.failed(FailureReason.SIGSTORE_MISSING, null) : CheckResult.notPresent(Check.SIGSTORE);
        }
        if (bundleFile.status() == SmallFile.Status.TOO_LARGE) {
            return CheckResult.failed(FailureReason.SIGSTORE_TOO_LARGE, bundleFile.tooLargeDetail(Limits.BUNDLE_BYTES));
        }
        byte[] json = bundleFile.bytes() == null ? new byte[0] : bundleFile.bytes();
        SigstoreBundle bundle;
        try {
            bundle = SigstoreBundle.parse(json);
        } catch (SigstoreBundle.BundleFormatException e) {
            if (e.problem() == SigstoreBundle.BundleFormatException.Problem.KEYLESS) {
                return checkKeyless(json, sha256);
            }
            FailureReason reason = switch (e.problem()) {
                case MALFORMED -> FailureReason.SIGSTORE_MALFORMED;
                case UNSUPPORTED_CONTENT -> FailureReason.SIGSTORE_UNSUPPORTED_CONTENT;
                case UNKNOWN_ALGORITHM -> FailureReason.SIGSTORE_UNSUPPORTED_ALGORITHM;
                case DIGEST_LENGTH -> FailureReason.SIGSTORE_ALGORITHM_MISMATCH;
                case NO_TLOG_ENTRY -> FailureReason.SIGSTORE_NO_LOG_ENTRY;
                case KEYLESS -> throw new IllegalStateException("handled above");
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

    private CheckResult checkKeyless(byte[] json, byte[] sha256) {
        if (keylessCheck == null) {
            return CheckResult.failed(FailureReason.SIGSTORE_NO_IDENTITY_POLICY, "(pass --trusted-root FILE, "
                    + "--certificate-identity or --certificate-identity-regexp, and --certificate-oidc-issuer)");
        }
        KeylessBundle bundle;
        try {
            bundle = KeylessBundle.parse(json);
        } catch (SigstoreBundle.BundleFormatException e) {
            FailureReason reason = switch (e.problem()) {
                case UNSUPPORTED_CONTENT -> FailureReason.SIGSTORE_UNSUPPORTED_CONTENT;
                case UNKNOWN_ALGORITHM -> FailureReason.SIGSTORE_UNSUPPORTED_ALGORITHM;
                case DIGEST_LENGTH -> FailureReason.SIGSTORE_ALGORITHM_MISMATCH;
                case NO_TLOG_ENTRY -> FailureReason.SIGSTORE_NO_LOG_ENTRY;
                case MALFORMED, KEYLESS -> FailureReason.SIGSTORE_MALFORMED;
            };
            return CheckResult.failed(reason, "(" + e.getMessage() + ")", null, e);
        }
        if (!KEYLESS_MEDIA_TYPES.contains(bundle.mediaType())) {
            return CheckResult.failed(FailureReason.SIGSTORE_UNKNOWN_MEDIA_TYPE, bundle.mediaType());
        }
        return keylessCheck.check(bundle, sha256);
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

    /** Marks a checksum file that was too large to read; the rest is the detail. Not hex, so never a digest. */
    private static final String TOO_LARGE = "\0too-large";

    /** The small files next to an artifact, read (within {@link Limits}) before its content. */
    private record Sidecars(SmallFile asc, SmallFile bundle, Map<Checksums.Algorithm, String> checksums) {
        static Sidecars read(Path file) {
            Map<Checksums.Algorithm, String> checksums = new EnumMap<>(Checksums.Algorithm.class);
            for (Checksums.Algorithm algorithm : Checksums.Algorithm.values()) {
                SmallFile sidecar = SmallFile.read(algorithm.sidecarOf(file), Limits.CHECKSUM_BYTES);
                switch (sidecar.status()) {
                    case ABSENT -> { }
                    case TOO_LARGE -> checksums.put(algorithm, TOO_LARGE + sidecar.tooLargeDetail(Limits.CHECKSUM_BYTES));
                    case UNREADABLE -> checksums.put(algorithm, "");
                    case READ -> checksums.put(algorithm, firstToken(
                            new String(sidecar.bytes(), java.nio.charset.StandardCharsets.UTF_8)));
                }
            }
            return new Sidecars(SmallFile.read(sibling(file, SignatureKind.PGP), Limits.SIGNATURE_BYTES),
                    SmallFile.read(sibling(file, SignatureKind.SIGSTORE), Limits.BUNDLE_BYTES), checksums);
        }

        private static Path sibling(Path file, SignatureKind kind) {
            return file.resolveSibling(kind.fileNameFor(file.getFileName().toString()));
        }

        /** As {@link Checksums#readChecksumFile}: the bare form Maven writes and {@code <hex>  <name>} both read. */
        private static String firstToken(String content) {
            String trimmed = content.trim();
            String[] parts = trimmed.split("\\s+", 2);
            return parts[0].toLowerCase(Locale.ROOT);
        }
    }
}
