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
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;

/**
 * What a verifier trusts and requires: PGP public keys (primary keys and subkeys of armored certificates),
 * Sigstore public keys (selected by their hint, the SHA-256 of the key), an identity policy for keyless bundles, and
 * which signatures every artifact must
 * have (default: both). A signature that is present is always checked, required or not.
 */
public final class VerificationPolicy {
    /**
     * A trusted PGP key and the primary key of its certificate (itself for a primary key), whose revocation and
     * expiry bind it too.
     */
    public record TrustedPgpKey(PGPPublicKey key, PGPPublicKey primary) {}

    /** By 64-bit key id: every trusted key with that id. Ids are not unique (v3 ids can be forged; 64 bits collide). */
    private final Map<Long, List<TrustedPgpKey>> pgpKeys;
    private final Map<String, PublicKey> sigstoreKeys;
    private final Set<SignatureKind> required;
    private final boolean requireIndex;
    private final java.time.Clock clock;
    private final ProvenanceExpectations provenance;
    private final boolean requireSbom;
    private final IdentityPolicy identityPolicy;

    /**
     * What a release's provenance must say, besides its signature and subjects (slsa-verifier's flags): each null
     * expectation is not checked. {@code builderId} without {@code @} matches a builder id up to its {@code @<ref>};
     * {@code sourceUri} matches with or without {@code git+} and the scheme ({@code github.com/owner/repo});
     * {@code sourceRef} is a full ref ({@code refs/tags/v1.2.3}).
     */
    public record ProvenanceExpectations(boolean required, String builderId, String sourceUri, String sourceRef) {
        public static final ProvenanceExpectations NONE = new ProvenanceExpectations(false, null, null, null);
    }

    private VerificationPolicy(Map<Long, List<TrustedPgpKey>> pgpKeys, Map<String, PublicKey> sigstoreKeys,
            Set<SignatureKind> required, boolean requireIndex, java.time.Clock clock, ProvenanceExpectations provenance,
            boolean requireSbom, IdentityPolicy identityPolicy) {
        this.provenance = provenance;
        this.requireSbom = requireSbom;
        this.identityPolicy = identityPolicy;
        this.pgpKeys = Map.copyOf(pgpKeys);
        this.requireIndex = requireIndex;
        this.clock = clock;
        this.sigstoreKeys = Map.copyOf(sigstoreKeys);
        this.required = required.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(required));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The first trusted key with this id (see {@link #pgpKeys(long)}: there may be more). */
    public Optional<PGPPublicKey> pgpKey(long keyId) {
        return pgpKeys(keyId).stream().map(TrustedPgpKey::key).findFirst();
    }

    /** Every trusted key with this 64-bit id, in the order they were trusted. */
    public List<TrustedPgpKey> pgpKeys(long keyId) {
        return pgpKeys.getOrDefault(keyId, List.of());
    }

    public Optional<PublicKey> sigstoreKey(String hint) {
        return Optional.ofNullable(sigstoreKeys.get(hint));
    }

    /** Whom keyless bundles must come from, with the trusted root; empty: keyless bundles are refused. */
    public Optional<IdentityPolicy> identityPolicy() {
        return Optional.ofNullable(identityPolicy);
    }

    public boolean requires(SignatureKind kind) {
        return required.contains(kind);
    }

    public Set<SignatureKind> required() {
        return required;
    }

    /** Whether a release must come with a signed index of its file names ({@code release-index.json}). */
    public boolean requiresIndex() {
        return requireIndex;
    }

    /** Every trusted Sigstore key by its hint (an image signature or a DSSE envelope without a hint tries each). */
    public Map<String, PublicKey> sigstoreKeys() {
        return sigstoreKeys;
    }

    /** What a release's provenance must say; whether it must have one. */
    public ProvenanceExpectations provenance() {
        return provenance;
    }

    /** Whether every jar must come with its SBOM ({@link FailureReason#SBOM_MISSING}); default: checked if present. */
    public boolean requiresSbom() {
        return requireSbom;
    }

    /** "Now", for a signature's own expiry. */
    public java.time.Instant now() {
        return clock.instant();
    }

    /** Builds a policy; every add method checks its input and says what is wrong with it. */
    public static final class Builder {
        private final Map<Long, List<TrustedPgpKey>> pgpKeys = new LinkedHashMap<>();
        private final Map<String, PublicKey> sigstoreKeys = new LinkedHashMap<>();
        private Set<SignatureKind> required = EnumSet.allOf(SignatureKind.class);
        private boolean requireIndex;
        private java.time.Clock clock = java.time.Clock.systemUTC();
        private ProvenanceExpectations provenance = ProvenanceExpectations.NONE;
        private boolean requireSbom;

        public Builder provenance(ProvenanceExpectations expectations) {
            this.provenance = java.util.Objects.requireNonNull(expectations, "expectations");
            return this;
        }

        public Builder requireSbom(boolean required) {
            this.requireSbom = required;
            return this;
        }

        private IdentityPolicy identityPolicy;

        /** Keyless bundles are verified against this identity policy and trusted root. */
        public Builder identityPolicy(IdentityPolicy policy) {
            this.identityPolicy = java.util.Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** A release without a signed index fails ({@link FailureReason#INDEX_MISSING}); default: checked if present. */
        public Builder requireIndex(boolean required) {
            this.requireIndex = required;
            return this;
        }

        public Builder clock(java.time.Clock now) {
            this.clock = java.util.Objects.requireNonNull(now, "clock");
            return this;
        }

        /** Trusts every key (primary and subkeys) of the armored or binary PGP certificates in the text. */
        public Builder trustPgpKeys(String armored) {
            List<PGPPublicKeyRing> rings = new ArrayList<>();
            try (InputStream in = PGPUtil.getDecoderStream(
                    new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)))) {
                // Ring by ring, not a PGPPublicKeyRingCollection: that refuses two certificates whose keys share a
                // 64-bit key id, and a key file may hold both (they are told apart by fingerprint).
                org.bouncycastle.openpgp.PGPObjectFactory objects = new org.bouncycastle.openpgp.PGPObjectFactory(in,
                        new JcaKeyFingerprintCalculator());
                for (Object object = objects.nextObject(); object != null; object = objects.nextObject()) {
                    if (!(object instanceof PGPPublicKeyRing ring)) {
                        throw new IllegalArgumentException("not an OpenPGP public key (certificate): found "
                                + object.getClass().getSimpleName());
                    }
                    rings.add(ring);
                }
            } catch (IllegalArgumentException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("not an OpenPGP public key (certificate): "
                        + e.getClass().getSimpleName(), e);
            }
            if (rings.isEmpty()) {
                throw new IllegalArgumentException("no OpenPGP public key found");
            }
            for (PGPPublicKeyRing ring : rings) {
                PGPPublicKey primary = ring.getPublicKey();
                ring.getPublicKeys().forEachRemaining(k -> {
                    List<TrustedPgpKey> same = pgpKeys.computeIfAbsent(k.getKeyID(), id -> new ArrayList<>());
                    if (same.stream().noneMatch(t -> java.util.Arrays.equals(t.key().getFingerprint(), k.getFingerprint()))) {
                        same.add(new TrustedPgpKey(k, primary));
                    }
                });
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
            Map<Long, List<TrustedPgpKey>> copy = new LinkedHashMap<>();
            pgpKeys.forEach((id, keys) -> copy.put(id, List.copyOf(keys)));
            return new VerificationPolicy(copy, sigstoreKeys, required, requireIndex, clock, provenance, requireSbom,
                    identityPolicy);
        }
    }
}
