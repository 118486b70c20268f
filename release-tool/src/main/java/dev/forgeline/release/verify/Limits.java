package dev.forgeline.release.verify;

/**
 * How much verify reads of the small files it trusts nothing about, checked on the size the file system reports
 * before a byte is read: a hostile 1 GiB "signature" is refused, never loaded into memory. Each bound is far above
 * what forgeline or any peer writes (an .asc is under 1 KiB, a keyless bundle with its certificate chain under
 * 16 KiB, a checksum file one line).
 */
final class Limits {
    static final long SIGNATURE_BYTES = 64 * 1024;
    static final long BUNDLE_BYTES = 1024 * 1024;
    static final long CHECKSUM_BYTES = 1024;
    static final long MANIFEST_BYTES = 64L * 1024 * 1024;
    static final long INDEX_BYTES = 64L * 1024 * 1024;
    /** A provenance envelope lists every published file: a few hundred bytes each. */
    static final long PROVENANCE_BYTES = 16L * 1024 * 1024;
    static final long SBOM_BYTES = 64L * 1024 * 1024;

    private Limits() {}
}
