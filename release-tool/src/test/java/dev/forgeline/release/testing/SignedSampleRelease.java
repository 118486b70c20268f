package dev.forgeline.release.testing;

import dev.forgeline.release.config.ReleaseConfigLoader;
import dev.forgeline.release.pipeline.ReleaseRunner;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * A small release of the sample project's group, signed by {@code forgeline sign} with the suite's trusted keys (its
 * provenance and release index too), for tests that publish and verify it: one module, {@value #ARTIFACT_ID}, with
 * its POM, a jar and a {@code linux-x86_64} platform jar ({@link FixtureRelease}); no built targets, so the smoke gate
 * lets it through.
 */
public final class SignedSampleRelease {
    public static final String GROUP_ID = "org.example.sample"; // the sample project's: sign attests with its release.yaml
    public static final String ARTIFACT_ID = "sample-native";

    private SignedSampleRelease() {}

    /** The module unsigned: its POM (with {@code pomExtraXml} after the coordinates), a jar and a platform jar. */
    public static FixtureRelease unsigned(String version, String pomExtraXml) {
        return FixtureRelease.of(GROUP_ID, version).pom(ARTIFACT_ID, pomExtraXml).jar(ARTIFACT_ID, null, 2048, 7)
                .jar(ARTIFACT_ID, "linux-x86_64", 4096, 8);
    }

    /** The release in {@code temp/release}, signed (the sample project copied to {@code temp/project} for it). */
    public static Path create(Path temp, String version) throws Exception {
        Path dir = unsigned(version, "").writeTo(temp.resolve("release"));
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
}
