package dev.forgeline.release.sign;

import dev.forgeline.release.common.FileDigest;
import dev.forgeline.release.common.SignatureKind;
import dev.forgeline.release.sigstore.Dsse;
import dev.forgeline.release.sigstore.DsseBundle;
import dev.forgeline.release.sigstore.KeylessBundle;
import dev.forgeline.release.sigstore.SigstoreBundle;
import dev.forgeline.release.sigstore.TlogEntry;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.List;

/**
 * Keyless Sigstore signing: an ephemeral ECDSA P-256 key, made when the signer starts and never written anywhere,
 * certified by Fulcio for the OIDC token's identity; each file's digest is signed with it, the signature logged in
 * Rekor, and the bundle (v0.3) carries the certificate and the log entry. The key id shown and recorded is the
 * certificate's identity (its SAN). A DSSE envelope (the provenance) is signed with the same key and logged as a
 * Rekor {@code dsse} entry ({@link #signDsse}). Keyless bundles are not reproducible: each run has a new key, certificate and
 * log entry. Thread-safe.
 */
public final class KeylessSigner implements Signer {
    private final KeyPair key;
    private final X509Certificate certificate;
    private final String identity;
    private final RekorClient rekor;

    private KeylessSigner(KeyPair key, X509Certificate certificate, RekorClient rekor) {
        this.key = key;
        this.certificate = certificate;
        this.identity = identityOf(certificate);
        this.rekor = rekor;
    }

    /** A fresh key, certified by the Fulcio of {@code fulcioUrl} for the token's identity; entries go to Rekor. */
    public static KeylessSigner start(IdentityToken token, String fulcioUrl, String rekorUrl) {
        KeyPair key;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            key = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw SigningException.internal("cannot make an ephemeral P-256 key (" + e.getClass().getSimpleName() + ")");
        }
        List<X509Certificate> chain = new FulcioClient(fulcioUrl).signingCertificate(token, key);
        return new KeylessSigner(key, chain.get(0), new RekorClient(rekorUrl));
    }

    /** The identity of a DER certificate (its first email or URI SAN), or "" when it has none or is not X.509. */
    public static String identityOf(byte[] certificateDer) {
        try {
            return identityOf((X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(certificateDer)));
        } catch (GeneralSecurityException | RuntimeException e) {
            return "";
        }
    }

    /** The certificate's identity: its first email or URI subject alternative name. */
    static String identityOf(X509Certificate certificate) {
        try {
            var names = certificate.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> name : names) {
                    if (name.get(0) instanceof Integer type && (type == 1 || type == 6)) {
                        return (String) name.get(1);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // reported below
        }
        throw new KeylessServiceException("Fulcio's certificate names no email or URI identity");
    }

    public String identity() {
        return identity;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    @Override
    public SignatureKind kind() {
        return SignatureKind.SIGSTORE;
    }

    @Override
    public String keyId() {
        return identity;
    }

    @Override
    public byte[] sign(FileDigest content) {
        byte[] digest = content.sha256();
        byte[] signature;
        try {
            // ECDSA over the precomputed SHA-256 is SHA256withECDSA over the content, as the bundle states it.
            Signature ecdsa = Signature.getInstance("NONEwithECDSA");
            ecdsa.initSign(key.getPrivate());
            ecdsa.update(digest);
            signature = ecdsa.sign();
        } catch (GeneralSecurityException e) {
            throw SigningException.internal("keyless signing failed (" + e.getClass().getSimpleName() + ")");
        }
        TlogEntry entry = rekor.log(signature, digest, certificate);
        try {
            return new KeylessBundle(SigstoreBundle.MEDIA_TYPE_V03, certificate.getEncoded(),
                    SigstoreBundle.HashAlgorithm.SHA2_256, digest, signature, entry).toJson()
                    .getBytes(StandardCharsets.UTF_8);
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A DSSE envelope of {@code payload} signed with the ephemeral key (ECDSA P-256 with SHA-256 over the
     * pre-authentication encoding), logged in Rekor as a {@code dsse} 0.0.1 entry, and its bundle: the certificate and
     * the entry. The envelope's keyid is empty: the certificate, not a key name, says who signed.
     */
    public DsseBundle signDsse(String payloadType, byte[] payload) {
        byte[] signature;
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initSign(key.getPrivate());
            ecdsa.update(Dsse.pae(payloadType, payload));
            signature = ecdsa.sign();
        } catch (GeneralSecurityException e) {
            throw SigningException.internal("keyless DSSE signing failed (" + e.getClass().getSimpleName() + ")");
        }
        DsseBundle unlogged = new DsseBundle(payloadType, payload, "", signature);
        TlogEntry entry = rekor.logDsse(unlogged.envelopeJson(), certificate);
        try {
            return new DsseBundle(payloadType, payload, "", signature, certificate.getEncoded(), entry);
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
