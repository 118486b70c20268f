package dev.forgeline.release.pipeline;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.maven.MavenPublisher;
import dev.forgeline.release.maven.PublishRequest;
import dev.forgeline.release.maven.PublishResult;
import dev.forgeline.release.maven.PublishedArtifact;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The publish stage: checks that every file the manifest lists is present with its recorded digest
 * (what is published is exactly what was built) and that every built target passed its smoke test,
 * then deploys them all to the repository. The
 * publisher moves a version into place whole or not at all. Signature files recorded by the sign stage are
 * published next to the file they sign.
 */
public final class PublishStage {
    private final Path releaseDir;
    private final URI repository;
    private final boolean requireSmoke;

    /** Publishing a release: every built target must have passed its smoke test ({@link SmokeGate}). */
    public PublishStage(Path releaseDir, URI repository) {
        this(releaseDir, repository, true);
    }

    private PublishStage(Path releaseDir, URI repository, boolean requireSmoke) {
        this.releaseDir = releaseDir;
        this.repository = repository;
        this.requireSmoke = requireSmoke;
    }

    /**
     * Deploying into a staging repository that smoke tests resolve from (on CI runners that did not build the
     * release): the smoke gate does not apply, the smoke tests come after it. Never a repository consumers use.
     */
    public static PublishStage toStaging(Path releaseDir, URI stagingRepository) {
        return new PublishStage(releaseDir, stagingRepository, false);
    }

    public PublishResult run() throws IOException {
        ReleaseManifest manifest = ManifestStore.read(releaseDir);
        ManifestStore.verifyFiles(releaseDir, manifest);
        if (requireSmoke) {
            SmokeGate.require(manifest, releaseDir, "publish");
        }
        List<PublishedArtifact> artifacts = publishedArtifacts(releaseDir, manifest);
        if (artifacts.isEmpty()) {
            throw new ForgelineException(ExitCode.USAGE, "the manifest in " + releaseDir + " lists no artifacts",
                    "run forgeline build first", null);
        }
        // PublishException is a ForgelineException with its own exit code and hint: let it through.
        return new MavenPublisher().publish(new PublishRequest(repository, artifacts));
    }

    /**
     * Every file the manifest lists, as Maven deploys it, with the digest it must still have: each
     * artifact and its signatures, which go under the same coordinates with the signature suffix on the
     * extension (jar.asc, jar.sigstore.json), the way maven-gpg-plugin and Maven Central expect them.
     * Staging for the smoke test uses the same list, so it stages exactly what is published.
     */
    public static List<PublishedArtifact> publishedArtifacts(Path releaseDir, ReleaseManifest manifest) {
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
