package dev.forgeline.release.testing;

import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.manifest.ReleaseManifest.Smoke;
import dev.forgeline.release.manifest.ReleaseManifest.TargetRecord;
import dev.forgeline.release.manifest.TargetId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A built release directory that {@code forgeline sign} accepts: a platform jar and the root POM of the sample project
 * ({@link TestProjects#copySampleProject}: {@code org.example.sample:sample-native:2.3.4}, so the attest stage finds
 * the coordinate to attach the provenance to), its target smoke-tested.
 */
public final class SignableRelease {
    private static final String LIB = "1".repeat(64);

    private SignableRelease() {}

    public static Path create(Path release) throws IOException {
        Path jar = Artifacts.create(release.resolve("artifacts"), "sample-native-2.3.4-linux-x86_64.jar", 4000, 1);
        Path pom = Files.writeString(release.resolve("artifacts/sample-native-2.3.4.pom"), "<project/>\n");
        TargetRecord target = new TargetRecord("triple", TargetRecord.Status.built, null,
                new ReleaseManifest.Toolchain("cargo", "rustc"), new ReleaseManifest.Library("lib.so", 1, LIB))
                .withSmoke(new Smoke(Smoke.SmokeStatus.passed, "host", "harness", LIB,
                        List.of(new ReleaseManifest.SmokeCheck("load", true, "detail"))));
        ManifestStore.write(release, new ReleaseManifest(1, new ReleaseManifest.Project("org.example.sample", "2.3.4"),
                new ReleaseManifest.Source("abc", false, 1700000000L), TargetId.keyed(Map.of("linux-x86_64", target)),
                List.of(new ReleaseManifest.ArtifactRecord("org.example.sample", "sample-native", "2.3.4", "linux-x86_64", "jar", "linux-x86_64",
                                "artifacts/" + jar.getFileName(), Files.size(jar), Checksums.sha256(jar)),
                        new ReleaseManifest.ArtifactRecord("org.example.sample", "sample-native", "2.3.4", null, "pom", null,
                                "artifacts/" + pom.getFileName(), Files.size(pom), Checksums.sha256(pom)))));
        return release;
    }
}
