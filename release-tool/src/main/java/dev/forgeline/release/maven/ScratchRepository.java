package dev.forgeline.release.maven;

import dev.forgeline.release.common.Checksums;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A private file repository that holds a release's files so that maven-resolver can resolve the release on this
 * machine (the sbom stage's runtime graphs): each file in the Maven 2 layout with its four checksum files, which the
 * resolver checks. Not a publish: nobody else reads it, so it needs none of {@link MavenPublisher}'s guarantees (the
 * visibility order, read-back, metadata, a journal), and it costs a file copy instead of a deployment.
 */
public final class ScratchRepository {
    private ScratchRepository() {}

    /**
     * Writes {@code artifacts} into {@code directory} (created if missing).
     *
     * @throws IOException when a file cannot be copied, or its copy does not have the SHA-256 the artifact expects
     */
    public static void write(Path directory, List<PublishedArtifact> artifacts) throws IOException {
        for (PublishedArtifact artifact : artifacts) {
            Path target = directory.resolve(artifact.coordinates().repositoryPath());
            Files.createDirectories(target.getParent());
            Files.copy(artifact.file(), target, StandardCopyOption.REPLACE_EXISTING);
            Checksums.Digests digests = Checksums.of(target);
            if (artifact.expectedSha256() != null && !artifact.expectedSha256().equals(digests.sha256())) {
                throw new IOException(artifact.file() + " changed while it was copied for resolution: sha256 "
                        + digests.sha256() + ", the manifest records " + artifact.expectedSha256());
            }
            for (Checksums.Algorithm algorithm : Checksums.Algorithm.values()) {
                Files.writeString(algorithm.sidecarOf(target), digests.get(algorithm), StandardCharsets.US_ASCII);
            }
        }
    }
}
