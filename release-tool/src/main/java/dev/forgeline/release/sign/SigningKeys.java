package dev.forgeline.release.sign;

import dev.forgeline.release.sigstore.Pem;
import dev.forgeline.release.sigstore.PublicKeyHints;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Clock;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePBESecretKeyDecryptorBuilder;

/**
 * The signers of a release, loaded from their {@link KeySources}, and the public keys anyone needs to verify it.
 * Key material and passphrases stay in memory only as long as loading takes, and never reach a message.
 */
public final class SigningKeys {
    /** Made on first use: only PGP keys need it, and a Sigstore-only run (publish --image) is spared its start-up. */
    private static final class Bc {
        static final BouncyCastleProvider BC = new BouncyCastleProvider();
    }

    private final PgpSigner pgp;
    private final PGPPublicKeyRing pgpPublicRing;
    /** The local Sigstore key, or null when signing keyless. */
    private final SigstoreKeySigner sigstore;
    /** The keyless Sigstore signer, or null when signing with a local key. */
    private final KeylessSigner keyless;

    private SigningKeys(PgpSigner pgp, PGPPublicKeyRing pgpPublicRing, SigstoreKeySigner sigstore, KeylessSigner keyless) {
        this.pgp = pgp;
        this.pgpPublicRing = pgpPublicRing;
        this.sigstore = sigstore;
        this.keyless = keyless;
    }

    /** These keys with Sigstore bundles signed keyless instead of with the local key (which may be absent). */
    public SigningKeys withKeylessSigstore(KeylessSigner signer) {
        return new SigningKeys(pgp, pgpPublicRing, null, java.util.Objects.requireNonNull(signer, "signer"));
    }

    public boolean keyless() {
        return keyless != null;
    }

    public static SigningKeys load(KeySources sources, Map<String, String> env, Clock clock) {
        char[] keyText = sources.pgpKey().read(env);
        PGPSecretKeyRing ring;
        try {
            ring = firstRing(new String(keyText).getBytes(StandardCharsets.UTF_8), sources.pgpKey());
        } finally {
            Arrays.fill(keyText, '\0');
        }
        PGPSecretKey secret = signingKey(ring, sources.pgpKey());
        PGPPrivateKey privateKey = unlock(secret, sources, env);
        PgpSigner pgp = new PgpSigner(secret.getPublicKey(), privateKey, clock);

        if (sources.sigstoreKey() == null) {
            return new SigningKeys(pgp, publicRing(ring), null, null); // completed by withKeylessSigstore
        }
        char[] pem = sources.sigstoreKey().read(env);
        PrivateKey ecKey;
        try {
            ecKey = Pem.privateKey(new String(pem));
        } catch (IllegalArgumentException e) {
            throw new SigningException("the Sigstore key in " + sources.sigstoreKey().describe() + " cannot be read: "
                    + e.getMessage(), "give an unencrypted PKCS#8 PEM ECDSA P-256 key");
        } finally {
            Arrays.fill(pem, '\0');
        }
        SigstoreKeySigner sigstore = new SigstoreKeySigner(ecKey, publicKeyOf(ecKey));
        return new SigningKeys(pgp, publicRing(ring), sigstore, null);
    }

    /** The signers, PGP first. */
    public List<Signer> signers() {
        return List.of(pgp, keyless != null ? keyless : sigstore());
    }

    /** The Sigstore signer's public name: the key hint, or the certificate identity when keyless. */
    public String sigstoreKeyId() {
        return keyless != null ? keyless.keyId() : sigstore().keyId();
    }

    public PgpSigner pgp() {
        return pgp;
    }

    /** The local Sigstore key. */
    public SigstoreKeySigner sigstore() {
        if (sigstore == null) {
            throw new SigningException("no local Sigstore key: " + (keyless != null
                    ? "this run signs keyless" : "the key source names none"),
                    "give a Sigstore key (--sigstore-key FILE) for this step");
        }
        return sigstore;
    }

    /**
     * A DSSE envelope of {@code payload} signed by the release's Sigstore signer: keyless (the run's certificate, a
     * Rekor {@code dsse} entry) or with the local key (deterministic, the key's hint).
     */
    public dev.forgeline.release.sigstore.DsseBundle signDsse(String payloadType, byte[] payload) {
        if (keyless != null) {
            return keyless.signDsse(payloadType, payload);
        }
        SigstoreKeySigner key = sigstore();
        return new dev.forgeline.release.sigstore.DsseBundle(payloadType, payload, key.keyId(),
                key.signMessage(dev.forgeline.release.sigstore.Dsse.pae(payloadType, payload)));
    }

