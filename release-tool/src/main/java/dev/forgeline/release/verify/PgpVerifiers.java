package dev.forgeline.release.verify;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.RSAPublicKey;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.SignaturePacket;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPRuntimeOperationException;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.operator.PGPContentVerifier;
import org.bouncycastle.openpgp.operator.PGPContentVerifierBuilderProvider;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentVerifierBuilderProvider;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyConverter;

/**
 * PGP content verifiers for one {@link Verifier}: the BouncyCastle provider and each trusted key's JCA form are made
 * once, not per artifact.
 *
 * <p>A v4 binary-document signature by an EdDSA or RSA key with a SHA-2 hash hashes the content first and then its
 * trailer, so it can <em>continue</em> the hash the verifier's one pass over the file already computed
 * ({@link #continuing(MessageDigest)}) instead of hashing the content a second time with BouncyCastle's pure-Java
 * digest (half of a verification's time before). The signature math is what BouncyCastle's
 * {@code JcaPGPContentVerifierBuilderProvider} does with the digest: EdDSA verifies the digest as the message;
 * RSA verifies PKCS#1 v1.5 over the DigestInfo, with the signature left-padded to the modulus length. Every
 * other signature (text documents, ECDSA, DSA, SHA-1, v5/v6) takes BouncyCastle's own streaming verifier
 * ({@link #streaming()}).
 */
final class PgpVerifiers {
    private static final Provider BC = new BouncyCastleProvider();

    private final JcaPGPContentVerifierBuilderProvider streaming = new JcaPGPContentVerifierBuilderProvider()
            .setProvider(BC);
    private final JcaPGPKeyConverter keyConverter = new JcaPGPKeyConverter().setProvider(BC);
    private final ConcurrentMap<String, PublicKey> jcaKeys = new ConcurrentHashMap<>();

    /** BouncyCastle's own verifiers, which read the content as it is streamed through the signature. */
    PGPContentVerifierBuilderProvider streaming() {
        return streaming;
    }

    /**
     * The JCA name of the digest whose content state {@link #continuing} can take for this signature, or null when
     * the signature must be streamed.
     */
    static String continuableDigest(PGPSignature signature) {
        if (signature.getVersion() > SignaturePacket.VERSION_4 || signature.getSignatureType() != PGPSignature.BINARY_DOCUMENT
                || !(isEdDsa(signature.getKeyAlgorithm()) || isRsa(signature.getKeyAlgorithm()))) {
            return null;
        }
        return switch (signature.getHashAlgorithm()) {
            case HashAlgorithmTags.SHA224 -> "SHA-224";
            case HashAlgorithmTags.SHA256 -> "SHA-256";
            case HashAlgorithmTags.SHA384 -> "SHA-384";
            case HashAlgorithmTags.SHA512 -> "SHA-512";
            default -> null;
        };
    }

    /**
     * Verifiers whose hash starts from {@code contentState}, a digest (of the algorithm {@link #continuableDigest}
     * named) that has been given exactly the content; the signature then adds only its trailer.
     */
    PGPContentVerifierBuilderProvider continuing(MessageDigest contentState) {
        return (keyAlgorithm, hashAlgorithm) -> publicKey -> {
            PublicKey jcaKey = jcaKey(publicKey);
            Signature signature;
            try {
                signature = Signature.getInstance(isRsa(keyAlgorithm) ? "NONEwithRSA"
                        : keyAlgorithm == PublicKeyAlgorithmTags.Ed448 ? "Ed448" : "Ed25519", BC);
                signature.initVerify(jcaKey);
            } catch (GeneralSecurityException e) {
                throw new PGPException("invalid key.", e);
            }
            return new ContinuedVerifier(keyAlgorithm, hashAlgorithm, publicKey.getKeyID(), jcaKey, signature,
                    contentState);
        };
    }

    private PublicKey jcaKey(PGPPublicKey key) throws PGPException {
        // Keyed by fingerprint: a 64-bit key id does not name one key, and two trusted keys may share it.
        String fingerprint = java.util.HexFormat.of().formatHex(key.getFingerprint());
        PublicKey cached = jcaKeys.get(fingerprint);
        if (cached == null) {
            cached = keyConverter.getPublicKey(key);
            jcaKeys.putIfAbsent(fingerprint, cached);
        }
        return cached;
    }

