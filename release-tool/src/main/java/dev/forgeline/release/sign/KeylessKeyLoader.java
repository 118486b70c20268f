package dev.forgeline.release.sign;

import dev.forgeline.release.sigstore.SigningConfig;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * The signers of a keyless release: the PGP key from its source (Maven Central still wants {@code .asc}), and
 * instead of a Sigstore key a {@link KeylessSigner} started from the OIDC token, with the Fulcio and Rekor of the
 * signing config.
 */
public record KeylessKeyLoader(KeySources pgp, OidcTokenSource token, SigningConfig services) implements KeyLoader {
    public KeylessKeyLoader {
        Objects.requireNonNull(pgp, "pgp");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(services, "services");
    }

    @Override
    public SigningKeys load(Map<String, String> env, Clock clock) {
        SigningKeys keys = SigningKeys.load(pgp, env, clock);
        return keys.withKeylessSigstore(KeylessSigner.start(token.token(env), services.fulcioUrl(), services.rekorUrl()));
    }
}
