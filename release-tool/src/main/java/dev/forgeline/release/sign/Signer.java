package dev.forgeline.release.sign;

import dev.forgeline.release.common.FileDigest;
import dev.forgeline.release.common.SignatureKind;

/**
 * Makes one kind of signature over a file's content. Stages hold signers behind this interface only, so keyless
 * Sigstore signing (a Fulcio certificate, a Rekor entry) is another implementation, not a change to the stages.
 * Implementations are thread-safe: the sign stage calls them in parallel.
 */
public interface Signer {
    SignatureKind kind();

    /**
     * The public name of the signing key, as reports and the manifest show it: {@code 0x} and the 64-bit PGP key id,
     * or the Sigstore public-key hint. Never secret.
     */
    String keyId();

    /** Signs the content and returns the bytes of the signature file ({@code .asc}, {@code .sigstore.json}). */
    byte[] sign(FileDigest content) throws SigningException;
}
