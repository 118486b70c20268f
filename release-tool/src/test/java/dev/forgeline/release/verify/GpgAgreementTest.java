package dev.forgeline.release.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.common.SignatureKind;
import dev.forgeline.release.testing.Artifacts;
import dev.forgeline.release.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stock gpg, the peer, judges the key-state cases of the corpus as forgeline does: a signature by a revoked or expired
 * key, or dated before its key, is not a good signature to either (gpg reports REVKEYSIG or EXPKEYSIG instead of
 * GOODSIG, and refuses a time conflict outright).
 */
class GpgAgreementTest {
    @TempDir
    Path dir;

    @Test
    void signatureByAKeyRevokedAsCompromised_gpgReportsRevoked_forgelineFails() throws Exception {
        PgpKeyFixtures.Fixture key = PgpKeyFixtures.hardRevoked();
        Path file = signed(key, "revoked.jar", PgpKeyFixtures.NOW);

        Tools.Run gpg = gpgVerify(key, file);

        assertTrue(gpg.output().contains("[GNUPG:] REVKEYSIG "), gpg.output());
        assertTrue(!gpg.output().contains("[GNUPG:] GOODSIG "), gpg.output());
        assertEquals(List.of(FailureReason.PGP_KEY_REVOKED), forgeline(key, file));
    }

    @Test
    void signatureByAnExpiredKey_gpgReportsExpired_forgelineFails() throws Exception {
        PgpKeyFixtures.Fixture key = PgpKeyFixtures.expired();
        Path file = signed(key, "expired.jar", PgpKeyFixtures.NOW);

        Tools.Run gpg = gpgVerify(key, file);

        assertTrue(gpg.output().contains("[GNUPG:] EXPKEYSIG "), gpg.output());
        assertTrue(!gpg.output().contains("[GNUPG:] GOODSIG "), gpg.output());
        assertEquals(List.of(FailureReason.PGP_KEY_EXPIRED), forgeline(key, file));
    }

    @Test
    void signatureDatedBeforeItsKey_gpgRefusesTheTimeConflict_forgelineFails() throws Exception {
        PgpKeyFixtures.Fixture key = PgpKeyFixtures.fresh();
        Path file = signed(key, "predated.jar", PgpKeyFixtures.DAY_AGO);

        Tools.Run gpg = gpgVerify(key, file);

        assertNotEquals(0, gpg.exitCode(), gpg.output());
        assertTrue(gpg.output().contains("newer than the signature"), gpg.output());
        assertTrue(!gpg.output().contains("[GNUPG:] GOODSIG "), gpg.output());
        assertEquals(List.of(FailureReason.PGP_SIGNATURE_BEFORE_KEY), forgeline(key, file));
    }

    @Test
    void signatureByTheSameKeyInGoodStanding_bothAccept() throws Exception {
        PgpKeyFixtures.Fixture key = PgpKeyFixtures.fresh();
        Path file = signed(key, "good.jar", PgpKeyFixtures.NOW.plusSeconds(1));

        Tools.Run gpg = gpgVerify(key, file);

        assertEquals(0, gpg.exitCode(), gpg.output());
        assertTrue(gpg.output().contains("[GNUPG:] GOODSIG "), gpg.output());
        assertEquals(List.of(), forgeline(key, file));
    }

    private Path signed(PgpKeyFixtures.Fixture key, String name, java.time.Instant at) throws Exception {
        Path file = Artifacts.create(dir, name, 6000, name.length());
        Files.writeString(Artifacts.sibling(file, ".asc"), key.ascDated(file, at));
        return file;
    }

    private Tools.Run gpgVerify(PgpKeyFixtures.Fixture key, Path file) throws Exception {
        Tools.requireGpg();
        Path home = Files.createDirectories(dir.resolve("gnupg-" + file.getFileName()));
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Map<String, String> env = Map.of("GNUPGHOME", home.toString());
        Path keyFile = Files.writeString(dir.resolve(file.getFileName() + ".key.asc"), key.publicArmored());
        Tools.Run imported = Tools.run(dir, env, List.of("gpg", "--batch", "--import", keyFile.toString()));
        assertEquals(0, imported.exitCode(), imported.output());
        return Tools.run(dir, env, List.of("gpg", "--batch", "--status-fd", "1", "--verify",
                Artifacts.sibling(file, ".asc").toString(), file.toString()));
    }

    private static List<FailureReason> forgeline(PgpKeyFixtures.Fixture key, Path file) {
        VerificationPolicy policy = VerificationPolicy.builder().trustPgpKeys(key.publicArmored())
                .require(EnumSet.of(SignatureKind.PGP)).build();
        return new Verifier(policy).verify(file).reasons();
    }
}
