package dev.forgeline.release.sign;

import dev.forgeline.release.common.SignatureKind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.testing.Artifacts;
import dev.forgeline.release.testing.TestKeys;
import dev.forgeline.release.testing.Tools;
import dev.forgeline.release.verify.ArtifactVerdict;
import dev.forgeline.release.verify.FailureReason;
import dev.forgeline.release.verify.VerificationPolicy;
import dev.forgeline.release.verify.Verifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real peers, not mocks: GnuPG and sigstore-js accept what forgeline signs, and forgeline accepts GnuPG's .asc. */
class PeerInteropTest {
    @TempDir
    Path dir;

    @Test
    void gpgVerify_acceptsEveryAscForgelineWrites_ed25519AndRsa() throws Exception {
        Tools.requireGpg();
        Map<String, String> env = gnupgHome();
        for (SigningKeys keys : List.of(TestKeys.trusted(), TestKeys.trustedRsa())) {
            Path keyFile = Files.writeString(dir.resolve("key-" + keys.pgp().keyId() + ".asc"), keys.pgpPublicKeyArmored());
            assertEquals(0, Tools.run(dir, env, List.of("gpg", "--batch", "--import", keyFile.toString())).exitCode());
            for (int i = 0; i < 3; i++) {
                Path file = Artifacts.signed(Artifacts.create(dir.resolve(keys.pgp().keyId()), "f" + i + ".jar", 1000 + i * 70_000, i),
                        keys);
                Tools.Run gpg = Tools.run(dir, env, List.of("gpg", "--batch", "--status-fd", "1", "--verify",
                        file + ".asc", file.toString()));
                assertEquals(0, gpg.exitCode(), gpg.output());
                assertTrue(gpg.output().contains("[GNUPG:] GOODSIG " + keys.pgp().keyId().substring(2)), gpg.output());
            }
        }
    }

    @Test
    void gpgVerify_rejectsForgelineAscOfAChangedFile() throws Exception {
        Tools.requireGpg();
        Map<String, String> env = gnupgHome();
        Path keyFile = Files.writeString(dir.resolve("key.asc"), TestKeys.trusted().pgpPublicKeyArmored());
        Tools.run(dir, env, List.of("gpg", "--batch", "--import", keyFile.toString()));
        Path file = Artifacts.signed(Artifacts.create(dir, "x.jar", 5000, 9), TestKeys.trusted());
        Files.write(file, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        assertNotEquals(0, Tools.run(dir, env, List.of("gpg", "--batch", "--verify", file + ".asc", file.toString())).exitCode());
    }

    @Test
    void sigstoreJs_acceptsEveryBundleForgelineWrites_andRejectsAChangedFile() throws Exception {
        Tools.requireSigstoreJs();
        Path pem = Files.writeString(dir.resolve("sigstore-public.pem"), TestKeys.trusted().sigstorePublicKeyPem());
        List<String> command = new ArrayList<>(List.of("node", Tools.NODE_DIR.resolve("verify-bundles.js").toString(),
                pem.toString()));
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            files.add(Artifacts.signed(Artifacts.create(dir, "a" + i + ".jar", 3000 + i * 40_000, i), TestKeys.trusted()));
        }
        files.forEach(f -> command.add(f.toString()));
        Tools.Run ok = Tools.run(Tools.NODE_DIR, Map.of(), command);
        assertEquals(0, ok.exitCode(), ok.output());
        assertEquals(files.size(), ok.output().lines().filter(l -> l.startsWith("OK ")).count(), ok.output());

        Files.write(files.get(0), new byte[] {7}, java.nio.file.StandardOpenOption.APPEND);
        Tools.Run changed = Tools.run(Tools.NODE_DIR, Map.of(), command);
        assertEquals(1, changed.exitCode(), changed.output());
        assertTrue(changed.output().contains("FAIL " + files.get(0)), changed.output());
    }

