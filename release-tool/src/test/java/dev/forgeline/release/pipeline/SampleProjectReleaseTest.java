package dev.forgeline.release.pipeline;

import dev.forgeline.release.manifest.TargetId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.maven.MavenArtifactResolver;
import dev.forgeline.release.common.MavenCoordinates;
import dev.forgeline.release.maven.ResolutionRequest;
import dev.forgeline.release.maven.ResolutionResult;
import dev.forgeline.release.testing.CliRun;
import dev.forgeline.release.testing.JarContents;
import dev.forgeline.release.testing.TestProjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Releases a second, minimal project (its own crate, Maven module, groupId, version and
 * release.yaml) with the same commands: nothing about Forgeline's own repository is built in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleProjectReleaseTest {
    private Path temp;

    private Path out;
    private CliRun run;
    private ReleaseManifest manifest;

    @BeforeAll
    void releaseSampleProject(@TempDir Path dir) throws Exception {
        temp = dir;
        Path project = TestProjects.copySampleProject(temp);
        out = temp.resolve("out");
        run = CliRun.of("release", "--local", "--config", project.resolve("release.yaml").toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), "release --local failed:\n" + run.err() + run.out());
        manifest = ManifestStore.read(out);
    }

    @Test
    void manifest_recordsTheSampleCoordinatesAndEveryArtifact() {
        assertEquals("org.example.sample", manifest.project().groupId());
        assertEquals("2.3.4", manifest.project().version());
        Set<String> files = manifest.artifacts().stream().map(ReleaseManifest.ArtifactRecord::file).collect(Collectors.toSet());
        Set<String> expected = new java.util.TreeSet<>(Set.of("artifacts/sample-native-2.3.4.pom",
                "artifacts/sample-native-2.3.4.jar", "artifacts/sample-native-2.3.4-cyclonedx.json",
                "artifacts/sample-native-2.3.4-release-cyclonedx.json", "artifacts/sample-native-2.3.4.intoto.jsonl",
                "artifacts/sample-native-2.3.4.intoto.bundle.json"));
        buildableHere().forEach(t -> expected.add("artifacts/sample-native-2.3.4-" + t + ".jar"));
        buildableHere().forEach(t -> expected.add("artifacts/sample-native-2.3.4-" + t + "-cyclonedx.json"));
        assertEquals(expected, new java.util.TreeSet<>(files));
        for (ReleaseManifest.ArtifactRecord a : manifest.artifacts()) {
            assertEquals(64, a.sha256().length());
            assertTrue(a.size() > 0);
        }
    }

    @Test
    void manifest_recordsTheTargetNotBuiltAndWhy() {
        ReleaseManifest.TargetRecord mac = manifest.target(TargetId.of("osx-aarch_64"));
        assertEquals(ReleaseManifest.TargetRecord.Status.skipped, mac.status());
        assertTrue(mac.reason().contains("needs a CI runner"), mac.reason());
        ReleaseManifest.TargetRecord host = manifest.target(TargetId.of("linux-x86_64"));
        assertEquals(ReleaseManifest.TargetRecord.Status.built, host.status());
        assertTrue(host.toolchain().rustc().startsWith("rustc "), host.toolchain().rustc());
        assertTrue(host.toolchain().rustcSha256().matches("[0-9a-f]{64}"), "the rustc binary's digest: " + host.toolchain());
        assertTrue(run.out().contains("osx-aarch_64") && run.out().contains("skipped"), "summary names the skipped target");
    }

    @Test
    void smoke_ranTheGenericHarnessOnTheHostWithThePublishedBytes() {
        ReleaseManifest.Smoke smoke = manifest.target(TargetId.of("linux-x86_64")).smoke();
        assertEquals(ReleaseManifest.Smoke.SmokeStatus.passed, smoke.status(), smoke.toString());
        assertTrue(smoke.runner().startsWith("host"), smoke.runner());
        assertEquals("dev.forgeline.release.smoke.LoadCheck", smoke.harness());
        assertEquals(manifest.target(TargetId.of("linux-x86_64")).library().sha256(), smoke.testedSha256());
        assertTrue(smoke.checks().stream().anyMatch(c -> c.name().endsWith("load") && c.passed()), smoke.checks().toString());
    }

    @Test
    void classifierJar_holdsTheLibraryAndAManifestWithItsDigest() throws Exception {
        Path jar = out.resolve("artifacts/sample-native-2.3.4-linux-x86_64.jar");
        List<String> names = JarContents.names(jar);
        assertTrue(names.contains("META-INF/native/linux-x86_64/libsample_core.so"), names.toString());
        JsonNode json = new ObjectMapper().readTree(JarContents.read(jar, "META-INF/native/linux-x86_64/sample_core.json"));
        byte[] library = JarContents.read(jar, "META-INF/native/linux-x86_64/libsample_core.so");
        assertEquals(JarContents.sha256(library), json.get("sha256").asText());
        assertEquals("x86_64-unknown-linux-gnu", json.get("target").asText());
        assertEquals("2.3.4", json.get("crateVersion").asText());
        assertEquals(manifest.target(TargetId.of("linux-x86_64")).library().sha256(), json.get("sha256").asText());
    }

    @Test
    void repository_holdsEveryFileWithChecksums() throws Exception {
        Path version = out.resolve("repository/org/example/sample/sample-native/2.3.4");
        for (String name : List.of("sample-native-2.3.4.pom", "sample-native-2.3.4.jar", "sample-native-2.3.4-linux-x86_64.jar")) {
            Path file = version.resolve(name);
            assertTrue(Files.isRegularFile(file), file.toString());
            for (String ext : List.of(".md5", ".sha1", ".sha256", ".sha512")) {
                assertTrue(Files.isRegularFile(version.resolve(name + ext)), name + ext);
            }
            String recorded = Files.readString(version.resolve(name + ".sha256")).trim().split("\\s+")[0];
            assertEquals(JarContents.sha256(Files.readAllBytes(file)), recorded, name);
        }
    }

    @Test
    void release_withoutTarget_buildsEveryTargetThisMachineCanBuild_andSmokeTestsEach() {
        List<String> buildable = buildableHere();
        assertTrue(buildable.contains("linux-x86_64"), "the host is buildable: " + buildable);
        assertEquals(buildable, manifest.builtTargets().stream().map(TargetId::classifier).toList(), "release --local without --target builds what doctor says it can");
        for (String target : buildable) {
            assertEquals(ReleaseManifest.Smoke.SmokeStatus.passed, manifest.target(TargetId.of(target)).smoke().status(), target);
        }
    }

    /** What forgeline plan reports as buildable on this machine for the sample project. */
    private List<String> buildableHere() {
        ReleasePlan plan = ReleasePlan.of(new dev.forgeline.release.config.ReleaseConfigLoader()
                .load(out.getParent().resolve("sample-project").resolve("release.yaml")), System.getenv());
        return plan.targets().stream().filter(ReleasePlan.PlannedTarget::buildableHere)
                .map(ReleasePlan.PlannedTarget::classifier).sorted().toList();
    }

    @Test
    void consumer_resolvesThePlatformJarFromTheRepositoryAlone() throws Exception {
        ResolutionResult result = new MavenArtifactResolver().resolve(ResolutionRequest.fromDirectory(
                MavenCoordinates.parse("org.example.sample:sample-native:2.3.4"), out.resolve("repository"),
                temp.resolve("empty-local-repo")));
        List<String> classifiers = result.coordinates().stream().map(c -> String.valueOf(c.classifier())).toList();
        assertTrue(classifiers.contains("linux-x86_64"), "the consumer POM brings the platform jar: " + classifiers);
    }

    @Test
    void rerun_ofAFinishedRelease_isANoOp_nothingRebuiltRetestedResignedOrUploaded() throws Exception {
        Path project = out.getParent().resolve("sample-project");
        String manifestBefore = Files.readString(out.resolve(ReleaseManifest.FILE_NAME));
        Map<String, java.nio.file.attribute.FileTime> times = new java.util.TreeMap<>();
        try (var files = Files.walk(out)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                times.put(out.relativize(f).toString(), Files.getLastModifiedTime(f));
            }
        }
        CliRun again = CliRun.of("release", "--local", "--config", project.resolve("release.yaml").toString(),
                "--out", out.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("0 files written"), again.out());
        for (String stage : List.of("build", "check", "package", "sbom", "smoke", "sign", "attest")) {
            assertTrue(again.err().contains(String.format("%-9s done already", stage)), stage + " skipped:\n" + again.err());
        }
        assertFalse(again.err().contains("cargo     build"), "nothing rebuilt:\n" + again.err());
        assertEquals(manifestBefore, Files.readString(out.resolve(ReleaseManifest.FILE_NAME)));
        try (var files = Files.walk(out)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = out.relativize(f).toString();
                assertEquals(times.get(name), Files.getLastModifiedTime(f), name + " was not written again");
            }
        }
    }

    @Test
    void rerun_afterASourceChange_buildsAgain() throws Exception {
        Path project = temp.resolve("changed-project");
        TestProjects.copyTree(out.getParent().resolve("sample-project"), project);
        Path copy = temp.resolve("changed-out");
        TestProjects.copyTree(out, copy);
        dev.forgeline.release.io.FileTrees.deleteTree(copy.resolve("repository")); // the changed build is another release
        Files.writeString(project.resolve("crate/src/lib.rs"), "\n// a change\n", java.nio.file.StandardOpenOption.APPEND);
        CliRun again = CliRun.of("release", "--local", "--config", project.resolve("release.yaml").toString(),
                "--target", "linux-x86_64", "--out", copy.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertFalse(again.err().contains("build     done already"), again.err());
        assertTrue(again.err().contains("cargo     build"), again.err());
    }

    /**
     * Nothing the release publishes or hands on names a path of this machine: every file of the release directory and
     * its repository, jar entries included, is searched for the home directory, the temporary directory, the checkout
     * and the project's copy.
     */
    @Test
    void release_namesNoPathOfTheBuildMachine() throws Exception {
        Map<String, String> machinePaths = new java.util.LinkedHashMap<>();
        machinePaths.put("home", System.getProperty("user.home") + "/");
        machinePaths.put("temp", Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize() + "/");
        machinePaths.put("checkout", TestProjects.repositoryRoot().toString());
        machinePaths.put("test directory", temp.toString());
        List<String> found = new java.util.ArrayList<>();
        try (var files = Files.walk(out)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = out.relativize(f).toString();
                scan(name, Files.readAllBytes(f), machinePaths, found);
                if (name.endsWith(".jar")) {
                    for (String entry : JarContents.names(f)) {
                        scan(name + "!" + entry, JarContents.read(f, entry), machinePaths, found);
                    }
                }
            }
        }
        assertTrue(found.isEmpty(), "machine paths in the release:\n" + String.join("\n", found));
    }

    private static void scan(String name, byte[] bytes, Map<String, String> machinePaths, List<String> found) {
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        machinePaths.forEach((what, path) -> {
            int at = text.indexOf(path);
            if (at >= 0) {
                found.add(name + ": the " + what + " path, in \"" + text.substring(Math.max(0, at - 60),
                        Math.min(text.length(), at + 100)).replaceAll("[^\\x20-\\x7e]", ".") + "\"");
            }
        });
    }

    @Test
    void publish_toUnsupportedScheme_exits2AndNamesIt() {
        CliRun publish = CliRun.of("publish", "--from", out.toString(), "--repository", "ftp://127.0.0.1/repo");
        assertEquals(2, publish.exitCode(), publish.err());
        assertTrue(publish.err().contains("ftp"), publish.err());
    }

    @Test
    void publish_ofATamperedArtifact_isRefusedWithExit1() throws Exception {
        Path copy = temp.resolve("tampered");
        TestProjects.copyTree(out, copy);
        Path jar = copy.resolve("artifacts/sample-native-2.3.4.jar");
        byte[] bytes = Files.readAllBytes(jar);
        bytes[bytes.length / 2] ^= 1;
        Files.write(jar, bytes);
        Path repo = temp.resolve("tampered-repo");
        CliRun publish = CliRun.of("publish", "--from", copy.toString(), "--repository", repo.toUri().toString());
        assertEquals(1, publish.exitCode(), publish.err());
        assertTrue(publish.err().contains("changed since it was built"), publish.err());
        assertFalse(Files.exists(repo.resolve("org")), "nothing published");
    }
}
