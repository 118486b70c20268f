package dev.forgeline.release.sign;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Date;

/**
 * The embedded default for {@code release --local}: a development key pair per project, created on first use in
 * {@code <project>/.forgeline/development-keys/} (git-ignored) and reused afterwards. They make a local release
 * verifiable end to end; they prove nothing about who made it, and every run says so.
 */
public final class DevelopmentKeys {
    public static final String DIRECTORY = ".forgeline/development-keys";
    static final String PGP_SECRET_FILE = "pgp-secret-DEVELOPMENT-ONLY.asc";
    static final String SIGSTORE_PRIVATE_FILE = "sigstore-private-DEVELOPMENT-ONLY.pem";
    static final String USER_ID = "Forgeline development key - NOT FOR RELEASES <development@forgeline.invalid>";

    private DevelopmentKeys() {}

    /** The key sources of the project's development keys, creating the keys when they do not exist yet. */
    public static KeySources ensure(Path projectDir, Clock clock, PrintStream progress) throws IOException {
        Path dir = projectDir.resolve(DIRECTORY);
        Path pgp = dir.resolve(PGP_SECRET_FILE);
        Path sigstore = dir.resolve(SIGSTORE_PRIVATE_FILE);
        if (!Files.isRegularFile(pgp) || !Files.isRegularFile(sigstore)) {
            Files.createDirectories(dir);
            writePrivate(pgp, KeyGenerator.pgpSecretKey(KeyGenerator.PgpAlgorithm.ED25519, USER_ID, null,
                    Date.from(clock.instant())));
            writePrivate(sigstore, KeyGenerator.sigstorePrivateKeyPem());
            Files.writeString(dir.resolve("README.txt"), """
                    DEVELOPMENT KEYS - NOT FOR RELEASES

                    forgeline release --local created these keys to sign local releases so that they can be
                    verified end to end. They are unprotected and prove nothing about who made a release.
                    Delete this directory to get new ones; configure real keys for a real release
                    (docs/verify.md).
                    """, StandardCharsets.UTF_8);
            progress.println("sign      created DEVELOPMENT signing keys in " + dir + " (not for releases)");
        } else {
            progress.println("sign      using DEVELOPMENT signing keys from " + dir + " (not for releases)");
        }
        return new KeySources(SecretSource.file(pgp), null, SecretSource.file(sigstore));
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, content, StandardCharsets.US_ASCII);
    }
}
