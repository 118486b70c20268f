package dev.forgeline.release.verify;

import dev.forgeline.release.common.SignatureKind;
import dev.forgeline.release.sigstore.Pem;
import dev.forgeline.release.sigstore.PublicKeyHints;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;

/**
 * What a verifier trusts and requires: PGP public keys (primary keys and subkeys of armored certificates),
 * Sigstore public keys (selected by their hint, the SHA-256 of the key), and which signatures every artifact must
 * have (default: both). A signature that is present is always checked, required or not.
 */
public final class VerificationPolicy {
    private final Map<Long, PGPPublicKey> pgpKeys;
    private final Map<String, PublicKey> sigstoreKeys;
    private final Set<SignatureKind> required;

    private VerificationPolicy(Map<Long, PGPPublicKey> pgpKeys, Map<String, PublicKey> sigstoreKeys,
            Set<SignatureKind> required) {
        this.pgpKeys = Map.copyOf(pgpKeys);
        this.sigstoreKeys = Map.copyOf(sigstoreKeys);
        this.required = required.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(required));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<PGPPublicKey> pgpKey(long keyId) {
        return Optional.ofNullable(pgpKeys.get(keyId));
    }

    public Optional<PublicKey> sigstoreKey(String hint) {
        return Optional.ofNullable(sigstoreKeys.get(hint));
    }

    public boolean requires(SignatureKind kind) {
        return required.contains(kind);
    }

    public Set<SignatureKind> required() {
        return required;
    }

    /** Builds a policy; every add method checks its input and says what is wrong with it. */
    public static final class Builder {
        private final Map<Long, PGPPublicKey> pgpKeys = new LinkedHashMap<>();
        private final Map<String, PublicKey> sigstoreKeys = new LinkedHashMap<>();
        private Set<SignatureKind> required = EnumSet.allOf(SignatureKind.class);

        /** Trusts every key (primary and subkeys) of the armored or binary PGP certificates in the text. */
        public Builder trustPgpKeys(String armored) {
            List<PGPPublicKeyRing> rings = new ArrayList<>();
            try (InputStream in = PGPUtil.getDecoderStream(
                    new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)))) {
                new PGPPublicKeyRingCollection(in, new JcaKeyFingerprintCalculator()).forEach(rings::add);
            } catch (IOException | org.bouncycastle.openpgp.PGPException | RuntimeException e) {
                throw new IllegalArgumentException("not an OpenPGP public key (certificate): "
                        + e.getClass().getSimpleName(), e);
            }
            if (rings.isEmpty()) {
                throw new IllegalArgumentException("no OpenPGP public key found");
            }
            for (PGPPublicKeyRing ring : rings) {
                ring.getPublicKeys().forEachRemaining(k -> pgpKeys.put(k.getKeyID(), k));
            }
            return this;
        }

        /** Trusts every {@code PUBLIC KEY} PEM block in the text (ECDSA P-256). */
        public Builder trustSigstoreKeys(String pem) {
            List<PublicKey> keys = Pem.publicKeys(pem);
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("no PEM public key (BEGIN PUBLIC KEY) found");
            }
            keys.forEach(this::trustSigstoreKey);
            return this;
        }

        public Builder trustSigstoreKey(PublicKey key) {
            sigstoreKeys.put(PublicKeyHints.of(key), key);
            return this;
        }

        public Builder require(Set<SignatureKind> kinds) {
            this.required = kinds.isEmpty() ? EnumSet.noneOf(SignatureKind.class) : EnumSet.copyOf(kinds);
            return this;
        }

        public VerificationPolicy build() {
            return new VerificationPolicy(pgpKeys, sigstoreKeys, required);
        }
    }
}
