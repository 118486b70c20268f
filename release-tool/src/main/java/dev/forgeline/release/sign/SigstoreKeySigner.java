package dev.forgeline.release.sign;

import dev.forgeline.release.common.FileDigest;
import dev.forgeline.release.common.SignatureKind;

import dev.forgeline.release.sigstore.PublicKeyHints;
import dev.forgeline.release.sigstore.SigstoreBundle;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.math.BigInteger;
import java.security.interfaces.ECPrivateKey;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;

/**
 * Sigstore bundles signed with a local ECDSA P-256 key: a message signature (ECDSA with SHA-256) over the file's
 * digest, and the key's hint as verification material. Keyless signing (Fulcio and Rekor) is another
 * {@link Signer}.
 */
public final class SigstoreKeySigner implements Signer {
    private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(P256.getCurve(), P256.getG(), P256.getN(),
            P256.getH());

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String hint;

    public SigstoreKeySigner(PrivateKey privateKey, PublicKey publicKey) {
        if (!(publicKey instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new SigningException("the Sigstore key is not an ECDSA P-256 key",
                    "generate one with: openssl ecparam -name prime256v1 -genkey | openssl pkcs8 -topk8 -nocrypt");
        }
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.hint = PublicKeyHints.of(publicKey);
    }

    /**
     * ECDSA (P-256) over a precomputed SHA-256, which is SHA256withECDSA over the content, with the nonce derived
     * from the key and the digest (RFC 6979): the same file and key give the same bundle, so a rerun of a release
     * writes byte-identical signature files.
     */
    private byte[] deterministicEcdsa(byte[] digest) throws IOException {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(((ECPrivateKey) privateKey).getS(), DOMAIN));
        BigInteger[] rs = signer.generateSignature(digest);
        BigInteger s = rs[1];
        if (s.compareTo(DOMAIN.getN().shiftRight(1)) > 0) {
            s = DOMAIN.getN().subtract(s); // low-S form, which every verifier accepts
        }
        ASN1EncodableVector sequence = new ASN1EncodableVector();
        sequence.add(new ASN1Integer(rs[0]));
        sequence.add(new ASN1Integer(s));
        return new DERSequence(sequence).getEncoded();
    }

    /**
     * ECDSA (P-256, SHA-256, deterministic, low-S, DER) over {@code message}: what a DSSE envelope's signature is over its
     * pre-authentication encoding.
     */
    public byte[] signMessage(byte[] message) throws SigningException {
        try {
            return deterministicEcdsa(java.security.MessageDigest.getInstance("SHA-256").digest(message));
        } catch (IOException | java.security.NoSuchAlgorithmException | RuntimeException e) {
            throw SigningException.internal("Sigstore signing with key " + hint + " failed ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public SignatureKind kind() {
        return SignatureKind.SIGSTORE;
    }

    @Override
    public String keyId() {
        return hint;
    }

    @Override
    public byte[] sign(FileDigest content) throws SigningException {
        byte[] digest = content.sha256();
        try {
            SigstoreBundle bundle = new SigstoreBundle(SigstoreBundle.MEDIA_TYPE_V03, hint,
                    SigstoreBundle.HashAlgorithm.SHA2_256, digest, deterministicEcdsa(digest));
            return bundle.toJson().getBytes(StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw SigningException.internal("Sigstore signing with key " + hint + " failed ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
