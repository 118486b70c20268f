package dev.forgeline.release.verify;

import dev.forgeline.release.sign.KeySources;
import dev.forgeline.release.sign.SigningKeys;
import dev.forgeline.release.testing.TestKeys;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Map;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.bcpg.sig.RevocationReasonTags;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;

/**
 * Real PGP keys in the states the verifier must refuse: revoked (hard and soft), expired, younger than the
 * signature. Each comes with its public
 * certificate, as a trusted-keys file holds it, and a {@link SigningKeys} that signs at a chosen time.
 */
final class PgpKeyFixtures {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    static final Instant NOW = Instant.now();
    static final Instant DAY_AGO = NOW.minusSeconds(86_400);

    /** A secret key, its public certificate (with revocations if any) and what it is. */
    record Fixture(String secretArmored, String publicArmored, PGPPublicKey publicKey, PGPPrivateKey privateKey) {
        /** Signs as of {@code at} (the signature's creation time). */
        SigningKeys signingAt(Instant at) {
            return SigningKeys.load(TestKeys.envSources(), Map.of(KeySources.PGP_KEY_ENV, secretArmored,
                    KeySources.SIGSTORE_KEY_ENV, TestKeys.TRUSTED_SIGSTORE), Clock.fixed(at, ZoneOffset.UTC));
        }

        /**
         * An armored detached signature of {@code file} dated {@code at}, made with Bouncy Castle directly: forgeline's
         * own signer never dates a signature before its key, a forger (or a wrong clock) does.
         */
        String ascDated(java.nio.file.Path file, Instant at) throws Exception {
            return asc(file, at, true);
        }

        /**
         * A detached signature dated now that names its issuer by 64-bit key id alone, as older signers do:
         * no fingerprint tells two keys with that id apart.
         */
        String ascByKeyIdOnly(java.nio.file.Path file) throws Exception {
            return asc(file, NOW, false);
        }

        private String asc(java.nio.file.Path file, Instant at, boolean fingerprint) throws Exception {
            PGPSignatureGenerator generator = new PGPSignatureGenerator(new JcaPGPContentSignerBuilder(
                    publicKey.getAlgorithm(), HashAlgorithmTags.SHA256).setProvider(BC), publicKey);
            PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
            hashed.setSignatureCreationTime(false, Date.from(at));
            if (fingerprint) {
                hashed.setIssuerFingerprint(false, publicKey);
            }
            PGPSignatureSubpacketGenerator unhashed = new PGPSignatureSubpacketGenerator();
            unhashed.setIssuerKeyID(false, publicKey.getKeyID());
            generator.setHashedSubpackets(hashed.generate());
            generator.setUnhashedSubpackets(unhashed.generate());
            generator.init(PGPSignature.BINARY_DOCUMENT, privateKey);
            generator.update(java.nio.file.Files.readAllBytes(file));
            return armor(generator.generate().getEncoded());
        }
    }

    private static Fixture hardRevoked;
    private static Fixture softRevoked;
    private static Fixture expired;
    private static Fixture fresh;

    private PgpKeyFixtures() {}

    /** Revoked as compromised a day ago: no signature by it is valid, whenever dated. */
    static synchronized Fixture hardRevoked() {
        if (hardRevoked == null) {
            hardRevoked = revoked("Hard Revoked <hard@forgeline.invalid>", RevocationReasonTags.KEY_COMPROMISED, DAY_AGO);
        }
        return hardRevoked;
    }

    /** Retired (superseded) a day ago: valid before, not after. */
    static synchronized Fixture softRevoked() {
        if (softRevoked == null) {
            softRevoked = revoked("Soft Revoked <soft@forgeline.invalid>", RevocationReasonTags.KEY_SUPERSEDED, DAY_AGO);
        }
        return softRevoked;
    }

    /** Created ten days ago, valid for one day. */
    static synchronized Fixture expired() {
        if (expired == null) {
            expired = ed25519("Expired <expired@forgeline.invalid>", NOW.minusSeconds(10 * 86_400), 86_400);
        }
        return expired;
    }

    /** Created now: a signature dated earlier predates it. */
    static synchronized Fixture fresh() {
        if (fresh == null) {
            fresh = ed25519("Fresh <fresh@forgeline.invalid>", NOW, 0);
        }
        return fresh;
    }

    private static Fixture[] sharingKeyId;

