package dev.forgeline.release.sigstore;

import java.security.PublicKey;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hint a public-key bundle names its key by: the lower-case hex SHA-256 of the key's DER SubjectPublicKeyInfo
 * (the form cosign and sigstore-js use for key ids). A hint only selects a key among the trusted ones; trust comes
 * from the policy, never from the hint.
 */
public final class PublicKeyHints {
    private PublicKeyHints() {}

    public static String of(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java 17 JVM has SHA-256", e);
        }
    }

    /** PEM text of a public key ({@code -----BEGIN PUBLIC KEY-----}, SubjectPublicKeyInfo). */
    public static String pem(PublicKey key) {
        return Pem.encode("PUBLIC KEY", key.getEncoded());
    }
}
