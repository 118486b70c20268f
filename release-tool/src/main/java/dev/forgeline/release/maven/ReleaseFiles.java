package dev.forgeline.release.maven;

import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.common.ReleaseIndex;
import dev.forgeline.release.common.SignatureKind;
import dev.forgeline.release.manifest.ManifestIndex;
import dev.forgeline.release.manifest.ReleaseManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What a release directory deploys: one list for publishing and for staging, so staging holds exactly what is published. */
public final class ReleaseFiles {
    private ReleaseFiles() {}

    /**
     * Every file the manifest lists, as Maven deploys it, with the digest it must still have: each
     * artifact and its signatures, which go under the same coordinates with the signature suffix on the
     * extension (jar.asc, jar.sigstore.json), the way maven-gpg-plugin and Maven Central expect them. Once the release
     * is signed, also its index of names ({@code G:forgeline-release-index:V}, the json and its POM, with their
     * signatures), when it is the index of this manifest: verify finds it there and binds every name to it. A stale
     * index (the manifest changed since signing; the sign stage writes it again) is left out.
     */
    public static List<PublishedArtifact> toDeploy(Path releaseDir, ReleaseManifest manifest) {
        List<PublishedArtifact> artifacts = new ArrayList<>();
        for (ReleaseManifest.ArtifactRecord a : manifest.artifacts()) {
            artifacts.add(new PublishedArtifact(a.groupId(), a.artifactId(), a.version(), a.classifier(), a.extension(),
                    releaseDir.resolve(a.file())).withExpectedSha256(a.sha256()));
            for (ReleaseManifest.SignatureRecord s : a.signatures()) {
                String suffix = s.file().substring(a.file().length());
                artifacts.add(new PublishedArtifact(a.groupId(), a.artifactId(), a.version(), a.classifier(),
                        a.extension() + suffix, releaseDir.resolve(s.file())).withExpectedSha256(s.sha256()));
            }
        }
        if (indexState(releaseDir, manifest) == IndexState.CURRENT) {
            String groupId = manifest.project().groupId();
            String version = manifest.project().version();
            Path index = releaseDir.resolve(ReleaseIndex.FILE_NAME);
            addSigned(artifacts, groupId, version, "json", index, sha256(index));
            Path indexPom = releaseDir.resolve(ReleaseIndex.POM_FILE_NAME);
            addSigned(artifacts, groupId, version, "pom", indexPom, sha256(indexPom));
        }
        return artifacts;
    }

    /** Whether a release directory's index of names is there, and is the one its manifest implies. */
    public enum IndexState {
        /** Not signed yet (before the sign stage, or a release signed before indexes existed). */
        ABSENT,
        /** Written for an earlier state of the manifest: the sign stage writes it again. */
        STALE,
        CURRENT
    }

    public static IndexState indexState(Path releaseDir, ReleaseManifest manifest) {
        Path index = releaseDir.resolve(ReleaseIndex.FILE_NAME);
        if (!Files.isRegularFile(index) || !Files.isRegularFile(releaseDir.resolve(ReleaseIndex.POM_FILE_NAME))) {
            return IndexState.ABSENT;
        }
        try {
            return java.util.Arrays.equals(Files.readAllBytes(index), ManifestIndex.of(manifest).toJson())
                    ? IndexState.CURRENT : IndexState.STALE;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void addSigned(List<PublishedArtifact> artifacts, String groupId, String version, String extension,
            Path file, String sha256) {
        artifacts.add(new PublishedArtifact(groupId, ReleaseIndex.ARTIFACT_ID, version, null, extension, file)
                .withExpectedSha256(sha256));
        for (SignatureKind kind : SignatureKind.values()) {
            Path signature = file.resolveSibling(kind.fileNameFor(file.getFileName().toString()));
            if (Files.isRegularFile(signature)) {
                artifacts.add(new PublishedArtifact(groupId, ReleaseIndex.ARTIFACT_ID, version, null,
                        extension + kind.suffix(), signature).withExpectedSha256(sha256(signature)));
            }
        }
    }

    private static String sha256(Path file) {
        try {
            return Checksums.sha256(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
