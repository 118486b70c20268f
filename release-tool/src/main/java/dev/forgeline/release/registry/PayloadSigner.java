package dev.forgeline.release.registry;

/** Signs a payload: ECDSA P-256 over its SHA-256, DER-encoded, as cosign's key-based signatures are. */
@FunctionalInterface
public interface PayloadSigner {
    byte[] sign(byte[] payload);
}
