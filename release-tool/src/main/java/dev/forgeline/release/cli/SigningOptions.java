package dev.forgeline.release.cli;

import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.sign.KeySources;
import dev.forgeline.release.sign.SecretSource;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the signing keys come from: files or environment variables, never the command line itself (options name
 * a file or a variable, not a secret).
 */
final class SigningOptions {
    @Option(names = "--pgp-key", paramLabel = "FILE", description = "armored PGP secret key file (default: the "
            + "environment variable named by --pgp-key-env)")
    Path pgpKeyFile;

    @Option(names = "--pgp-key-env", paramLabel = "NAME", defaultValue = KeySources.PGP_KEY_ENV,
            description = "environment variable holding the armored PGP secret key (default: ${DEFAULT-VALUE})")
    String pgpKeyEnv;

    @Option(names = "--pgp-passphrase-file", paramLabel = "FILE", description = "file holding the PGP key's passphrase")
    Path passphraseFile;

    @Option(names = "--pgp-passphrase-env", paramLabel = "NAME", defaultValue = KeySources.PGP_PASSPHRASE_ENV,
            description = "environment variable holding the PGP key's passphrase (default: ${DEFAULT-VALUE})")
    String passphraseEnv;

    @Option(names = "--sigstore-key", paramLabel = "FILE", description = "PKCS#8 PEM ECDSA P-256 private key file")
    Path sigstoreKeyFile;

    @Option(names = "--sigstore-key-env", paramLabel = "NAME", defaultValue = KeySources.SIGSTORE_KEY_ENV,
            description = "environment variable holding the PEM Sigstore key (default: ${DEFAULT-VALUE})")
    String sigstoreKeyEnv;

    /** The PGP key's sources alone (keyless signing makes the Sigstore bundles), or null when no PGP key is given. */
    KeySources pgpSources(Map<String, String> env) {
        SecretSource pgp = pgpKeyFile != null ? SecretSource.file(pgpKeyFile) : SecretSource.environment(pgpKeyEnv);
        SecretSource passphrase = passphraseFile != null ? SecretSource.file(passphraseFile)
                : SecretSource.environment(passphraseEnv);
        return pgpKeyFile != null || pgp.isPresent(env) ? new KeySources(pgp, passphrase, null) : null;
    }

    /** The configured sources, or null when neither a file option nor both variables are set. */
    KeySources sources(Map<String, String> env) {
        SecretSource pgp = pgpKeyFile != null ? SecretSource.file(pgpKeyFile) : SecretSource.environment(pgpKeyEnv);
        SecretSource sigstore = sigstoreKeyFile != null ? SecretSource.file(sigstoreKeyFile)
                : SecretSource.environment(sigstoreKeyEnv);
        SecretSource passphrase = passphraseFile != null ? SecretSource.file(passphraseFile)
                : SecretSource.environment(passphraseEnv);
        boolean anyGiven = pgpKeyFile != null || sigstoreKeyFile != null || pgp.isPresent(env) || sigstore.isPresent(env);
        if (!anyGiven) {
            return null;
        }
        if (!pgp.isPresent(env) || !sigstore.isPresent(env)) {
            throw ForgelineException.usage("signing needs both a PGP key and a Sigstore key; "
                    + (pgp.isPresent(env) ? sigstore.describe() : pgp.describe()) + " has none",
                    "pass --pgp-key FILE and --sigstore-key FILE, or set " + pgpKeyEnv + " and " + sigstoreKeyEnv);
        }
        return new KeySources(pgp, passphrase, sigstore);
    }
}
