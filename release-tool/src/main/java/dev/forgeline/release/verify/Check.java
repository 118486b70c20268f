package dev.forgeline.release.verify;

/** The checks made on each artifact, in the order a report shows them. */
public enum Check {
    /** The file is there (and, for a release, has the SHA-256 its manifest records). */
    FILE,
    /** The {@code .md5}/{@code .sha1}/{@code .sha256}/{@code .sha512} files next to it match it. */
    CHECKSUM,
    /** Its {@code .asc} is a valid signature over it by a trusted PGP key. */
    PGP,
    /** Its {@code .sigstore.json} is a valid bundle over it, signed by a trusted Sigstore key. */
    SIGSTORE,
    /** It is a subject of the release's signed provenance with its SHA-256, built as the policy expects. */
    PROVENANCE,
    /** Its SBOM (and, in a platform jar, the library's) names its SHA-256. */
    SBOM,
    /** Its name and SHA-256 are those the release's signed index ({@code release-index.json}) lists. */
    INDEX,
    /**
     * An image in a registry: its tag names the release's index, every layer has the digest its manifest names, and
     * each platform image holds the release's native library (its signature is a {@link #SIGSTORE} check).
     */
    IMAGE
}