    private static boolean isEdDsa(int keyAlgorithm) {
        return keyAlgorithm == PublicKeyAlgorithmTags.EDDSA_LEGACY || keyAlgorithm == PublicKeyAlgorithmTags.Ed25519
                || keyAlgorithm == PublicKeyAlgorithmTags.Ed448;
    }

    private static boolean isRsa(int keyAlgorithm) {
        return keyAlgorithm == PublicKeyAlgorithmTags.RSA_GENERAL || keyAlgorithm == PublicKeyAlgorithmTags.RSA_SIGN;
    }

    private static ASN1ObjectIdentifier digestOid(int hashAlgorithm) {
        return switch (hashAlgorithm) {
            case HashAlgorithmTags.SHA224 -> NISTObjectIdentifiers.id_sha224;
            case HashAlgorithmTags.SHA256 -> NISTObjectIdentifiers.id_sha256;
            case HashAlgorithmTags.SHA384 -> NISTObjectIdentifiers.id_sha384;
            case HashAlgorithmTags.SHA512 -> NISTObjectIdentifiers.id_sha512;
            default -> throw new IllegalArgumentException("no continued digest for hash algorithm " + hashAlgorithm);
        };
    }

    /** The content verifier of one signature: the trailer goes into the continued digest, then the key checks it. */
    private static final class ContinuedVerifier implements PGPContentVerifier {
        private final int keyAlgorithm;
        private final int hashAlgorithm;
        private final long keyId;
        private final PublicKey jcaKey;
        private final Signature signature;
        private final MessageDigest digest;

        ContinuedVerifier(int keyAlgorithm, int hashAlgorithm, long keyId, PublicKey jcaKey, Signature signature,
                MessageDigest digest) {
            this.keyAlgorithm = keyAlgorithm;
            this.hashAlgorithm = hashAlgorithm;
            this.keyId = keyId;
            this.jcaKey = jcaKey;
            this.signature = signature;
            this.digest = digest;
        }

        @Override
        public int getHashAlgorithm() {
            return hashAlgorithm;
        }

        @Override
        public int getKeyAlgorithm() {
            return keyAlgorithm;
        }

        @Override
        public long getKeyID() {
            return keyId;
        }

        @Override
        public OutputStream getOutputStream() {
            // The content was hashed in the single pass over the file; only the signature's trailer comes through here.
                    return new java.security.DigestOutputStream(OutputStream.nullOutputStream(), digest);
        }

        @Override
        public boolean verify(byte[] expected) {
            byte[] hash = digest.digest();
            try {
                if (!isRsa(keyAlgorithm)) {
                    signature.update(hash);
                    return signature.verify(expected);
                }
                int modulusLength = (((RSAPublicKey) jcaKey).getModulus().bitLength() + 7) / 8;
                byte[] padded = expected;
                if (expected.length < modulusLength) {
                    padded = new byte[modulusLength];
                    System.arraycopy(expected, 0, padded, padded.length - expected.length, expected.length);
                }
                // NONEwithRSA over the DigestInfo bytes runs the very check SHAxxxwithRSA runs over its own encoding
                // (BouncyCastle's DigestSignatureSpi), including its tolerance of a DigestInfo without NULL parameters.
                signature.update(digestInfo(new AlgorithmIdentifier(digestOid(hashAlgorithm), DERNull.INSTANCE), hash));
                return signature.verify(padded);
            } catch (SignatureException e) {
                throw new PGPRuntimeOperationException("unable to verify signature: " + e.getMessage(), e);
            }
        }

        private static byte[] digestInfo(AlgorithmIdentifier algorithm, byte[] hash) {
            try {
                return new DigestInfo(algorithm, hash).getEncoded(ASN1Encoding.DER);
            } catch (IOException e) {
                throw new IllegalStateException("cannot encode a DigestInfo", e);
            }
        }
    }
}