    /** The PGP public key (certificate) in ASCII armor, as {@code gpg --import} and {@code forgeline verify} read it. */
    public String pgpPublicKeyArmored() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ArmoredOutputStream armored = ArmoredOutputStream.builder().clearHeaders().build(bytes)) {
            pgpPublicRing.encode(armored);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    /** The local Sigstore public key in PEM, or null when signing keyless (the certificate is in each bundle). */
    public String sigstorePublicKeyPem() {
        return sigstore == null ? null : PublicKeyHints.pem(sigstore.publicKey());
    }

    /** Public key files written next to a release. */
    public static final String PGP_PUBLIC_FILE = "pgp-public.asc";
    public static final String SIGSTORE_PUBLIC_FILE = "sigstore-public.pem";

    /** Writes {@code dir/pgp-public.asc} and {@code dir/sigstore-public.pem}: public keys only. */
    public void exportPublicKeys(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(PGP_PUBLIC_FILE), pgpPublicKeyArmored(), StandardCharsets.US_ASCII);
        if (sigstorePublicKeyPem() != null) {
            Files.writeString(dir.resolve(SIGSTORE_PUBLIC_FILE), sigstorePublicKeyPem(), StandardCharsets.US_ASCII);
        }
    }

    private static PGPSecretKeyRing firstRing(byte[] keyBytes, SecretSource source) {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(keyBytes))) {
            Iterator<PGPSecretKeyRing> rings = new PGPSecretKeyRingCollection(in, new JcaKeyFingerprintCalculator())
                    .getKeyRings();
            if (!rings.hasNext()) {
                throw new SigningException(source.describe() + " holds no PGP secret key",
                        "export one with: gpg --armor --export-secret-keys KEYID");
            }
            return rings.next();
        } catch (IOException | PGPException | RuntimeException e) {
            if (e instanceof SigningException se) {
                throw se;
            }
            throw new SigningException(source.describe() + " is not a PGP secret key (" + e.getClass().getSimpleName()
                    + ")", "give an ASCII-armored secret key: gpg --armor --export-secret-keys KEYID");
        }
    }

    private static PGPSecretKey signingKey(PGPSecretKeyRing ring, SecretSource source) {
        for (PGPSecretKey key : ring) {
            if (key.isSigningKey() && !key.isPrivateKeyEmpty() && key.getPublicKey().isMasterKey()) {
                return key;
            }
        }
        for (PGPSecretKey key : ring) {
            if (key.isSigningKey() && !key.isPrivateKeyEmpty()) {
                return key;
            }
        }
        throw new SigningException(source.describe() + " holds no PGP key that can sign",
                "export a secret key with a signing-capable (sub)key");
    }

    private static PGPPrivateKey unlock(PGPSecretKey secret, KeySources sources, Map<String, String> env) {
        String keyId = PgpSigner.keyId(secret.getPublicKey());
        boolean protectedKey = secret.getKeyEncryptionAlgorithm() != SymmetricKeyAlgorithmTags.NULL;
        if (!protectedKey) {
            return extract(secret, null, keyId);
        }
        if (sources.pgpPassphrase() == null || !sources.pgpPassphrase().isPresent(env)) {
            throw new SigningException("PGP key " + keyId + " is protected by a passphrase and none was given"
                    + (sources.pgpPassphrase() == null ? "" : " (" + sources.pgpPassphrase().describe() + " is not set)"),
                    "set " + KeySources.PGP_PASSPHRASE_ENV + " or pass --pgp-passphrase-file FILE; never on the command line");
        }
        char[] passphrase = sources.pgpPassphrase().read(env);
        try {
            return extract(secret, passphrase, keyId);
        } finally {
            Arrays.fill(passphrase, '\0');
        }
    }

    private static PGPPrivateKey extract(PGPSecretKey secret, char[] passphrase, String keyId) {
        try {
            return secret.extractPrivateKey(passphrase == null ? null
                    : new JcePBESecretKeyDecryptorBuilder(new JcaPGPDigestCalculatorProviderBuilder().setProvider(Bc.BC).build())
                            .setProvider(Bc.BC).build(passphrase));
        } catch (PGPException | RuntimeException e) {
            throw new SigningException("cannot unlock PGP key " + keyId + ": wrong passphrase or damaged key",
                    "check the passphrase source (" + KeySources.PGP_PASSPHRASE_ENV + " or --pgp-passphrase-file)");
        }
    }

    private static PGPPublicKeyRing publicRing(PGPSecretKeyRing ring) {
        List<PGPPublicKey> keys = new java.util.ArrayList<>();
        ring.getPublicKeys().forEachRemaining(keys::add);
        return new PGPPublicKeyRing(keys);
    }

    /**
     * The Sigstore signer alone, from {@code source}: what signing an image needs (its cosign-style signature), without
     * the PGP key.
     */
    public static SigstoreKeySigner sigstoreOnly(SecretSource source, Map<String, String> env) {
        char[] pem = source.read(env);
        PrivateKey ecKey;
        try {
            ecKey = Pem.privateKey(new String(pem));
        } catch (IllegalArgumentException e) {
            throw new SigningException("the Sigstore key in " + source.describe() + " cannot be read: " + e.getMessage(),
                    "give an unencrypted PKCS#8 PEM ECDSA P-256 key");
        } finally {
            Arrays.fill(pem, '\0');
        }
        return new SigstoreKeySigner(ecKey, publicKeyOf(ecKey));
    }

    /** The public half of an EC private key: Q = d·G, computed with BouncyCastle's curve arithmetic. */
    static PublicKey publicKeyOf(PrivateKey key) {
        if (!(key instanceof ECPrivateKey ec)) {
            throw new SigningException("the Sigstore key is not an EC key", "give an ECDSA P-256 key");
        }
        try {
            org.bouncycastle.jce.spec.ECNamedCurveParameterSpec p256 =
                    org.bouncycastle.jce.ECNamedCurveTable.getParameterSpec("secp256r1");
            org.bouncycastle.math.ec.ECPoint q = p256.getG().multiply(ec.getS()).normalize();
            ECPoint w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, ec.getParams()));
        } catch (Exception e) {
            throw new SigningException("the Sigstore key is not an ECDSA P-256 key", "give an ECDSA P-256 key");
        }
    }
}