    /**
     * Two different keys with one 64-bit key id: a current (v4) Ed25519 key, and a version 3 RSA key made to share
     * its id. A v4 key's id comes from its SHA-1 fingerprint, out of anyone's reach; a v3 key's id is the low 64 bits
     * of its modulus, which anyone can choose: take q ≡ id·p⁻¹ (mod 2⁶⁴). Old keyrings still hold v3 keys, so a
     * verifier must tell keys apart by fingerprint, or try each key with the id.
     */
    static synchronized Fixture[] sharingKeyId() {
        if (sharingKeyId == null) {
            try {
                Fixture current;
                do {
                    current = ed25519("Shared Id Current <current@forgeline.invalid>", NOW.minusSeconds(30 * 86_400), 0);
                } while ((current.publicKey().getKeyID() & 1) == 0); // an odd modulus needs an odd id
                java.security.SecureRandom random = new java.security.SecureRandom();
                java.math.BigInteger e = java.math.BigInteger.valueOf(65537);
                java.math.BigInteger mod64 = java.math.BigInteger.ONE.shiftLeft(64);
                java.math.BigInteger id = java.math.BigInteger.valueOf(current.publicKey().getKeyID()).mod(mod64);
                java.math.BigInteger p;
                do {
                    p = java.math.BigInteger.probablePrime(1024, random);
                } while (!p.subtract(java.math.BigInteger.ONE).gcd(e).equals(java.math.BigInteger.ONE));
                java.math.BigInteger q = new java.math.BigInteger(1024, random).setBit(1023).shiftRight(64).shiftLeft(64)
                        .add(id.multiply(p.modInverse(mod64)).mod(mod64));
                while (!q.isProbablePrime(64) || !q.subtract(java.math.BigInteger.ONE).gcd(e).equals(java.math.BigInteger.ONE)) {
                    q = q.add(mod64);
                }
                sharingKeyId = new Fixture[] {current, rsaV3("Shared Id Old <old@forgeline.invalid>", p, q, e)};
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        }
        return sharingKeyId;
    }

    private static Fixture rsaV3(String userId, java.math.BigInteger p, java.math.BigInteger q, java.math.BigInteger e)
            throws Exception {
        java.math.BigInteger n = p.multiply(q);
        java.math.BigInteger phi = p.subtract(java.math.BigInteger.ONE).multiply(q.subtract(java.math.BigInteger.ONE));
        java.math.BigInteger d = e.modInverse(phi);
        java.security.KeyFactory factory = java.security.KeyFactory.getInstance("RSA");
        KeyPair pair = new KeyPair(factory.generatePublic(new java.security.spec.RSAPublicKeySpec(n, e)),
                factory.generatePrivate(new java.security.spec.RSAPrivateCrtKeySpec(n, e, d, p, q,
                        d.mod(p.subtract(java.math.BigInteger.ONE)), d.mod(q.subtract(java.math.BigInteger.ONE)),
                        q.modInverse(p))));
        return ring(new JcaPGPKeyPair(3, PublicKeyAlgorithmTags.RSA_GENERAL, pair,
                Date.from(NOW.minusSeconds(30 * 86_400))), userId, 0, null);
    }

    private static Fixture ed25519(String userId, Instant created, long validSeconds) {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519", BC).generateKeyPair();
            return ring(new JcaPGPKeyPair(PublicKeyAlgorithmTags.EDDSA_LEGACY, pair, Date.from(created)), userId,
                    validSeconds, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Fixture revoked(String userId, int reason, Instant at) {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519", BC).generateKeyPair();
            return ring(new JcaPGPKeyPair(PublicKeyAlgorithmTags.EDDSA_LEGACY, pair,
                    Date.from(NOW.minusSeconds(30 * 86_400))), userId, 0, new int[] {reason, (int) at.getEpochSecond()});
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** @param revocation null, or {reason, epoch second of the revocation} */
    private static Fixture ring(PGPKeyPair pair, String userId, long validSeconds, int[] revocation) throws Exception {
        PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
        hashed.setKeyFlags(false, KeyFlags.SIGN_DATA | KeyFlags.CERTIFY_OTHER);
        if (validSeconds > 0) {
            hashed.setKeyExpirationTime(false, validSeconds);
        }
        int algorithm = pair.getPublicKey().getAlgorithm();
        PGPKeyRingGenerator generator = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, pair, userId,
                new JcaPGPDigestCalculatorProviderBuilder().setProvider(BC).build().get(HashAlgorithmTags.SHA1),
                hashed.generate(), null, new JcaPGPContentSignerBuilder(algorithm, HashAlgorithmTags.SHA256)
                        .setProvider(BC), null);
        PGPSecretKeyRing secret = generator.generateSecretKeyRing();
        PGPPublicKeyRing publicRing = generator.generatePublicKeyRing();
        PGPPrivateKey privateKey = secret.getSecretKey().extractPrivateKey(null);
        if (revocation != null) {
            PGPPublicKey key = publicRing.getPublicKey();
            PGPSignatureGenerator revoker = new PGPSignatureGenerator(new JcaPGPContentSignerBuilder(algorithm,
                    HashAlgorithmTags.SHA256).setProvider(BC), key);
            PGPSignatureSubpacketGenerator sub = new PGPSignatureSubpacketGenerator();
            sub.setSignatureCreationTime(false, Date.from(Instant.ofEpochSecond(revocation[1])));
            sub.setRevocationReason(false, (byte) revocation[0], "test");
            sub.setIssuerFingerprint(false, key);
            revoker.setHashedSubpackets(sub.generate());
            revoker.init(PGPSignature.KEY_REVOCATION, privateKey);
            PGPSignature signature = revoker.generateCertification(key);
            publicRing = PGPPublicKeyRing.insertPublicKey(publicRing, PGPPublicKey.addCertification(key, signature));
        }
        return new Fixture(armor(secret.getEncoded()), armor(publicRing.getEncoded()), publicRing.getPublicKey(),
                privateKey);
    }

    static String armor(byte[] encoded) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ArmoredOutputStream armored = ArmoredOutputStream.builder().clearHeaders().build(bytes)) {
            armored.write(encoded);
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    /** The certificate of an armored public key, as the verifier reads it. */
    static PGPPublicKeyRing read(String armored) throws Exception {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)))) {
            return new PGPPublicKeyRing(in, new JcaKeyFingerprintCalculator());
        }
    }
}
