package dev.forgeline.release.config;

import dev.forgeline.release.platform.GlibcVersion;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a Linux library may require of the system it is loaded on: the newest glibc symbol version,
 * and the libraries it may name in {@code DT_NEEDED} (exact names or globs with {@code *}), like
 * auditwheel's manylinux policies. Immutable; {@code with...} returns a changed copy.
 */
public record BinaryPolicy(GlibcVersion maxGlibc, List<String> allowedNeeded) {
    /** glibc 2.28: RHEL 8, Debian 10, Ubuntu 18.10 (manylinux_2_28). */
    public static final GlibcVersion DEFAULT_MAX_GLIBC = new GlibcVersion(2, 28, 0);
    /**
     * glibc's own libraries, libgcc_s, and glibc's dynamic loader, which Rust std links on some
     * targets: ld-linux-*.so.* (x86-64, aarch64, armhf), ld64.so.2 (ppc64le) and ld64.so.1 (s390x).
     */
    public static final List<String> DEFAULT_ALLOWED_NEEDED = List.of(
            "libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1", "libgcc_s.so.1", "ld-linux-*.so.*", "ld64.so.*");

    public BinaryPolicy {
        Objects.requireNonNull(maxGlibc, "maxGlibc");
        allowedNeeded = List.copyOf(allowedNeeded);
    }

    public static BinaryPolicy defaults() {
        return new BinaryPolicy(DEFAULT_MAX_GLIBC, DEFAULT_ALLOWED_NEEDED);
    }

    public BinaryPolicy withMaxGlibc(String version) {
        return new BinaryPolicy(GlibcVersion.parse(version), allowedNeeded);
    }

    public BinaryPolicy withAllowedNeeded(List<String> patterns) {
        return new BinaryPolicy(maxGlibc, patterns);
    }

    public boolean allowsNeeded(String library) {
        for (String pattern : allowedNeeded) {
            if (glob(pattern).matcher(library).matches()) {
                return true;
            }
        }
        return false;
    }

    private static Pattern glob(String pattern) {
        return Pattern.compile(Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*")));
    }
}
