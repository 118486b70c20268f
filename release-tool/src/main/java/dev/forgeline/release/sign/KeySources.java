package dev.forgeline.release.sign;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * Where the signing keys come from. The PGP key is an ASCII-armored (or binary) secret key; its passphrase, when it
 * has one, comes from {@code pgpPassphrase} (absent: the key must be unprotected). The Sigstore key is an
 * unencrypted PKCS#8 PEM ECDSA P-256 key; it is null when Sigstore bundles are signed keyless
 * ({@link KeylessKeyLoader}).
 */
public record KeySources(SecretSource pgpKey, SecretSource pgpPassphrase, SecretSource sigstoreKey) implements KeyLoader {
    /** Default variable names, documented in docs/verify.md and docs/cli.md. */
    public static final String PGP_KEY_ENV = "FORGELINE_PGP_KEY";
    public static final String PGP_PASSPHRASE_ENV = "FORGELINE_PGP_PASSPHRASE";
    public static final String SIGSTORE_KEY_ENV = "FORGELINE_SIGSTORE_KEY";

    public KeySources {
        Objects.requireNonNull(pgpKey, "pgpKey");
    }

    @Override
    public SigningKeys load(Map<String, String> env, Clock clock) {
        return SigningKeys.load(this, env, clock);
    }
}
