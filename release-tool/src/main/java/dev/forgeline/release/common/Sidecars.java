package dev.forgeline.release.common;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The files that travel next to a published file: its signatures ({@link SignatureKind}) and its checksums
 * ({@link Checksums.Algorithm}). The one home of the rule, for the publisher, the staging check and the verifier.
 */
public final class Sidecars {
    /** {@code .asc}, {@code .sigstore.json}: a signature file's suffix. */
    public static final List<String> SIGNATURE_SUFFIXES = Arrays.stream(SignatureKind.values()).map(SignatureKind::suffix)
            .toList();

    /** {@code .sha512}, {@code .sha256}, {@code .sha1}, {@code .md5}: a checksum file's suffix. */
    public static final List<String> CHECKSUM_SUFFIXES = Arrays.stream(Checksums.Algorithm.values())
            .map(a -> "." + a.fileExtension()).toList();

    /**
     * Files that get no checksum files: signatures, which are themselves checks of the file they sign (Maven
     * convention; {@code .sigstore} is the older bundle suffix, which resolver also leaves alone).
     */
    public static final List<String> WITHOUT_CHECKSUMS = concat(SIGNATURE_SUFFIXES, List.of(".sigstore"));

    private Sidecars() {}

    /** True for {@code x.sha1}, {@code x.md5}, ...: a checksum file. */
    public static boolean isChecksumFile(String fileName) {
        return CHECKSUM_SUFFIXES.stream().anyMatch(fileName.toLowerCase(Locale.ROOT)::endsWith);
    }

    /** True for a signature or checksum file: something that vouches for another file, not an artifact. */
    public static boolean isSidecar(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return isChecksumFile(lower) || SIGNATURE_SUFFIXES.stream().anyMatch(lower::endsWith);
    }

    /** True when {@code fileName} must have the four checksum files next to it. */
    public static boolean needsChecksums(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return !isChecksumFile(lower) && WITHOUT_CHECKSUMS.stream().noneMatch(lower::endsWith);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
