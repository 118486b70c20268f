package dev.forgeline.release.maven;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession.SessionBuilder;
import org.eclipse.aether.internal.impl.DefaultArtifactPredicateFactory;
import org.eclipse.aether.internal.impl.Maven2RepositoryLayoutFactory;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.RepositoryPolicy;
import org.eclipse.aether.supplier.RepositorySystemSupplier;

/**
 * The maven-resolver setup shared by publishing and resolving, kept in one place so that what the publisher
 * writes and what the resolver and the staging check expect cannot drift apart.
 */
final class ResolverSupport {

    /**
     * Checksum files written next to every published file and checked on download, strongest first (resolver
     * validates with the first one present). Config key {@code aether.checksums.checksumAlgorithms} in resolver
     * 2.x (it was {@code aether.checksums.algorithms} in 1.x).
     */
    static final String CHECKSUM_ALGORITHMS = Arrays.stream(new Checksums.Algorithm[] {
                Checksums.Algorithm.SHA512, Checksums.Algorithm.SHA256, Checksums.Algorithm.SHA1, Checksums.Algorithm.MD5
            })
            .map(Checksums.Algorithm::jcaName)
            .collect(Collectors.joining(","));

    /**
     * Files that get no checksum files: signatures, which are themselves checks of the file they sign (Maven
     * convention and resolver's default; set explicitly so the staging check knows it).
     */
    static final List<String> NO_CHECKSUMS_FOR_SUFFIXES = List.of(".asc", ".sigstore", ".sigstore.json");

    private ResolverSupport() {}

    /** A new repository system; the caller closes it (which shuts it down). */
    static RepositorySystem newRepositorySystem() {
        return new RepositorySystemSupplier().get();
    }

    /** Checksum generation and validation as this tool requires it: all four, and a mismatch fails. */
    static SessionBuilder configureChecksums(SessionBuilder builder) {
        return builder.setConfigProperty(Maven2RepositoryLayoutFactory.CONFIG_PROP_CHECKSUMS_ALGORITHMS, CHECKSUM_ALGORITHMS)
                .setConfigProperty(
                        DefaultArtifactPredicateFactory.CONFIG_PROP_OMIT_CHECKSUMS_FOR_EXTENSIONS,
                        String.join(",", NO_CHECKSUMS_FOR_SUFFIXES))
                .setChecksumPolicy(RepositoryPolicy.CHECKSUM_POLICY_FAIL);
    }

    /** A remote repository with strict checksums and no caching of "not found". */
    static RemoteRepository remoteRepository(String id, String url) {
        RepositoryPolicy policy = new RepositoryPolicy(
                true, RepositoryPolicy.UPDATE_POLICY_ALWAYS, RepositoryPolicy.CHECKSUM_POLICY_FAIL);
        return new RemoteRepository.Builder(id, "default", url)
                .setReleasePolicy(policy)
                .setSnapshotPolicy(policy)
                .build();
    }

    /** True for {@code x.sha1}, {@code x.md5}, ...: a checksum file this tool writes. */
    static boolean isChecksumFile(String fileName) {
        for (Checksums.Algorithm algorithm : Checksums.Algorithm.values()) {
            if (fileName.endsWith("." + algorithm.fileExtension())) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code fileName} must have the four checksum files next to it. */
    static boolean needsChecksums(String fileName) {
        if (isChecksumFile(fileName)) {
            return false;
        }
        String lower = fileName.toLowerCase(Locale.ROOT);
        return NO_CHECKSUMS_FOR_SUFFIXES.stream().noneMatch(lower::endsWith);
    }
}
