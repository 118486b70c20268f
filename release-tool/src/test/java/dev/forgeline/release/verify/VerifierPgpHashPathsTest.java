package dev.forgeline.release.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.common.SignatureKind;
import dev.forgeline.release.testing.Artifacts;
import dev.forgeline.release.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GnuPG signatures with every hash the verifier continues from its one pass (SHA-224, -256, -384, -512) and the
 * ones it streams instead (SHA-1, text-mode signatures of a text file), for EdDSA and RSA keys: each is accepted for
 * its file and rejected, as a PGP signature mismatch, for the file with one byte changed.
 */
class VerifierPgpHashPathsTest {
    @TempDir
    Path dir;

    @Test
    void verify_gpgSignaturesOfEveryHashAndMode_acceptedForTheFileAndRejectedForAChangedOne() throws Exception {
        Tools.requireGpg();
        Path home = Files.createDirectories(dir.resolve("gnupg"));
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Map<String, String> env = Map.of("GNUPGHOME", home.toString());
        List<String> failures = new ArrayList<>();
        for (String algorithm : List.of("ed25519", "rsa2048")) {
            String uid = "Paths " + algorithm + " <" + algorithm + "@gpg.invalid>";
            Tools.Run gen = Tools.run(dir, env, List.of("gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase",
                    "", "--quick-gen-key", uid, algorithm, "sign", "never"));
            assertEquals(0, gen.exitCode(), gen.output());
            String exported = Tools.run(dir, env, List.of("gpg", "--batch", "--armor", "--export", uid)).output();
            Verifier verifier = new Verifier(VerificationPolicy.builder().trustPgpKeys(exported)
                    .require(EnumSet.of(SignatureKind.PGP)).build());
            List<String> hashes = new ArrayList<>(List.of("SHA224", "SHA256", "SHA384", "SHA512"));
            if (algorithm.startsWith("rsa")) {
                hashes.add("SHA1");
            }
            for (String hash : hashes) {
                for (boolean text : List.of(false, true)) {
                    String name = algorithm + "-" + hash + (text ? "-text" : "");
                    Path file = text ? textFile(dir.resolve(name)) : Artifacts.create(dir.resolve(name), "g.bin",
                            70_000, hash.hashCode());
                    List<String> sign = new ArrayList<>(List.of("gpg", "--batch", "--pinentry-mode", "loopback",
                            "--passphrase", "", "--local-user", uid, "--digest-algo", hash, "--armor", "--detach-sign"));
                    if (text) {
                        sign.add("--textmode");
                    }
                    sign.add(file.toString());
                    Tools.Run signed = Tools.run(dir, env, sign);
                    assertEquals(0, signed.exitCode(), name + ": " + signed.output());

                    ArtifactVerdict accepted = verifier.verify(file);
                    if (!accepted.verified()) {
                        failures.add(name + " not accepted: " + accepted);
                    }
                    VerifierCorpusTest.flipByte(file, 40_001);
                    ArtifactVerdict rejected = verifier.verify(file);
                    if (!rejected.reasons().equals(List.of(FailureReason.PGP_SIGNATURE_MISMATCH))) {
                        failures.add(name + " changed file: " + rejected);
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /** Text lines (LF endings), as text-mode signatures are made of; about 70 kB. */
    private static Path textFile(Path dir) throws java.io.IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 70_000; i++) {
            text.append("line ").append(i).append(" of a text artifact\n");
        }
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve("g.txt"), text);
    }
}
