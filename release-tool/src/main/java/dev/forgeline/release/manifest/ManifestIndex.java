package dev.forgeline.release.manifest;

import dev.forgeline.release.common.MavenCoordinates;
import dev.forgeline.release.common.ReleaseIndex;
import java.util.List;

/** The signed index of names ({@link ReleaseIndex}) a release's manifest implies: one rule for signing and publishing it. */
public final class ManifestIndex {
    private ManifestIndex() {}

    /** Every artifact's Maven repository path, size and SHA-256, for the manifest's group and version. */
    public static ReleaseIndex of(ReleaseManifest manifest) {
        List<ReleaseIndex.Entry> entries = manifest.artifacts().stream()
                .map(a -> new ReleaseIndex.Entry(new MavenCoordinates(a.groupId(), a.artifactId(), a.version(),
                        a.classifier(), a.extension()).repositoryPath(), a.size(), a.sha256()))
                .toList();
        return ReleaseIndex.of(manifest.project().groupId(), manifest.project().version(), entries);
    }
}
