package dev.forgeline.release.config;

/** Where the rustc for a cross build comes from. */
public enum CrossRustcSource {
    /** Only the host's Debian rustc (e.g. /usr/bin/rustc from rustc-web), with a std of exactly its version. */
    HOST,
    /**
     * The host's rustc when Debian has a std of its version for the target; otherwise the newest
     * rustc version Debian has both for the host and (as std) for the target, unpacked into the
     * toolchains directory with its libLLVM and run from there with LD_LIBRARY_PATH. Targets of one
     * release may then be built by different rustc versions: an explicit choice.
     */
    ARCHIVE_FALLBACK
}
