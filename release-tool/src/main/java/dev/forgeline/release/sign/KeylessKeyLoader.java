package dev.forgeline.release.sign;

import dev.forgeline.release.sigstore.SigningConfig;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * The signers of a keyless release: the PGP key from its source (Maven Central still wants {@code .asc}), and
 * instead of a Sigstore key a {@link KeylessSigner} started from the OIDC token, with the Fulcio and Rekor of the
 * signing config. The signer is started once per loader: the sign and attest stages of one run sign with the same
 * ephemeral key and certificate, so the provenance names the identity the artifacts were signed with.
 */
public final class KeylessKeyLoader implements KeyLoader {
    private final KeySources pgp;
    private final OidcTokenSource token;
    private final SigningConfig services;
    private KeylessSigner started;

    public KeylessKeyLoader(KeySources pgp, OidcTokenSource token, SigningConfig services) {
        this.pgp = Objects.requireNonNull(pgp, "pgp");
        this.token = Objects.requireNonNull(token, "token");
        this.services = Objects.requireNonNull(services, "services");
    }

    public SigningConfig services() {
        return services;
    }

    @Override
    public synchronized SigningKeys load(Map<String, String> env, Clock clock) {
        SigningKeys keys = SigningKeys.load(pgp, env, clock);
        if (started == null) {
            started = KeylessSigner.start(token.token(env), services.fulcioUrl(), services.rekorUrl());
        }
        return keys.withKeylessSigstore(started);
    }
}
