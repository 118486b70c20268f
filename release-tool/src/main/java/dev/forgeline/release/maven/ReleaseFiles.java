package dev.forgeline.release.maven;

import dev.forgeline.release.manifest.ReleaseManifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What a release directory deploys: one list for publishing and for staging, so staging holds exactly what is published. */
public final class ReleaseFiles {
    private ReleaseFiles() {}

    /**
     * Every file the manifest lists, as Maven deploys it, with the digest it must still have: each
     * artifact and its signatures, which go under the same coordinates with the signature suffix on the
     * extension (jar.asc, jar.sigstore.json), the way maven-gpg-plugin and Maven Central expect them.
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
        return artifacts;
    }
}
