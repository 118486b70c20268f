package dev.forgeline.release.sign;

import dev.forgeline.release.common.FileDigest;
import dev.forgeline.release.common.SignatureKind;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.PGPContentSigner;
import org.bouncycastle.openpgp.operator.PGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyConverter;

/**
 * Detached, ASCII-armored OpenPGP signatures (v4, SHA-256) with an RSA or Ed25519 key (EdDSA as GnuPG 2.2 writes
 * it), as Maven Central requires. The content is not read again: the signature continues the file's SHA-256 state
 * with the OpenPGP trailer ({@link FileDigest#continueSha256()}), so hashing stays one pass per file.
 */
public final class PgpSigner implements Signer {
    private static final Provider BC = new BouncyCastleProvider();
    /** DER DigestInfo prefix for SHA-256 (RFC 8017, 9.2), which PKCS#1 v1.5 signs together with the digest. */
    private static final byte[] SHA256_DIGEST_INFO = {
        0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, (byte) 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00,
        0x04, 0x20
    };

    private final PGPPublicKey publicKey;
    private final PGPPrivateKey privateKey;
    private final PrivateKey jcaKey;
    private final Clock clock;

    /** @param privateKey an unlocked key ({@link SigningKeys} loads and unlocks it) */
    public PgpSigner(PGPPublicKey publicKey, PGPPrivateKey privateKey, Clock clock) {
        int algorithm = publicKey.getAlgorithm();
        if (!isRsa(algorithm) && algorithm != PublicKeyAlgorithmTags.EDDSA_LEGACY) {
            throw new SigningException("PGP key " + keyId(publicKey) + " uses algorithm " + algorithm
                    + ", which forgeline does not sign with", "use an RSA (3072 bits or more) or an Ed25519 key");
        }
        this.publicKey = publicKey;
        this.privateKey = privateKey;
        this.clock = clock;
        try {
            this.jcaKey = new JcaPGPKeyConverter().setProvider(BC).getPrivateKey(privateKey);
        } catch (PGPException e) {
            throw new SigningException("PGP key " + keyId(publicKey) + " cannot be used for signing",
                    "check that the key file holds an RSA or Ed25519 secret key");
        }
    }

    public static String keyId(PGPPublicKey key) {
        return "0x" + String.format(Locale.ROOT, "%016X", key.getKeyID());
    }

    public PGPPublicKey publicKey() {
        return publicKey;
    }

    @Override
    public SignatureKind kind() {
        return SignatureKind.PGP;
    }

    @Override
    public String keyId() {
        return keyId(publicKey);
    }

    @Override
    public byte[] sign(FileDigest content) throws SigningException {
        try {
            PGPSignatureGenerator generator = new PGPSignatureGenerator(new ContinuedDigestSignerBuilder(content), publicKey);
            PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
            hashed.setSignatureCreationTime(false, Date.from(signatureTime()));
            hashed.setIssuerFingerprint(false, publicKey);
            PGPSignatureSubpacketGenerator unhashed = new PGPSignatureSubpacketGenerator();
            unhashed.setIssuerKeyID(false, publicKey.getKeyID());
            generator.setHashedSubpackets(hashed.generate());
            generator.setUnhashedSubpackets(unhashed.generate());
            generator.init(PGPSignature.BINARY_DOCUMENT, privateKey);
            PGPSignature signature = generator.generate();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ArmoredOutputStream armored = ArmoredOutputStream.builder().clearHeaders().build(bytes)) {
                signature.encode(armored);
            }
            return bytes.toString(StandardCharsets.US_ASCII).getBytes(StandardCharsets.US_ASCII);
        } catch (PGPException | IOException | RuntimeException e) {
            throw SigningException.internal("PGP signing with key " + keyId() + " failed ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * The time a signature carries: the release's time (SOURCE_DATE_EPOCH, so a rerun signs identically), but never
     * before the key was created. gpg refuses a signature older than its key ("time conflict"), and a key made
     * after the commit it signs (a new maintainer key, a development key) is the normal case.
     */
    Instant signatureTime() {
        Instant release = clock.instant();
        Instant keyCreated = publicKey.getCreationTime().toInstant();
        return release.isBefore(keyCreated) ? keyCreated : release;
    }

    private static boolean isRsa(int algorithm) {
        return algorithm == PublicKeyAlgorithmTags.RSA_GENERAL || algorithm == PublicKeyAlgorithmTags.RSA_SIGN;
    }

    /** Builds a content signer whose digest starts from the file's hashed content. */
    private final class ContinuedDigestSignerBuilder implements PGPContentSignerBuilder {
        private final FileDigest content;

        ContinuedDigestSignerBuilder(FileDigest content) {
            this.content = content;
        }

        @Override
        public PGPContentSigner build(int signatureType, PGPPrivateKey key) {
            MessageDigest digest = content.continueSha256();
            return new PGPContentSigner() {
                private byte[] result;

                @Override
                public OutputStream getOutputStream() {
                    // The content was hashed in the single pass over the file; only the signature's trailer comes through here.
                    return new java.security.DigestOutputStream(OutputStream.nullOutputStream(), digest);
                }

                @Override
                public byte[] getDigest() {
                    if (result == null) {
                        result = digest.digest();
                    }
                    return result.clone();
                }

                @Override
                public byte[] getSignature() {
                    byte[] hash = getDigest();
                    try {
                        Signature signer;
                        if (isRsa(getKeyAlgorithm())) {
                            signer = Signature.getInstance("NONEwithRSA", BC);
                            signer.initSign(jcaKey);
                            signer.update(SHA256_DIGEST_INFO);
                        } else {
                            signer = Signature.getInstance("Ed25519", BC);
                            signer.initSign(jcaKey);
                        }
                        signer.update(hash);
                        return signer.sign();
                    } catch (GeneralSecurityException e) {
                        throw new IllegalStateException("signing failed: " + e.getClass().getSimpleName());
                    }
                }

                @Override
                public int getType() {
                    return signatureType;
                }

                @Override
                public int getHashAlgorithm() {
                    return HashAlgorithmTags.SHA256;
                }

                @Override
                public int getKeyAlgorithm() {
                    return publicKey.getAlgorithm();
                }

                @Override
                public long getKeyID() {
                    return publicKey.getKeyID();
                }
            };
        }
    }
}
