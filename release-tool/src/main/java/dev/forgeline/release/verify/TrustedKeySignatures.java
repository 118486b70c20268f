package dev.forgeline.release.verify;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.Map;

/**
 * A signature over some bytes (a DSSE envelope's PAE, a cosign simple-signing payload) against the policy's trusted
 * Sigstore keys: the key its hint names, or, without a hint, each trusted key in turn. A hint only selects among the
 * trusted keys: a hint that names no trusted key fails even when another trusted key would verify. The ECDSA goes
 * through {@link SigstoreSignatures}, so each key is prepared once per verifier.
 */
final class TrustedKeySignatures {
    /** Whether a trusted key verified the signature, and which (its hint), or why not. */
    enum Status { VERIFIED, UNTRUSTED_KEY, MISMATCH }

    /** {@code keyHint}: the hint of the key that verified; otherwise the hint the signature named (null: none). */
    record Outcome(Status status, String keyHint) {
        boolean verified() {
            return status == Status.VERIFIED;
        }
    }

    private final VerificationPolicy policy;
    private final SigstoreSignatures signatures;

    TrustedKeySignatures(VerificationPolicy policy, SigstoreSignatures signatures) {
        this.policy = policy;
        this.signatures = signatures;
    }

    /** {@code hint} empty or null: any trusted key; a malformed signature verifies with none. */
    Outcome verify(String hint, byte[] signed, byte[] derSignature) {
        boolean hinted = hint != null && !hint.isEmpty();
        Map<String, PublicKey> candidates = hinted
                ? policy.sigstoreKey(hint).map(k -> Map.of(hint, k)).orElse(Map.of()) : policy.sigstoreKeys();
        String named = hinted ? hint : null;
        if (candidates.isEmpty()) {
            return new Outcome(Status.UNTRUSTED_KEY, named);
        }
        byte[] digest = sha256(signed);
        for (Map.Entry<String, PublicKey> key : candidates.entrySet()) {
            try {
                if (signatures.verify(key.getKey(), key.getValue(), digest, derSignature)) {
                    return new Outcome(Status.VERIFIED, key.getKey());
                }
            } catch (GeneralSecurityException | RuntimeException e) {
                // a malformed signature does not verify with any key
            }
        }
        return new Outcome(Status.MISMATCH, named);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java 17 JVM has SHA-256", e);
        }
    }
}
