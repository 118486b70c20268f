package dev.forgeline.release.testing;

import dev.forgeline.release.sign.KeyGenerator;
import dev.forgeline.release.sign.KeySources;
import dev.forgeline.release.sign.SecretSource;
import dev.forgeline.release.sign.SigningKeys;
import dev.forgeline.release.verify.VerificationPolicy;
import java.time.Clock;
import java.util.Date;
import java.util.Map;

/**
 * Keys for tests, generated once per JVM: a trusted set (Ed25519 PGP, P-256 Sigstore), a second trusted PGP key
 * (RSA, passphrase-protected) and an untrusted set. Passed to {@link SigningKeys} through environment variables,
 * the way a CI job passes them.
 */
public final class TestKeys {
    public static final String PASSPHRASE = "correct horse battery staple 4711";
    public static final String TRUSTED_PGP = KeyGenerator.pgpSecretKey(KeyGenerator.PgpAlgorithm.ED25519,
            "Forgeline Test <test@forgeline.invalid>", null, new Date());
    public static final String TRUSTED_RSA_PROTECTED = KeyGenerator.pgpSecretKey(KeyGenerator.PgpAlgorithm.RSA_2048,
            "Forgeline RSA Test <rsa@forgeline.invalid>", PASSPHRASE.toCharArray(), new Date());
    public static final String TRUSTED_SIGSTORE = KeyGenerator.sigstorePrivateKeyPem();
    public static final String UNTRUSTED_PGP = KeyGenerator.pgpSecretKey(KeyGenerator.PgpAlgorithm.ED25519,
            "Mallory <mallory@example.invalid>", null, new Date());
    public static final String UNTRUSTED_SIGSTORE = KeyGenerator.sigstorePrivateKeyPem();

    private static SigningKeys trusted;
    private static SigningKeys trustedRsa;
    private static SigningKeys untrusted;

    private TestKeys() {}

    public static synchronized SigningKeys trusted() {
        if (trusted == null) {
            trusted = load(TRUSTED_PGP, null, TRUSTED_SIGSTORE);
        }
        return trusted;
    }

    public static synchronized SigningKeys trustedRsa() {
        if (trustedRsa == null) {
            trustedRsa = load(TRUSTED_RSA_PROTECTED, PASSPHRASE, TRUSTED_SIGSTORE);
        }
        return trustedRsa;
    }

    public static synchronized SigningKeys untrusted() {
        if (untrusted == null) {
            untrusted = load(UNTRUSTED_PGP, null, UNTRUSTED_SIGSTORE);
        }
        return untrusted;
    }

    public static SigningKeys load(String pgp, String passphrase, String sigstore) {
        Map<String, String> env = passphrase == null
                ? Map.of(KeySources.PGP_KEY_ENV, pgp, KeySources.SIGSTORE_KEY_ENV, sigstore)
                : Map.of(KeySources.PGP_KEY_ENV, pgp, KeySources.SIGSTORE_KEY_ENV, sigstore,
                        KeySources.PGP_PASSPHRASE_ENV, passphrase);
        return SigningKeys.load(envSources(), env, Clock.systemUTC());
    }

    public static KeySources envSources() {
        return new KeySources(SecretSource.environment(KeySources.PGP_KEY_ENV),
                SecretSource.environment(KeySources.PGP_PASSPHRASE_ENV), SecretSource.environment(KeySources.SIGSTORE_KEY_ENV));
    }

    /** Trusts the trusted set (both PGP keys and the Sigstore key); requires both signatures. */
    public static VerificationPolicy.Builder trustedPolicy() {
        return VerificationPolicy.builder()
                .trustPgpKeys(trusted().pgpPublicKeyArmored())
                .trustPgpKeys(trustedRsa().pgpPublicKeyArmored())
                .trustSigstoreKeys(trusted().sigstorePublicKeyPem());
    }
}
