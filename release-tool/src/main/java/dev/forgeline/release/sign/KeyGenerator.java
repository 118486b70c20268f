package dev.forgeline.release.sign;

import dev.forgeline.release.sigstore.Pem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.PBESecretKeyEncryptor;
import org.bouncycastle.openpgp.operator.PGPDigestCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;
import org.bouncycastle.openpgp.operator.jcajce.JcePBESecretKeyEncryptorBuilder;

/** New signing keys: OpenPGP (Ed25519 or RSA) as armored secret keys, and ECDSA P-256 as PKCS#8 PEM. */
public final class KeyGenerator {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    public enum PgpAlgorithm { ED25519, RSA_3072, RSA_2048 }

    private KeyGenerator() {}

    /**
     * An armored OpenPGP secret key with one signing primary key and the user id.
     *
     * @param passphrase protects the key when not null (AES-256, iterated and salted SHA-256 S2K)
     */
    public static String pgpSecretKey(PgpAlgorithm algorithm, String userId, char[] passphrase, Date created) {
        try {
            KeyPair pair;
            int tag;
            if (algorithm == PgpAlgorithm.ED25519) {
                pair = KeyPairGenerator.getInstance("Ed25519", BC).generateKeyPair();
                tag = PublicKeyAlgorithmTags.EDDSA_LEGACY;
            } else {
                KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA", BC);
                rsa.initialize(algorithm == PgpAlgorithm.RSA_3072 ? 3072 : 2048);
                pair = rsa.generateKeyPair();
                tag = PublicKeyAlgorithmTags.RSA_GENERAL;
            }
            PGPKeyPair pgpPair = new JcaPGPKeyPair(tag, pair, created);
            PGPDigestCalculator sha1 = new JcaPGPDigestCalculatorProviderBuilder().setProvider(BC).build()
                    .get(HashAlgorithmTags.SHA1);
            PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
            hashed.setKeyFlags(false, KeyFlags.SIGN_DATA | KeyFlags.CERTIFY_OTHER);
            hashed.setPreferredHashAlgorithms(false, new int[] {HashAlgorithmTags.SHA256, HashAlgorithmTags.SHA512});
            PBESecretKeyEncryptor encryptor = passphrase == null ? null
                    : new JcePBESecretKeyEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256,
                                    new JcaPGPDigestCalculatorProviderBuilder().setProvider(BC).build()
                                            .get(HashAlgorithmTags.SHA256))
                            .setProvider(BC).build(passphrase);
            PGPKeyRingGenerator generator = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, pgpPair,
                    userId, sha1, hashed.generate(), null,
                    new JcaPGPContentSignerBuilder(tag, HashAlgorithmTags.SHA256).setProvider(BC), encryptor);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ArmoredOutputStream armored = ArmoredOutputStream.builder().clearHeaders().build(bytes)) {
                generator.generateSecretKeyRing().encode(armored);
            }
            return bytes.toString(StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException | PGPException | IOException e) {
            throw new IllegalStateException("cannot generate a PGP key: " + e.getClass().getSimpleName(), e);
        }
    }

    /** A new ECDSA P-256 private key as unencrypted PKCS#8 PEM. */
    public static String sigstorePrivateKeyPem() {
        try {
            KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
            ec.initialize(new ECGenParameterSpec("secp256r1"));
            return Pem.encode("PRIVATE KEY", ec.generateKeyPair().getPrivate().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a P-256 key", e);
        }
    }
}
