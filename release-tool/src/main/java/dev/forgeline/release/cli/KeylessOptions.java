package dev.forgeline.release.cli;

import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.config.ReleaseConfig;
import dev.forgeline.release.sign.KeyLoader;
import dev.forgeline.release.sign.KeySources;
import dev.forgeline.release.sign.KeylessKeyLoader;
import dev.forgeline.release.sign.OidcTokenSource;
import dev.forgeline.release.sigstore.SigningConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Whether and how a run signs keyless: the flags, else release.yaml's {@code signing} section. A flag overrides the
 * file: {@code --keyless} signs keyless whatever the file says, {@code --sigstore-key} signs with that key although the
 * file says keyless, and {@code --oidc-token-file} and {@code --signing-config} replace the file's.
 */
final class KeylessOptions {
    @Option(names = "--keyless", description = "sign the Sigstore bundles keyless: an ephemeral key, a Fulcio "
            + "certificate for the OIDC identity, a Rekor entry per file and for the provenance (the PGP key is still "
            + "needed; default: release.yaml's signing.mode)")
    boolean keyless;

    @Option(names = "--oidc-token-file", paramLabel = "FILE", description = "when keyless: file holding the OIDC ID "
            + "token (default: release.yaml's signing.oidcTokenFile, else $" + OidcTokenSource.TOKEN_ENV
            + ", else GitHub Actions' token with audience sigstore)")
    Path oidcTokenFile;

    @Option(names = "--signing-config", paramLabel = "FILE", description = "when keyless: Sigstore signing_config.json "
            + "naming the Fulcio and Rekor to use (default: release.yaml's signing.signingConfig, else Sigstore's "
            + "public instance)")
    Path signingConfig;

    /** Whether this run signs keyless. */
    boolean keyless(ReleaseConfig.Signing fromFile, SigningOptions signing) {
        return keyless || fromFile.keyless() && signing.sigstoreKeyFile == null;
    }

    /** The keyless signers' loader, or null when this run signs with a Sigstore key. */
    KeyLoader loader(ReleaseConfig.Signing fromFile, SigningOptions signing, Map<String, String> env) {
        if (!keyless(fromFile, signing)) {
            if (oidcTokenFile != null || signingConfig != null) {
                throw ForgelineException.usage("--oidc-token-file and --signing-config are for keyless signing, and "
                        + "this run signs with a Sigstore key", "add --keyless (or signing.mode: keyless in release.yaml)");
            }
            return null;
        }
        KeySources pgp = signing.pgpSources(env);
        if (pgp == null) {
            throw ForgelineException.usage("keyless signing still needs the PGP key (Maven Central requires .asc files)",
                    "pass --pgp-key FILE or set " + KeySources.PGP_KEY_ENV);
        }
        if (signing.sigstoreKeyFile != null) {
            throw ForgelineException.usage("--sigstore-key and --keyless exclude each other",
                    "drop --sigstore-key: keyless signing makes its own ephemeral key");
        }
        Path configFile = signingConfig != null ? signingConfig : fromFile.signingConfig();
        Path tokenFile = oidcTokenFile != null ? oidcTokenFile : fromFile.oidcTokenFile();
        return new KeylessKeyLoader(pgp, new OidcTokenSource(tokenFile), services(configFile));
    }

    private static SigningConfig services(Path file) {
        if (file == null) {
            return SigningConfig.PUBLIC_GOOD;
        }
        try {
            return SigningConfig.parse(Files.readAllBytes(file), Instant.now());
        } catch (IOException e) {
            throw ForgelineException.usage("cannot read the signing config " + file + " ("
                    + e.getClass().getSimpleName() + ")", "check --signing-config");
        } catch (IllegalArgumentException e) {
            throw ForgelineException.usage("the signing config " + file + " is not usable: " + e.getMessage(),
                    "give a Sigstore signing_config.json (v0.2)");
        }
    }
}
