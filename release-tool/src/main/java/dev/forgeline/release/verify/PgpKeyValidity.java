package dev.forgeline.release.verify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.bouncycastle.bcpg.sig.RevocationReason;
import org.bouncycastle.bcpg.sig.RevocationReasonTags;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentVerifierBuilderProvider;

/**
 * Whether a trusted PGP key could make a signature at the time the signature says it was made: already created,
 * not revoked, not expired; and the signature itself not expired now.
 *
 * <p>Revocation follows RFC 4880 5.2.3.23 as GnuPG reads it: a revocation counts only when its signature verifies
 * with the primary key (a third party cannot revoke by appending a packet to a key on a keyserver). A "hard"
 * revocation (no reason, key compromised, or a reason we do not know) invalidates every signature, whenever made: a
 * thief can backdate. A "soft" one (superseded, retired) invalidates signatures made from its time on. A revoked or
 * expired primary key takes its subkeys with it.
 */
final class PgpKeyValidity {
    private static final JcaPGPContentVerifierBuilderProvider VERIFIERS = new JcaPGPContentVerifierBuilderProvider()
            .setProvider(new BouncyCastleProvider());

    private PgpKeyValidity() {}

    /**
     * Null when {@code key} (with its {@code primary}, the same key for a primary key) was valid when {@code signature}
     * was made and the signature has not expired at {@code now}; else the failed check saying why.
     */
    static CheckResult check(PGPPublicKey key, PGPPublicKey primary, PGPSignature signature, Instant now) {
        String id = Verifier.keyId(key.getKeyID());
        Instant made = signature.getCreationTime().toInstant();
        for (PGPPublicKey k : key == primary ? List.of(key) : List.of(primary, key)) {
            String which = k == key ? "" : " (its primary key " + Verifier.keyId(k.getKeyID()) + ")";
            Instant revoked = revokedAt(k, primary, made);
            if (revoked != null) {
                return CheckResult.failed(FailureReason.PGP_KEY_REVOKED, id + which + (revoked.equals(Instant.MIN)
                        ? " (hard revocation: no signature by it is valid)" : " on " + revoked + ", signed " + made)
                        + "; get the key's current signing key from the project", id, null);
            }
            // gpg refuses a signature older than its key ("time conflict"), and so do we: no key signs before it
            // exists, so such a date is forged or the clock was wrong. forgeline's own signatures are dated the
            // later of SOURCE_DATE_EPOCH and the key's creation for that reason.
            Instant created = k.getCreationTime().toInstant();
            if (made.isBefore(created)) {
                return CheckResult.failed(FailureReason.PGP_SIGNATURE_BEFORE_KEY, id + which + " (created " + created
                        + ", signed " + made + ")", id, null);
            }
            long valid = k.getValidSeconds();
            if (valid > 0 && made.isAfter(created.plusSeconds(valid))) {
                return CheckResult.failed(FailureReason.PGP_KEY_EXPIRED, id + which + " (expired "
                        + created.plusSeconds(valid) + ", signed " + made + ")", id, null);
            }
        }
        long signatureValid = signature.getHashedSubPackets() == null ? 0
                : signature.getHashedSubPackets().getSignatureExpirationTime();
        if (signatureValid > 0 && now.isAfter(made.plusSeconds(signatureValid))) {
            return CheckResult.failed(FailureReason.PGP_SIGNATURE_EXPIRED, "(on " + made.plusSeconds(signatureValid)
                    + ", key " + id + ")", id, null);
        }
        return null;
    }

    /**
     * When a verified revocation of {@code key} takes effect for a signature made at {@code made}: {@link Instant#MIN}
     * for a hard revocation, the revocation's time for a soft one in force at {@code made}, or null.
     */
    private static Instant revokedAt(PGPPublicKey key, PGPPublicKey primary, Instant made) {
        int type = key == primary ? PGPSignature.KEY_REVOCATION : PGPSignature.SUBKEY_REVOCATION;
        List<PGPSignature> revocations = new ArrayList<>();
        for (Iterator<PGPSignature> it = key.getSignaturesOfType(type); it.hasNext(); ) {
            revocations.add(it.next());
        }
        Instant result = null;
        for (PGPSignature revocation : revocations) {
            if (!verifies(revocation, key, primary)) {
                continue;
            }
            RevocationReason reason = revocation.getHashedSubPackets() == null ? null
                    : revocation.getHashedSubPackets().getRevocationReason();
            boolean soft = reason != null && (reason.getRevocationReason() == RevocationReasonTags.KEY_SUPERSEDED
                    || reason.getRevocationReason() == RevocationReasonTags.KEY_RETIRED);
            if (!soft) {
                return Instant.MIN;
            }
            Instant at = revocation.getCreationTime().toInstant();
            if (!made.isBefore(at) && (result == null || at.isBefore(result))) {
                result = at;
            }
        }
        return result;
    }

    private static boolean verifies(PGPSignature revocation, PGPPublicKey key, PGPPublicKey primary) {
        try {
            revocation.init(VERIFIERS, primary);
            return key == primary ? revocation.verifyCertification(key) : revocation.verifyCertification(primary, key);
        } catch (Exception e) {
            return false; // a revocation we cannot check is one anyone could have appended
        }
    }
}
