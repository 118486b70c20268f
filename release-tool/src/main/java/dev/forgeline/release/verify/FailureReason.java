package dev.forgeline.release.verify;

/**
 * Why a check failed, as data: tests and machines match on the constant, people read {@link #describe(String)}.
 * The detail (a key id, a file name) completes the sentence.
 */
public enum FailureReason {
    FILE_MISSING(Check.FILE, "file is missing"),
    MANIFEST_DIGEST_MISMATCH(Check.FILE, "file does not have the SHA-256 its release manifest records"),
    NOT_RESOLVED(Check.FILE, "cannot be resolved from the repository"),
    PATH_ABSOLUTE(Check.FILE, "manifest names an absolute path, outside the release directory"),
    PATH_TRAVERSAL(Check.FILE, "manifest names a path with '..', outside the release directory"),
    PATH_SYMLINK_ESCAPE(Check.FILE, "manifest names a path whose symbolic link leads outside the release directory"),
    PATH_INVALID(Check.FILE, "manifest names an empty or invalid path"),

    CHECKSUM_MISMATCH(Check.CHECKSUM, "checksum file does not match file"),
    MD5_MISMATCH(Check.CHECKSUM, ".md5 does not match file"),
    SHA1_MISMATCH(Check.CHECKSUM, ".sha1 does not match file"),
    SHA256_MISMATCH(Check.CHECKSUM, ".sha256 does not match file"),
    SHA512_MISMATCH(Check.CHECKSUM, ".sha512 does not match file"),
    CHECKSUM_MALFORMED(Check.CHECKSUM, "checksum file is not a digest"),
    CHECKSUM_TOO_LARGE(Check.CHECKSUM, "checksum file is too large to be one"),

    PGP_MISSING(Check.PGP, "required PGP signature (.asc) is missing"),
    PGP_MALFORMED(Check.PGP, ".asc is truncated or garbled"),
    PGP_TOO_LARGE(Check.PGP, ".asc is too large to be a signature"),
    PGP_NOT_A_DOCUMENT_SIGNATURE(Check.PGP, ".asc is not a signature over a document"),
    PGP_UNTRUSTED_KEY(Check.PGP, "signature made by untrusted key"),
    PGP_SIGNATURE_MISMATCH(Check.PGP, "PGP signature does not match file"),
    PGP_KEY_REVOKED(Check.PGP, "signature made by a key its owner revoked"),
    PGP_KEY_EXPIRED(Check.PGP, "signature made after its key expired"),
    PGP_SIGNATURE_BEFORE_KEY(Check.PGP, "signature dated before its key was created"),
    PGP_SIGNATURE_EXPIRED(Check.PGP, "signature has expired"),

    SIGSTORE_MISSING(Check.SIGSTORE, "required Sigstore bundle (.sigstore.json) is missing"),
    SIGSTORE_MALFORMED(Check.SIGSTORE, "bundle is not a valid Sigstore bundle"),
    SIGSTORE_TOO_LARGE(Check.SIGSTORE, "bundle is too large to be a Sigstore bundle"),
    SIGSTORE_UNKNOWN_MEDIA_TYPE(Check.SIGSTORE, "unknown bundle media type"),
    SIGSTORE_UNSUPPORTED_CONTENT(Check.SIGSTORE, "bundle content is not supported"),
    SIGSTORE_ALGORITHM_MISMATCH(Check.SIGSTORE, "bundle claims one digest algorithm and carries another"),
    SIGSTORE_UNSUPPORTED_ALGORITHM(Check.SIGSTORE, "bundle digest algorithm is not SHA2_256"),
    SIGSTORE_UNTRUSTED_KEY(Check.SIGSTORE, "bundle signed by untrusted key"),
    SIGSTORE_DIGEST_MISMATCH(Check.SIGSTORE, "digest in bundle does not match file"),
    SIGSTORE_SIGNATURE_MISMATCH(Check.SIGSTORE, "bundle signature does not match its digest"),
    IMAGE_SIGNATURE_MISSING(Check.SIGSTORE, "image has no cosign signature (no sha256-<hex>.sig tag)"),
    IMAGE_SIGNATURE_MALFORMED(Check.SIGSTORE, "image signature is not a cosign simple-signing signature"),
    IMAGE_SIGNATURE_UNTRUSTED(Check.SIGSTORE, "no image signature verifies with a trusted Sigstore key"),
    IMAGE_SIGNATURE_OTHER_DIGEST(Check.SIGSTORE, "image signature signs another image digest"),

    INDEX_MISSING(Check.INDEX, "required signed release index is missing"),
    INDEX_MALFORMED(Check.INDEX, "release index is not a valid index"),
    INDEX_TOO_LARGE(Check.INDEX, "release index is too large to be one"),
    INDEX_NOT_VERIFIED(Check.INDEX, "release index does not verify"),
    INDEX_VERSION_MISMATCH(Check.INDEX, "release index is for another release"),
    INDEX_NOT_LISTED(Check.INDEX, "file is not in the signed release index (extra file)"),
    INDEX_DIGEST_MISMATCH(Check.INDEX, "file does not have the SHA-256 the signed release index records for its name"),
    INDEX_FILE_MISSING(Check.INDEX, "file listed in the signed release index is missing"),

    IMAGE_NOT_FOUND(Check.IMAGE, "image tag is not in the registry"),
    IMAGE_TAG_MOVED(Check.IMAGE, "image tag names another manifest than the release's image index"),
    IMAGE_MANIFEST_CHANGED(Check.IMAGE, "image manifest is not the release's"),
    IMAGE_LAYER_CHANGED(Check.IMAGE, "image layer does not have the digest its manifest names"),
    IMAGE_NATIVE_LIBRARY_MISMATCH(Check.IMAGE, "platform image does not hold the release's native library");

    private final Check check;
    private final String text;

    FailureReason(Check check, String text) {
        this.check = check;
        this.text = text;
    }

    /** The check this reason fails. */
    public Check check() {
        return check;
    }

    /** The fixed part of the sentence, e.g. {@code signature made by untrusted key}. */
    public String text() {
        return text;
    }

    /** The sentence with its detail: {@code signature made by untrusted key 0x1234ABCD5678EF90}. */
    public String describe(String detail) {
        return detail == null || detail.isEmpty() ? text : text + " " + detail;
    }
}