    @Test
    void verify_acceptsAscMadeByGnuPG_andRejectsItWhenTheKeyIsNotTrusted() throws Exception {
        Tools.requireGpg();
        Map<String, String> env = gnupgHome();
        for (String algorithm : List.of("ed25519", "rsa2048")) {
            String uid = "GnuPG " + algorithm + " <" + algorithm + "@gpg.invalid>";
            Tools.Run gen = Tools.run(dir, env, List.of("gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", "",
                    "--quick-gen-key", uid, algorithm, "sign", "never"));
            assertEquals(0, gen.exitCode(), gen.output());
            Path file = Artifacts.create(dir.resolve(algorithm), "g.jar", 20_000, 3);
            Tools.Run sign = Tools.run(dir, env, List.of("gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", "",
                    "--local-user", uid, "--armor", "--detach-sign", file.toString()));
            assertEquals(0, sign.exitCode(), sign.output());
            String exported = Tools.run(dir, env, List.of("gpg", "--batch", "--armor", "--export", uid)).output();

            VerificationPolicy trusting = VerificationPolicy.builder().trustPgpKeys(exported)
                    .require(EnumSet.of(SignatureKind.PGP)).build();
            ArtifactVerdict accepted = new Verifier(trusting).verify(file);
            assertTrue(accepted.verified(), algorithm + ": " + accepted);

            ArtifactVerdict rejected = new Verifier(TestKeys.trustedPolicy().require(EnumSet.of(SignatureKind.PGP)).build())
                    .verify(file);
            assertEquals(List.of(FailureReason.PGP_UNTRUSTED_KEY), rejected.reasons(), algorithm);
        }
    }

    /**
     * A release's signatures carry its commit time, and the key is often younger (a new maintainer key, a development
     * key made today): stock gpg refuses a signature older than its key ("time conflict"), so forgeline dates such
     * signatures at the key's creation.
     */
    @Test
    void gpgVerify_acceptsSignaturesOfACommitOlderThanTheKey_withoutIgnoringTimeConflicts() throws Exception {
        Tools.requireGpg();
        Map<String, String> env = gnupgHome();
        java.time.Instant keyMade = java.time.Instant.now().minusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        java.time.Instant commit = java.time.Instant.parse("2020-02-02T02:02:02Z");
        String secret = KeyGenerator.pgpSecretKey(KeyGenerator.PgpAlgorithm.ED25519, "Young Key <young@forgeline.invalid>",
                null, java.util.Date.from(keyMade));
        SigningKeys keys = SigningKeys.load(TestKeys.envSources(), Map.of(KeySources.PGP_KEY_ENV, secret,
                KeySources.SIGSTORE_KEY_ENV, TestKeys.TRUSTED_SIGSTORE), java.time.Clock.fixed(commit, java.time.ZoneOffset.UTC));
        Path keyFile = Files.writeString(dir.resolve("young.asc"), keys.pgpPublicKeyArmored());
        assertEquals(0, Tools.run(dir, env, List.of("gpg", "--batch", "--import", keyFile.toString())).exitCode());
        Path file = Artifacts.signed(Artifacts.create(dir, "old-commit.jar", 4000, 5), keys);

        Tools.Run gpg = Tools.run(dir, env, List.of("gpg", "--batch", "--status-fd", "1", "--verify", file + ".asc",
                file.toString()));

        assertEquals(0, gpg.exitCode(), gpg.output());
        assertTrue(gpg.output().contains("[GNUPG:] GOODSIG "), gpg.output());
        assertFalse(gpg.output().toLowerCase(java.util.Locale.ROOT).contains("time conflict"), gpg.output());
        // VALIDSIG <fingerprint> <date> <epoch seconds> ...: dated at the key's creation, the earliest date gpg takes.
        assertTrue(gpg.output().contains(" " + keyMade.getEpochSecond() + " "), gpg.output());
        assertEquals(keyMade, keys.pgp().signatureTime());
    }

    private Map<String, String> gnupgHome() throws Exception {
        Path home = Files.createDirectories(dir.resolve("gnupg"));
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        return Map.of("GNUPGHOME", home.toString());
    }
}
