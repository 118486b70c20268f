package dev.forgeline.release.assemble;

import dev.forgeline.release.manifest.TargetId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.testing.CliRun;
import dev.forgeline.release.testing.TestProjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Two runners' native-only builds are merged, the Maven modules packaged once, conflicts refused. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AssembleTest {
    private Path temp;
    private Path config;
    private Path runnerA;
    private Path runnerB;

    @BeforeAll
    void buildTwoRunners(@TempDir Path dir) throws Exception {
        temp = dir;
        config = TestProjects.copySampleProject(temp).resolve("release.yaml");
        runnerA = temp.resolve("dist/runner-a");
        runnerB = temp.resolve("dist/runner-b");
        for (Path out : List.of(runnerA, runnerB)) {
            CliRun run = CliRun.of("build", "--native-only", "--config", config.toString(), "--target", "linux-x86_64",
                    "--out", out.toString());
            assertEquals(0, run.exitCode(), run.err());
        }
    }

    @Test
    void build_nativeOnly_writesThePlatformJarAlone() {
        ReleaseManifest manifest = ManifestStore.read(runnerA);
        // The platform jar and its SBOM; no release SBOM without the Maven modules.
        assertEquals(List.of("artifacts/sample-native-2.3.4-linux-x86_64.jar",
                "artifacts/sample-native-2.3.4-linux-x86_64-cyclonedx.json"),
                manifest.artifacts().stream().map(ReleaseManifest.ArtifactRecord::file).toList());
    }

    @Test
    void assemble_ofABuildMadeOutsideGit_isRefusedWithoutTheOption() throws Exception {
        Path outside = temp.resolve("dist/outside-git");
        TestProjects.copyTree(runnerA, outside);
        ReleaseManifest built = ManifestStore.read(outside);
        ReleaseManifest.Source source = built.source();
        ManifestStore.write(outside, built.withSource(new ReleaseManifest.Source(null, false, source.sourceDateEpoch(),
                source.treeSha256(), true)));

        CliRun run = CliRun.of("assemble", "--config", config.toString(), "--out", temp.resolve("refused").toString(),
                outside.toString());

        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("the builds were made outside git"), run.err());
        assertTrue(run.err().contains("--outside-git"), run.err());
        assertFalse(Files.exists(temp.resolve("refused")));
    }

    @Test
    void assemble_twoRunners_mergesAndPackagesTheModulesOnce() {
        Path out = temp.resolve("assembled");
        CliRun run = CliRun.of("assemble", "--config", config.toString(), "--out", out.toString(), runnerA.toString(),
                runnerB.toString());
        assertEquals(0, run.exitCode(), run.err());
        ReleaseManifest manifest = ManifestStore.read(out);
        Set<String> files = manifest.artifacts().stream().map(ReleaseManifest.ArtifactRecord::file).collect(Collectors.toSet());
        // The runners' platform SBOM, and those of the modules packaged here and of the release (the sbom stage).
        assertEquals(Set.of("artifacts/sample-native-2.3.4-linux-x86_64.jar", "artifacts/sample-native-2.3.4.jar",
                "artifacts/sample-native-2.3.4.pom", "artifacts/sample-native-2.3.4-linux-x86_64-cyclonedx.json",
                "artifacts/sample-native-2.3.4-cyclonedx.json", "artifacts/sample-native-2.3.4-release-cyclonedx.json"), files);
        assertTrue(Files.isRegularFile(out.resolve("artifacts/sample-native-2.3.4.pom")));
    }

    /**
     * The release workflow's path: stage the assembled release, smoke-test it from the staging repository as a CI
     * runner does (results into their own directory), refuse to publish until those results are merged, then publish.
     */
    @Test
    void runnerFlow_stageSmokeElsewhereMergePublish() throws Exception {
        Path release = temp.resolve("runner-flow/release");
        CliRun assembled = CliRun.of("assemble", "--config", config.toString(), "--out", release.toString(),
                runnerA.toString());
        assertEquals(0, assembled.exitCode(), assembled.err());
        String staging = "file:" + temp.resolve("runner-flow/staging");
        CliRun stage = CliRun.of("stage", "--from", release.toString(), "--repository", staging);
        assertEquals(0, stage.exitCode(), stage.err());

        Path results = temp.resolve("runner-flow/smoke-linux-x86_64");
        String releaseManifest = Files.readString(release.resolve(ReleaseManifest.FILE_NAME));
        CliRun smoke = CliRun.of("smoke", "--config", config.toString(), "--from", release.toString(),
                "--repository", staging, "--target", "linux-x86_64", "--out", results.toString());
        assertEquals(0, smoke.exitCode(), smoke.err());
        assertEquals(releaseManifest, Files.readString(release.resolve(ReleaseManifest.FILE_NAME)), "--from is left alone");
        assertTrue(smoke.out().contains("forgeline assemble " + release + " " + results), smoke.out());

        Path repo = temp.resolve("runner-flow/repo");
        CliRun refused = CliRun.of("publish", "--from", release.toString(), "--repository", repo.toUri().toString());
        assertEquals(1, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("built targets without a passed smoke test: linux-x86_64 (not smoke-tested)"),
                refused.err());
        assertTrue(refused.err().contains("hint: smoke-test them: forgeline smoke --from " + release + " --target linux-x86_64"),
                refused.err());
        assertFalse(Files.exists(repo), "nothing published");

        Path merged = temp.resolve("runner-flow/final");
        CliRun merge = CliRun.of("assemble", "--config", config.toString(), "--out", merged.toString(), release.toString(),
                results.toString());
        assertEquals(0, merge.exitCode(), merge.err());
        ReleaseManifest manifest = ManifestStore.read(merged);
        ReleaseManifest.Smoke result = manifest.target(TargetId.of("linux-x86_64")).smoke();
        assertEquals(ReleaseManifest.Smoke.SmokeStatus.passed, result.status(), result.toString());
        assertEquals(manifest.target(TargetId.of("linux-x86_64")).library().sha256(), result.testedSha256());
        assertEquals(ManifestStore.read(release).artifacts().stream().map(ReleaseManifest.ArtifactRecord::sha256).toList(),
                manifest.artifacts().stream().map(ReleaseManifest.ArtifactRecord::sha256).toList(), "the same bytes");

        CliRun publish = CliRun.of("publish", "--from", merged.toString(), "--repository", repo.toUri().toString());
        assertEquals(0, publish.exitCode(), publish.err());
        assertTrue(Files.isRegularFile(repo.resolve("org/example/sample/sample-native/2.3.4/sample-native-2.3.4-linux-x86_64.jar")));
    }

    @Test
    void assemble_conflictingDigest_isRefusedAndWritesNothing() throws Exception {
        Path forged = temp.resolve("dist/forged");
        TestProjects.copyTree(runnerB, forged);
        Path jar = forged.resolve("artifacts/sample-native-2.3.4-linux-x86_64.jar");
        byte[] bytes = Files.readAllBytes(jar);
        bytes[bytes.length - 30] ^= 1;
        Files.write(jar, bytes);
        ReleaseManifest manifest = ManifestStore.read(forged);
        List<ReleaseManifest.ArtifactRecord> artifacts = new ArrayList<>();
        for (ReleaseManifest.ArtifactRecord a : manifest.artifacts()) {
            artifacts.add(!a.extension().equals("jar") ? a : new ReleaseManifest.ArtifactRecord(a.groupId(), a.artifactId(),
                    a.version(), a.classifier(), a.extension(), a.target(), a.file(), a.size(),
                    dev.forgeline.release.common.Checksums.sha256(jar)));
        }
        ManifestStore.write(forged, new ReleaseManifest(manifest.formatVersion(), manifest.project(), manifest.source(),
                manifest.targets(), artifacts));

        Path out = temp.resolve("refused");
        CliRun run = CliRun.of("assemble", "--config", config.toString(), "--out", out.toString(), runnerA.toString(),
                forged.toString());
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().contains("two different digests for org.example.sample:sample-native:jar:linux-x86_64:2.3.4"), run.err());
        assertFalse(Files.exists(out));
    }
}
