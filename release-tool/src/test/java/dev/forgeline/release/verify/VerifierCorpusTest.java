package dev.forgeline.release.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.testing.Artifacts;
import dev.forgeline.release.testing.TestKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rejection corpus: a correctly signed artifact, damaged one way per case; each case asserts the exact
 * reasons {@code forgeline verify} gives, not only that verification failed.
 */
class VerifierCorpusTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** A damage done to {@code a.jar} (signed, with checksums) with {@code b.jar} (signed) at hand. */
    interface Damage {
        void apply(Path a, Path b) throws Exception;
    }

    record Case(Damage damage, List<FailureReason> expected, String inMessage) {}

    static Stream<Arguments> corpus() {
        return Stream.of(
                c("flipped byte in the artifact", (a, b) -> flipByte(a, 100),
                        List.of(FailureReason.MD5_MISMATCH, FailureReason.SHA1_MISMATCH, FailureReason.SHA256_MISMATCH,
                                FailureReason.SHA512_MISMATCH, FailureReason.PGP_SIGNATURE_MISMATCH,
                                FailureReason.SIGSTORE_DIGEST_MISMATCH), "does not match"),
                c("flipped last byte, checksums rewritten to match", (a, b) -> {
                    flipByte(a, (int) Files.size(a) - 1);
                    Artifacts.writeChecksums(a);
                }, List.of(FailureReason.PGP_SIGNATURE_MISMATCH, FailureReason.SIGSTORE_DIGEST_MISMATCH),
                        "digest in bundle does not match file"),
                c(".asc moved from another artifact", (a, b) -> copySidecar(b, a, ".asc"),
                        List.of(FailureReason.PGP_SIGNATURE_MISMATCH), "PGP signature does not match file"),
                c("bundle moved from another artifact", (a, b) -> copySidecar(b, a, ".sigstore.json"),
                        List.of(FailureReason.SIGSTORE_DIGEST_MISMATCH), "digest in bundle does not match file"),
                c(".asc made by an untrusted key", (a, b) -> resignWith(a, ".asc", TestKeys.untrusted()),
                        List.of(FailureReason.PGP_UNTRUSTED_KEY), "signature made by untrusted key 0x"
                                + TestKeys.untrusted().pgp().keyId().substring(2)),
                c("bundle made by an untrusted key", (a, b) -> resignWith(a, ".sigstore.json", TestKeys.untrusted()),
                        List.of(FailureReason.SIGSTORE_UNTRUSTED_KEY), "bundle signed by untrusted key "
                                + TestKeys.untrusted().sigstore().keyId()),
                c("truncated .asc", (a, b) -> truncate(Artifacts.sibling(a, ".asc"), 0.6),
                        List.of(FailureReason.PGP_MALFORMED), ".asc is truncated or garbled"),
                c(".asc cut before its end line", (a, b) -> {
                    Path asc = Artifacts.sibling(a, ".asc");
                    String text = Files.readString(asc);
                    Files.writeString(asc, text.substring(0, text.indexOf("-----END")));
                }, List.of(FailureReason.PGP_MALFORMED), "truncated or garbled"),
                c("garbled .asc body", (a, b) -> {
                    Path asc = Artifacts.sibling(a, ".asc");
                    String text = Files.readString(asc);
                    int body = text.indexOf("\n\n") + 2;
                    Files.writeString(asc, text.substring(0, body) + "AAAA" + text.substring(body + 4));
                }, List.of(FailureReason.PGP_MALFORMED), "truncated or garbled"),
                c(".asc that is not OpenPGP at all", (a, b) -> Files.writeString(Artifacts.sibling(a, ".asc"), "hello\n"),
                        List.of(FailureReason.PGP_MALFORMED), "truncated or garbled"),
                c("empty .asc", (a, b) -> Files.write(Artifacts.sibling(a, ".asc"), new byte[0]),
                        List.of(FailureReason.PGP_MALFORMED), "truncated or garbled"),
                c(".asc holding a public key instead of a signature", (a, b) -> Files.writeString(
                        Artifacts.sibling(a, ".asc"), TestKeys.trusted().pgpPublicKeyArmored()),
                        List.of(FailureReason.PGP_MALFORMED), "no signature packet"),
                c("bundle digest replaced by another file's", (a, b) -> editBundle(a, n -> n.with("messageSignature")
                                .with("messageDigest").put("digest", base64Sha256(b))),
                        List.of(FailureReason.SIGSTORE_DIGEST_MISMATCH), "digest in bundle does not match file"),
                c("bundle signature flipped", (a, b) -> editBundle(a, n -> {
                    byte[] sig = Base64.getDecoder().decode(n.get("messageSignature").get("signature").asText());
                    sig[sig.length - 3] ^= 0x01;
                    n.with("messageSignature").put("signature", Base64.getEncoder().encodeToString(sig));
                }), List.of(FailureReason.SIGSTORE_SIGNATURE_MISMATCH), "bundle signature does not match"),
                c("bundle with this file's digest and another file's signature", (a, b) -> {
                    String other = bundle(b).get("messageSignature").get("signature").asText();
                    editBundle(a, n -> n.with("messageSignature").put("signature", other));
                }, List.of(FailureReason.SIGSTORE_SIGNATURE_MISMATCH), "bundle signature does not match"),
                c("unknown bundle media type v0.4", (a, b) -> editBundle(a,
                        n -> n.put("mediaType", "application/vnd.dev.sigstore.bundle.v0.4+json")),
                        List.of(FailureReason.SIGSTORE_UNKNOWN_MEDIA_TYPE),
                        "unknown bundle media type application/vnd.dev.sigstore.bundle.v0.4+json"),
                c("bundle media type of plain JSON", (a, b) -> editBundle(a, n -> n.put("mediaType", "application/json")),
                        List.of(FailureReason.SIGSTORE_UNKNOWN_MEDIA_TYPE), "unknown bundle media type"),
                c("missing required .asc", (a, b) -> Files.delete(Artifacts.sibling(a, ".asc")),
                        List.of(FailureReason.PGP_MISSING), "required PGP signature"),
                c("missing required bundle", (a, b) -> Files.delete(Artifacts.sibling(a, ".sigstore.json")),
                        List.of(FailureReason.SIGSTORE_MISSING), "required Sigstore bundle"),
                c(".sha256 that does not match", (a, b) -> Files.writeString(Artifacts.sibling(a, ".sha256"),
                        Checksums.sha256(b)), List.of(FailureReason.SHA256_MISMATCH), "(a.jar.sha256)"),
                c(".sha1 that is not a digest", (a, b) -> Files.writeString(Artifacts.sibling(a, ".sha1"), "not-a-digest"),
                        List.of(FailureReason.CHECKSUM_MALFORMED), "a.jar.sha1"),
                c("bundle claims SHA2_512 and carries a SHA-256 digest", (a, b) -> editBundle(a,
                        n -> n.with("messageSignature").with("messageDigest").put("algorithm", "SHA2_512")),
                        List.of(FailureReason.SIGSTORE_ALGORITHM_MISMATCH), "claims SHA2_512"),
                c("bundle claims SHA2_256 and carries a SHA-512 digest", (a, b) -> editBundle(a,
                        n -> n.with("messageSignature").with("messageDigest").put("digest", Base64.getEncoder()
                                .encodeToString(HexFormat.of().parseHex(Checksums.digest(a, Checksums.Algorithm.SHA512))))),
                        List.of(FailureReason.SIGSTORE_ALGORITHM_MISMATCH), "64-byte digest (SHA-512)"),
                c("bundle names an algorithm Sigstore does not have", (a, b) -> editBundle(a,
                        n -> n.with("messageSignature").with("messageDigest").put("algorithm", "MD5")),
                        List.of(FailureReason.SIGSTORE_UNSUPPORTED_ALGORITHM), "unknown digest algorithm MD5"),
                c("bundle that is not JSON", (a, b) -> Files.writeString(Artifacts.sibling(a, ".sigstore.json"), "{\"media"),
                        List.of(FailureReason.SIGSTORE_MALFORMED), "not JSON"),
                c("bundle without a signature", (a, b) -> editBundle(a, n -> ((ObjectNode) n.get("messageSignature"))
                        .remove("signature")), List.of(FailureReason.SIGSTORE_MALFORMED), "signature"),
                c("bundle with a DSSE envelope instead of a message signature", (a, b) -> editBundle(a, n -> {
                    n.remove("messageSignature");
                    n.putObject("dsseEnvelope").put("payload", "e30=");
                }), List.of(FailureReason.SIGSTORE_UNSUPPORTED_CONTENT), "DSSE envelope"),
                c("artifact deleted", (a, b) -> Files.delete(a), List.of(FailureReason.FILE_MISSING), "file is missing"),

                // Every checksum kind, each its own failure: none stops at the first (resolver and mvn stop there).
                c(".md5 that does not match", (a, b) -> Files.writeString(Artifacts.sibling(a, ".md5"),
                        Checksums.digest(b, Checksums.Algorithm.MD5)), List.of(FailureReason.MD5_MISMATCH), "(a.jar.md5)"),
                c(".sha1 that does not match", (a, b) -> Files.writeString(Artifacts.sibling(a, ".sha1"),
                        Checksums.digest(b, Checksums.Algorithm.SHA1)), List.of(FailureReason.SHA1_MISMATCH), "(a.jar.sha1)"),
                c(".sha512 that does not match", (a, b) -> Files.writeString(Artifacts.sibling(a, ".sha512"),
                        Checksums.digest(b, Checksums.Algorithm.SHA512)), List.of(FailureReason.SHA512_MISMATCH),
                        "(a.jar.sha512)"),
                c(".md5 and .sha1 wrong, .sha256 and .sha512 right", (a, b) -> {
                    copySidecar(b, a, ".md5");
                    copySidecar(b, a, ".sha1");
                }, List.of(FailureReason.MD5_MISMATCH, FailureReason.SHA1_MISMATCH), ".sha1 does not match"),
                c(".sha256 in sha256sum form naming the file, wrong digest", (a, b) -> Files.writeString(
                        Artifacts.sibling(a, ".sha256"), Checksums.sha256(b) + "  a.jar\n"),
                        List.of(FailureReason.SHA256_MISMATCH), "(a.jar.sha256)"),
                c("empty .md5", (a, b) -> Files.write(Artifacts.sibling(a, ".md5"), new byte[0]),
                        List.of(FailureReason.CHECKSUM_MALFORMED), "a.jar.md5"),
                c(".sha512 of the right length but not hex", (a, b) -> Files.writeString(Artifacts.sibling(a, ".sha512"),
                        "z".repeat(128)), List.of(FailureReason.CHECKSUM_MALFORMED), "a.jar.sha512"),
                c("1 GiB .sha1 (sparse)", (a, b) -> sparse(Artifacts.sibling(a, ".sha1"), GIB),
                        List.of(FailureReason.CHECKSUM_TOO_LARGE), "1073741824 bytes"),

                // Oversized and truncated inputs: refused on their size, never read into memory.
                c("1 GiB .asc (sparse)", (a, b) -> sparse(Artifacts.sibling(a, ".asc"), GIB),
                        List.of(FailureReason.PGP_TOO_LARGE), "1073741824 bytes"),
                c("1 GiB bundle (sparse)", (a, b) -> sparse(Artifacts.sibling(a, ".sigstore.json"), GIB),
                        List.of(FailureReason.SIGSTORE_TOO_LARGE), "1073741824 bytes"),
                c(".asc one byte over its bound", (a, b) -> Files.write(Artifacts.sibling(a, ".asc"),
                        new byte[(int) Limits.SIGNATURE_BYTES + 1]), List.of(FailureReason.PGP_TOO_LARGE), "65537 bytes"),
                c(".asc a symbolic link to a 1 GiB file", (a, b) -> {
                    Path big = sparse(a.resolveSibling("big.bin"), GIB);
                    Files.delete(Artifacts.sibling(a, ".asc"));
                    Files.createSymbolicLink(Artifacts.sibling(a, ".asc"), big);
                }, List.of(FailureReason.PGP_TOO_LARGE), "1073741824 bytes"),
                c("truncated bundle", (a, b) -> truncate(Artifacts.sibling(a, ".sigstore.json"), 0.5),
                        List.of(FailureReason.SIGSTORE_MALFORMED), "bundle is not a valid Sigstore bundle"),
                c("empty bundle", (a, b) -> Files.write(Artifacts.sibling(a, ".sigstore.json"), new byte[0]),
                        List.of(FailureReason.SIGSTORE_MALFORMED), "bundle is not a valid Sigstore bundle"),
                c(".asc is a directory", (a, b) -> {
                    Files.delete(Artifacts.sibling(a, ".asc"));
                    Files.createDirectory(Artifacts.sibling(a, ".asc"));
                }, List.of(FailureReason.PGP_MALFORMED), "truncated or garbled"),
                c("artifact truncated to half, sidecars kept", (a, b) -> truncate(a, 0.5), ALL_CONTENT_REASONS,
                        "does not match"),
                c("artifact emptied", (a, b) -> Files.write(a, new byte[0]), ALL_CONTENT_REASONS, "does not match"),
                c("one byte appended to the artifact", (a, b) -> Files.write(a, new byte[] {0},
                        java.nio.file.StandardOpenOption.APPEND), ALL_CONTENT_REASONS, "does not match"),
                c("artifact replaced by a directory", (a, b) -> {
                    Files.delete(a);
                    Files.createDirectory(a);
                }, List.of(FailureReason.FILE_MISSING), "file is missing"),
                c("both signatures moved from another artifact", (a, b) -> {
                    copySidecar(b, a, ".asc");
                    copySidecar(b, a, ".sigstore.json");
                }, List.of(FailureReason.PGP_SIGNATURE_MISMATCH, FailureReason.SIGSTORE_DIGEST_MISMATCH),
                        "does not match file"),

                // Revocation and expiry, judged at the signature's time.
                c("signed by a key revoked as compromised, dated before the revocation", (a, b) -> resignWith(a, ".asc",
                        PgpKeyFixtures.hardRevoked().signingAt(PgpKeyFixtures.DAY_AGO.minusSeconds(3600))),
                        List.of(FailureReason.PGP_KEY_REVOKED), "hard revocation"),
                c("signed by a key revoked as compromised, dated after the revocation", (a, b) -> resignWith(a, ".asc",
                        PgpKeyFixtures.hardRevoked().signingAt(PgpKeyFixtures.NOW)),
                        List.of(FailureReason.PGP_KEY_REVOKED), "revoked"),
                c("signed by a superseded key after it was superseded", (a, b) -> resignWith(a, ".asc",
                        PgpKeyFixtures.softRevoked().signingAt(PgpKeyFixtures.NOW)),
                        List.of(FailureReason.PGP_KEY_REVOKED), ", signed "),
                c("signed by an expired key after it expired", (a, b) -> resignWith(a, ".asc",
                        PgpKeyFixtures.expired().signingAt(PgpKeyFixtures.NOW)),
                        List.of(FailureReason.PGP_KEY_EXPIRED), "expired"),
                c("signature dated before its key was created", (a, b) -> Files.writeString(Artifacts.sibling(a, ".asc"),
                        PgpKeyFixtures.fresh().ascDated(a, PgpKeyFixtures.DAY_AGO)),
                        List.of(FailureReason.PGP_SIGNATURE_BEFORE_KEY),
                        "signed " + PgpKeyFixtures.DAY_AGO.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)),

                // Two keys, one 64-bit key id: only the trusted one of them may pass.
                c("signed by an untrusted key sharing a trusted key's 64-bit id, fingerprint in the signature",
                        (a, b) -> Files.writeString(Artifacts.sibling(a, ".asc"),
                                PgpKeyFixtures.sharingKeyId()[0].ascDated(a, PgpKeyFixtures.NOW)),
                        List.of(FailureReason.PGP_UNTRUSTED_KEY), "fingerprint"),
                c("signed by an untrusted key sharing a trusted key's 64-bit id, key id alone in the signature",
                        (a, b) -> Files.writeString(Artifacts.sibling(a, ".asc"),
                                PgpKeyFixtures.sharingKeyId()[0].ascByKeyIdOnly(a)),
                        List.of(FailureReason.PGP_UNTRUSTED_KEY), "signature made by untrusted key 0x"));
    }

    static final long GIB = 1L << 30;
    private static final List<FailureReason> ALL_CONTENT_REASONS = List.of(FailureReason.MD5_MISMATCH,
            FailureReason.SHA1_MISMATCH, FailureReason.SHA256_MISMATCH, FailureReason.SHA512_MISMATCH,
            FailureReason.PGP_SIGNATURE_MISMATCH, FailureReason.SIGSTORE_DIGEST_MISMATCH);

    /** The trusted set plus the fixtures' keys (revoked, expired, fresh). */
    private static VerificationPolicy policy;

    static synchronized VerificationPolicy policy() {
        if (policy == null) {
            policy = TestKeys.trustedPolicy()
                    .trustPgpKeys(PgpKeyFixtures.hardRevoked().publicArmored())
                    .trustPgpKeys(PgpKeyFixtures.softRevoked().publicArmored())
                    .trustPgpKeys(PgpKeyFixtures.expired().publicArmored())
                    .trustPgpKeys(PgpKeyFixtures.fresh().publicArmored())
                    .trustPgpKeys(PgpKeyFixtures.sharingKeyId()[1].publicArmored())
                    .build();
        }
        return policy;
    }

    /** A file of {@code size} bytes that takes no disk space: verify must refuse it on its size alone. */
    static Path sparse(Path file, long size) throws IOException {
        Files.deleteIfExists(file);
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
        }
        return file;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void verify_damagedArtifact_reportsItsReason(Case c) throws Exception {
        Path a = signedArtifact("a.jar", 1);
        Path b = signedArtifact("b.jar", 2);
        c.damage().apply(a, b);

        ArtifactVerdict verdict = new Verifier(policy()).verify(a);

        assertEquals(c.expected(), verdict.reasons(), verdict.toString());
        String messages = String.join("; ", verdict.failures().stream().map(CheckResult::message).toList());
        assertTrue(messages.contains(c.inMessage()), "'" + c.inMessage() + "' not in: " + messages);
    }

    @Test
    void corpus_withTheReleaseCorpus_hasAtLeastSixtyCases() {
        long total = corpus().count() + ReleaseCorpusTest.corpus().count();
        assertTrue(total >= 60, "corpus cases: " + total);
    }

    @Test
    void verify_supersededKeyBeforeItWasSuperseded_passes() throws Exception {
        Path a = signedArtifact("a.jar", 1);
        resignWith(a, ".asc", PgpKeyFixtures.softRevoked().signingAt(PgpKeyFixtures.DAY_AGO.minusSeconds(3600)));

        ArtifactVerdict verdict = new Verifier(policy()).verify(a);

        assertTrue(verdict.verified(), verdict.toString());
    }

    @Test
    void verify_twoTrustedKeysInOneFileShareA64BitId_theSigningOnePasses() throws Exception {
        PgpKeyFixtures.Fixture[] shared = PgpKeyFixtures.sharingKeyId();
        assertEquals(shared[0].publicKey().getKeyID(), shared[1].publicKey().getKeyID());
        assertFalse(java.util.Arrays.equals(shared[0].publicKey().getFingerprint(), shared[1].publicKey().getFingerprint()));
        // The old key first: a signature naming the id alone is tried with it, fails, and must then pass with the other.
        String bothInOneFile = PgpKeyFixtures.armor(concat(PgpKeyFixtures.read(shared[1].publicArmored()).getEncoded(),
                PgpKeyFixtures.read(shared[0].publicArmored()).getEncoded()));
        Verifier verifier = new Verifier(TestKeys.trustedPolicy().trustPgpKeys(bothInOneFile).build());
        int n = 0;
        for (boolean fingerprint : new boolean[] {true, false}) {
            Path a = signedArtifact("shared" + n++ + ".jar", n);
            Files.writeString(Artifacts.sibling(a, ".asc"), fingerprint ? shared[0].ascDated(a, PgpKeyFixtures.NOW)
                    : shared[0].ascByKeyIdOnly(a));

            ArtifactVerdict verdict = verifier.verify(a);

            assertTrue(verdict.verified(), (fingerprint ? "with" : "without") + " fingerprint: " + verdict);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    @Test
    void verify_aFreshKeySigningNow_passes() throws Exception {
        Path a = signedArtifact("a.jar", 1);
        resignWith(a, ".asc", PgpKeyFixtures.fresh().signingAt(PgpKeyFixtures.NOW.plusSeconds(1)));

        assertTrue(new Verifier(policy()).verify(a).verified());
    }

    @Test
    void verify_intactArtifact_passesEveryCheckWithTheKeys() throws Exception {
        Path a = signedArtifact("a.jar", 1);

        ArtifactVerdict verdict = new Verifier(TestKeys.trustedPolicy().build()).verify(a);

        assertTrue(verdict.verified(), verdict.toString());
        assertEquals(TestKeys.trusted().pgp().keyId(), verdict.check(Check.PGP).orElseThrow().keyId());
        assertEquals(TestKeys.trusted().sigstore().keyId(), verdict.check(Check.SIGSTORE).orElseThrow().keyId());
        assertEquals("sha256,sha512".length() > 0, verdict.check(Check.CHECKSUM).orElseThrow().detail().contains("sha256"));
    }

    private Path signedArtifact(String name, long seed) throws IOException {
        return Artifacts.signed(Artifacts.create(dir, name, 8 * 1024 + (int) seed, seed), TestKeys.trusted());
    }

    private static Arguments c(String name, Damage damage, List<FailureReason> expected, String inMessage) {
        return Arguments.of(Named.of(name, new Case(damage, expected, inMessage)));
    }

    static void flipByte(Path file, int at) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[at] ^= 0x01;
        Files.write(file, bytes);
    }

    static void copySidecar(Path from, Path to, String suffix) throws IOException {
        Files.copy(Artifacts.sibling(from, suffix), Artifacts.sibling(to, suffix),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static void resignWith(Path file, String suffix, dev.forgeline.release.sign.SigningKeys keys) throws IOException {
        Path other = Files.createTempDirectory(file.getParent(), "other");
        Path copy = Files.copy(file, other.resolve(file.getFileName()));
        Artifacts.signed(copy, keys);
        copySidecar(copy, file, suffix);
    }

    static void truncate(Path file, double fraction) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, (int) (bytes.length * fraction)));
    }

    interface Edit {
        void apply(ObjectNode bundle) throws Exception;
    }

    static ObjectNode bundle(Path artifact) throws IOException {
        return (ObjectNode) JSON.readTree(Artifacts.sibling(artifact, ".sigstore.json").toFile());
    }

    static void editBundle(Path artifact, Edit edit) throws Exception {
        ObjectNode node = bundle(artifact);
        edit.apply(node);
        Files.writeString(Artifacts.sibling(artifact, ".sigstore.json"), JSON.writeValueAsString(node),
                StandardCharsets.UTF_8);
    }

    static String base64Sha256(Path file) throws IOException {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(Checksums.sha256(file)));
    }
}
