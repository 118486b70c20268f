package dev.forgeline.release.testing;

import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.config.ReleaseConfigLoader;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.manifest.ReleaseManifest.ArtifactRecord;
import dev.forgeline.release.pipeline.ReleaseRunner;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small release of the sample project's group, signed by {@code forgeline sign} with the suite's trusted keys (its
 * provenance and release index too), for tests that publish and verify it: one module, {@value #ARTIFACT_ID}, with
 * its POM, a jar and a {@code linux-x86_64} platform jar; no built targets, so the smoke gate lets it through.
 */
public final class SignedSampleRelease {
    public static final String GROUP_ID = "org.example.sample"; // the sample project's: sign attests with its release.yaml
    public static final String ARTIFACT_ID = "sample-native";

    private SignedSampleRelease() {}

    /** The release in {@code temp/release}, signed (the sample project copied to {@code temp/project} for it). */
    public static Path create(Path temp, String version) throws Exception {
        Path dir = temp.resolve("release");
        Path artifacts = Files.createDirectories(dir.resolve("artifacts"));
        String a = ARTIFACT_ID;
        Path pom = Files.writeString(artifacts.resolve(a + "-" + version + ".pom"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>%s</groupId>
                  <artifactId>%s</artifactId>
                  <version>%s</version>
                </project>
                """.formatted(GROUP_ID, a, version));
        List<ArtifactRecord> records = new ArrayList<>();
        records.add(record(pom, version, null, "pom"));
        records.add(record(Artifacts.create(artifacts, a + "-" + version + ".jar", 2048, 7), version, null, "jar"));
        records.add(record(Artifacts.create(artifacts, a + "-" + version + "-linux-x86_64.jar", 4096, 8), version,
                "linux-x86_64", "jar"));
        ManifestStore.write(dir, ReleaseManifest.of(new ReleaseManifest.Project(GROUP_ID, version),
                new ReleaseManifest.Source("0123456789abcdef0123456789abcdef01234567", false, 1_700_000_000L),
                new TreeMap<>(), records));
        var config = new ReleaseConfigLoader().load(TestProjects.copySampleProject(temp.resolve("project"))
                .resolve("release.yaml"));
        try (ReleaseRunner runner = new ReleaseRunner(Map.of(), new PrintStream(OutputStream.nullOutputStream()))) {
            runner.sign(config, dir, (env, clock) -> TestKeys.trusted());
        }
        return dir;
    }

    /** The repository path of the version's directory, {@code org/example/sample/sample-native/VERSION/}. */
    public static String versionPath(String version) {
        return GROUP_ID.replace('.', '/') + "/" + ARTIFACT_ID + "/" + version + "/";
    }

    private static ArtifactRecord record(Path file, String version, String classifier, String extension)
            throws Exception {
        return new ArtifactRecord(GROUP_ID, ARTIFACT_ID, version, classifier, extension, classifier,
                "artifacts/" + file.getFileName(), Files.size(file), Checksums.sha256(file));
    }
}
