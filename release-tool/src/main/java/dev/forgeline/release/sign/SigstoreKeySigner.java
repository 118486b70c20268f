package dev.forgeline.release.sign;

import dev.forgeline.release.sigstore.PublicKeyHints;
import dev.forgeline.release.sigstore.SigstoreBundle;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;

/**
 * Sigstore bundles signed with a local ECDSA P-256 key: a message signature (ECDSA with SHA-256) over the file's
 * digest, and the key's hint as verification material. Keyless signing (Fulcio and Rekor) is another
 * {@link Signer}.
 */
public final class SigstoreKeySigner implements Signer {
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
            // ECDSA over a precomputed SHA-256 is exactly SHA256withECDSA over the content.
            Signature ecdsa = Signature.getInstance("NONEwithECDSA");
            ecdsa.initSign(privateKey);
            ecdsa.update(digest);
            SigstoreBundle bundle = new SigstoreBundle(SigstoreBundle.MEDIA_TYPE_V03, hint,
                    SigstoreBundle.HashAlgorithm.SHA2_256, digest, ecdsa.sign());
            return bundle.toJson().getBytes(StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw SigningException.internal("Sigstore signing with key " + hint + " failed ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
