package dev.forgeline.release.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SigstoreSignaturesTest {
    private static final byte[] DIGEST = sha256("content");

    @Test
    void verify_p256SignatureMadeBySunEc_passesAndFailsForAnotherDigest() throws Exception {
        KeyPair pair = pair("secp256r1");
        byte[] signature = sign(pair, DIGEST);
        SigstoreSignatures signatures = new SigstoreSignatures();

        assertTrue(signatures.verify("k", pair.getPublic(), DIGEST, signature));
        assertTrue(signatures.verify("k", pair.getPublic(), DIGEST, signature), "the prepared key is reused");
        assertFalse(signatures.verify("k", pair.getPublic(), sha256("other"), signature));
    }

    @Test
    void verify_otherCurve_takesTheJcaPath() throws Exception {
        KeyPair pair = pair("secp384r1");
        byte[] signature = sign(pair, DIGEST);

        assertTrue(new SigstoreSignatures().verify("k384", pair.getPublic(), DIGEST, signature));
    }

    @Test
    void verify_signatureWithTrailingByteOrNonCanonicalDer_throwsSignatureException() throws Exception {
        KeyPair pair = pair("secp256r1");
        byte[] signature = sign(pair, DIGEST);
        byte[] trailing = Arrays.copyOf(signature, signature.length + 1);
        // The same SEQUENCE with its length in the long form (0x81 nn): valid BER, not DER.
        byte[] longForm = new byte[signature.length + 1];
        longForm[0] = 0x30;
        longForm[1] = (byte) 0x81;
        System.arraycopy(signature, 1, longForm, 2, signature.length - 1);
        SigstoreSignatures signatures = new SigstoreSignatures();

        assertThrows(SignatureException.class, () -> signatures.verify("k", pair.getPublic(), DIGEST, trailing));
        assertThrows(SignatureException.class, () -> signatures.verify("k", pair.getPublic(), DIGEST, longForm));
        assertThrows(SignatureException.class, () -> signatures.verify("k", pair.getPublic(), DIGEST, new byte[] {1}));
    }

    @Test
    void decodeDer_canonicalSignature_givesRAndS() throws Exception {
        byte[] der = {0x30, 0x06, 0x02, 0x01, 0x05, 0x02, 0x01, 0x07};

        var rs = SigstoreSignatures.decodeDer(der);

        assertArrayEquals(new Object[] {java.math.BigInteger.valueOf(5), java.math.BigInteger.valueOf(7)}, rs);
    }

    private static KeyPair pair(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    private static byte[] sign(KeyPair pair, byte[] digest) throws Exception {
        Signature ecdsa = Signature.getInstance("NONEwithECDSA");
        ecdsa.initSign(pair.getPrivate());
        ecdsa.update(digest);
        return ecdsa.sign();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
