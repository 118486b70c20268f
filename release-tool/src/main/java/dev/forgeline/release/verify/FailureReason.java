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
    SIGSTORE_NO_IDENTITY_POLICY(Check.SIGSTORE, "keyless bundle, but no identity policy and trusted root are given"),
    SIGSTORE_NO_LOG_ENTRY(Check.SIGSTORE, "keyless bundle has no transparency-log entry"),
    SIGSTORE_UNTRUSTED_ROOT(Check.SIGSTORE, "certificate does not chain to a trusted certificate authority"),
    SIGSTORE_SCT_MISSING(Check.SIGSTORE, "certificate carries no signed certificate timestamp (SCT)"),
    SIGSTORE_SCT_INVALID(Check.SIGSTORE, "certificate's SCT is not signed by a trusted CT log"),
    SIGSTORE_IDENTITY_MISMATCH(Check.SIGSTORE, "certificate identity is not the policy's:"),
    SIGSTORE_ISSUER_MISMATCH(Check.SIGSTORE, "certificate OIDC issuer is not the policy's:"),
    SIGSTORE_LOG_ENTRY_MISMATCH(Check.SIGSTORE, "transparency-log entry is for another artifact or signature"),
    SIGSTORE_UNTRUSTED_LOG(Check.SIGSTORE, "transparency-log entry is from a log not in the trusted root:"),
    SIGSTORE_PROMISE_INVALID(Check.SIGSTORE, "log's signed entry timestamp (inclusion promise) does not verify"),
    SIGSTORE_INCLUSION_PROOF_INVALID(Check.SIGSTORE, "inclusion proof does not verify"),
    SIGSTORE_CHECKPOINT_UNTRUSTED(Check.SIGSTORE, "checkpoint is not signed by a trusted log key"),
    SIGSTORE_CERTIFICATE_EXPIRED(Check.SIGSTORE, "certificate was not valid when the log integrated the signature"),

    PROVENANCE_MISSING(Check.PROVENANCE, "required provenance (.intoto.jsonl) is missing"),
    PROVENANCE_MALFORMED(Check.PROVENANCE, "provenance is not a DSSE envelope of an in-toto statement"),
    PROVENANCE_TOO_LARGE(Check.PROVENANCE, "provenance is too large to be one"),
    PROVENANCE_PAYLOAD_TYPE_MISMATCH(Check.PROVENANCE, "provenance envelope's payload type is not application/vnd.in-toto+json"),
    PROVENANCE_UNTRUSTED_KEY(Check.PROVENANCE, "provenance signed by untrusted key"),
    PROVENANCE_NO_IDENTITY_POLICY(Check.PROVENANCE, "provenance is signed keyless, but no identity policy and trusted root are given"),
    PROVENANCE_IDENTITY_MISMATCH(Check.PROVENANCE, "provenance certificate identity is not the policy's:"),
    PROVENANCE_ISSUER_MISMATCH(Check.PROVENANCE, "provenance certificate OIDC issuer is not the policy's:"),
    PROVENANCE_LOG_ENTRY_MISMATCH(Check.PROVENANCE, "provenance transparency-log entry is for another envelope"),
    PROVENANCE_KEYLESS_INVALID(Check.PROVENANCE, "provenance keyless signature does not verify:"),
    PROVENANCE_SIGNATURE_MISMATCH(Check.PROVENANCE, "provenance signature does not match its payload (changed after signing?)"),
    PROVENANCE_STATEMENT_TYPE_MISMATCH(Check.PROVENANCE, "provenance is not an in-toto Statement v1 of SLSA provenance v1"),
    PROVENANCE_NOT_A_SUBJECT(Check.PROVENANCE, "file is not a subject of the provenance"),
    PROVENANCE_SUBJECT_DIGEST_MISMATCH(Check.PROVENANCE, "file does not have the SHA-256 the provenance records for it"),
    PROVENANCE_BUILDER_MISMATCH(Check.PROVENANCE, "provenance names another builder"),
    PROVENANCE_SOURCE_MISMATCH(Check.PROVENANCE, "provenance names another source repository"),
    PROVENANCE_REF_MISMATCH(Check.PROVENANCE, "provenance names another source ref"),

    SBOM_MISSING(Check.SBOM, "required SBOM (-cyclonedx.json) is missing"),
    SBOM_MALFORMED(Check.SBOM, "SBOM is not a CycloneDX JSON document"),
    SBOM_TOO_LARGE(Check.SBOM, "SBOM is too large for verify to read"),
    SBOM_NOT_VERIFIED(Check.SBOM, "SBOM does not verify"),
    SBOM_DIGEST_MISMATCH(Check.SBOM, "SBOM describes another SHA-256"),

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
    IMAGE_NATIVE_LIBRARY_MISMATCH(Check.IMAGE, "platform image does not hold the release's native library"),
    IMAGE_ATTESTATION_MISSING(Check.IMAGE, "required image attestation is missing"),
    IMAGE_ATTESTATION_UNTRUSTED(Check.IMAGE, "no image attestation verifies with a trusted Sigstore key (or its payload was changed)"),
    IMAGE_ATTESTATION_OTHER_SUBJECT(Check.IMAGE, "image attestation is about another image"),
    IMAGE_SBOM_NATIVE_LIBRARY_MISMATCH(Check.IMAGE, "image SBOM does not name the release's native library digests");

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
