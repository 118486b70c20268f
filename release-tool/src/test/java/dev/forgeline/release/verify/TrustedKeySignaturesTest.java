package dev.forgeline.release.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.forgeline.release.sigstore.PublicKeyHints;
import dev.forgeline.release.testing.sigstore.StandInKeys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;

class TrustedKeySignaturesTest {
    private static final byte[] SIGNED = "DSSEv1 4 test 5 hello".getBytes(StandardCharsets.US_ASCII);

    private final KeyPair trusted = StandInKeys.p256();
    private final KeyPair other = StandInKeys.p256();
    private final TrustedKeySignatures signatures = new TrustedKeySignatures(VerificationPolicy.builder()
            .trustSigstoreKey(trusted.getPublic()).trustSigstoreKey(other.getPublic()).build(), new SigstoreSignatures());

    @Test
    void verify_theKeyTheHintNames_verifiesWithThatKey() throws Exception {
        String hint = PublicKeyHints.of(trusted.getPublic());
        assertEquals(new TrustedKeySignatures.Outcome(TrustedKeySignatures.Status.VERIFIED, hint),
                signatures.verify(hint, SIGNED, sign(trusted, SIGNED)));
    }

    @Test
    void verify_noHint_triesEveryTrustedKey() throws Exception {
        assertEquals(new TrustedKeySignatures.Outcome(TrustedKeySignatures.Status.VERIFIED,
                PublicKeyHints.of(other.getPublic())), signatures.verify("", SIGNED, sign(other, SIGNED)));
    }

    @Test
    void verify_aHintNamingAnotherTrustedKey_isAMismatch() throws Exception {
        String hint = PublicKeyHints.of(other.getPublic());
        assertEquals(new TrustedKeySignatures.Outcome(TrustedKeySignatures.Status.MISMATCH, hint),
                signatures.verify(hint, SIGNED, sign(trusted, SIGNED)));
    }

    @Test
    void verify_aHintNamingNoTrustedKey_isUntrustedEvenWhenATrustedKeySigned() throws Exception {
        assertEquals(new TrustedKeySignatures.Outcome(TrustedKeySignatures.Status.UNTRUSTED_KEY, "not-a-key"),
                signatures.verify("not-a-key", SIGNED, sign(trusted, SIGNED)));
    }

    @Test
    void verify_changedBytesOrAMalformedSignature_isAMismatch() throws Exception {
        byte[] changed = SIGNED.clone();
        changed[0] ^= 1;
        assertEquals(TrustedKeySignatures.Status.MISMATCH, signatures.verify(null, changed, sign(trusted, SIGNED))
                .status());
        assertEquals(TrustedKeySignatures.Status.MISMATCH, signatures.verify(null, SIGNED, new byte[] {0x30, 0x00})
                .status());
    }

    @Test
    void verify_noTrustedKeyAtAll_isUntrusted() throws Exception {
        TrustedKeySignatures none = new TrustedKeySignatures(VerificationPolicy.builder().build(),
                new SigstoreSignatures());
        assertEquals(new TrustedKeySignatures.Outcome(TrustedKeySignatures.Status.UNTRUSTED_KEY, null),
                none.verify("", SIGNED, sign(trusted, SIGNED)));
    }

    private static byte[] sign(KeyPair key, byte[] bytes) {
        return StandInKeys.sign(key.getPrivate(), bytes);
    }
}
