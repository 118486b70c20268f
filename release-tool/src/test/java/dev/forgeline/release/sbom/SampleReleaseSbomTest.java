package dev.forgeline.release.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.manifest.TargetId;
import dev.forgeline.release.testing.CliRun;
import dev.forgeline.release.testing.CycloneDxJs;
import dev.forgeline.release.testing.JarContents;
import dev.forgeline.release.testing.Prerequisites;
import dev.forgeline.release.testing.TestProjects;
import dev.forgeline.release.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SBOMs of a sample project's {@code build} (build, check, package, sbom): one per jar, the release's on the root
 * coordinate, each recorded in the manifest, accepted by the CycloneDX project's own validator, naming its artifact's
 * digest; the platform jar carries its library's SBOM; the Cargo packages are cargo's own view of the lock file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleReleaseSbomTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOST = "linux-x86_64";

    private Path project;
    private Path out;
    private ReleaseManifest manifest;

    @BeforeAll
    void buildTheSampleProject(@TempDir Path temp) throws Exception {
        project = TestProjects.copySampleProject(temp);
        out = temp.resolve("out");
        CliRun run = CliRun.of("build", "--config", project.resolve("release.yaml").toString(), "--target", HOST,
                "--out", out.toString());
        assertEquals(0, run.exitCode(), "build failed:\n" + run.err() + run.out());
        assertTrue(run.err().contains("sbom"), run.err());
        manifest = ManifestStore.read(out);
    }

    private List<ReleaseManifest.ArtifactRecord> sboms() {
        return manifest.artifacts().stream().filter(SbomStage::isSbom).toList();
    }

    private ReleaseManifest.ArtifactRecord artifact(String classifier, String extension) {
        return manifest.artifacts().stream()
                .filter(a -> java.util.Objects.equals(a.classifier(), classifier) && a.extension().equals(extension))
                .findFirst().orElseThrow(() -> new AssertionError("no " + classifier + "." + extension + " in " + manifest.artifacts()));
    }

    private JsonNode read(ReleaseManifest.ArtifactRecord a) throws Exception {
        return JSON.readTree(out.resolve(a.file()).toFile());
    }

    @Test
    void everyJar_hasAnSbomNextToIt_andTheReleaseOneOnTheRootCoordinate() {
        Set<String> files = new TreeSet<>();
        sboms().forEach(a -> files.add(a.file()));
        assertEquals(Set.of("artifacts/sample-native-2.3.4-cyclonedx.json",
                "artifacts/sample-native-2.3.4-linux-x86_64-cyclonedx.json",
                "artifacts/sample-native-2.3.4-release-cyclonedx.json"), files);
        assertEquals(HOST, artifact("linux-x86_64-cyclonedx", "json").target(), "a platform SBOM belongs to its target");
    }

    @Test
    void everySbom_validatesWithTheCycloneDxLibrary_includingTheOneInsideThePlatformJar() throws Exception {
        List<Path> files = new ArrayList<>();
        sboms().forEach(a -> files.add(out.resolve(a.file())));
        Path inner = out.resolveSibling("inner.cdx.json");
        Files.write(inner, JarContents.read(out.resolve(artifact(HOST, "jar").file()), "META-INF/sbom/sample_core.cdx.json"));
        files.add(inner);
        CycloneDxJs.requireValid(files);
    }

    @Test
    void eachSbom_namesItsArtifactsSha256() throws Exception {
        Map<String, String> subjects = Map.of("cyclonedx", artifact(null, "jar").sha256(),
                "linux-x86_64-cyclonedx", artifact(HOST, "jar").sha256(),
                "release-cyclonedx", artifact(null, "pom").sha256());
        for (ReleaseManifest.ArtifactRecord sbom : sboms()) {
            assertEquals(subjects.get(sbom.classifier()), sha256Of(read(sbom).path("metadata").path("component")), sbom.file());
        }
    }

    @Test
    void platformJar_carriesItsLibrarysSbom_withTheTargetAndToolchain() throws Exception {
        ReleaseManifest.TargetRecord host = manifest.target(TargetId.of(HOST));
        JsonNode inner = JSON.readTree(JarContents.read(out.resolve(artifact(HOST, "jar").file()),
                "META-INF/sbom/sample_core.cdx.json"));
        JsonNode library = inner.path("metadata").path("component");
        assertEquals(host.library().sha256(), sha256Of(library), "the inner SBOM names the library's digest");
        assertEquals("pkg:cargo/sample-core@2.3.4", library.path("purl").asText());
        assertTrue(library.toString().contains("x86_64-unknown-linux-gnu"), library.toString());
        JsonNode rustc = component(inner, "rustc");
        assertEquals(host.toolchain().rustc().split(" ")[1], rustc.path("version").asText());
        assertEquals(host.toolchain().rustcSha256(), sha256Of(rustc), "rustc's binary digest");
        assertEquals("excluded", rustc.path("scope").asText(), "a build tool is not shipped");
        component(inner, "rust-std");
        component(inner, "cargo");
        if (host.toolchain().linkedGlibc() != null) {
            JsonNode stubs = component(inner, "glibc-stubs");
            assertEquals(host.toolchain().linkedGlibc(), stubs.path("version").asText(), "the glibc floor");
        }
        Set<String> libraryDependsOn = dependsOn(inner, library.path("bom-ref").asText());
        assertTrue(libraryDependsOn.contains(rustc.path("bom-ref").asText()), "the library depends on its toolchain: " + libraryDependsOn);
    }

    @Test
    void platformSbom_cargoPackages_equalCargoMetadata() throws Exception {
        Path cargo = Prerequisites.command("cargo", "sudo apt-get install -y cargo");
        Tools.Run metadata = Tools.run(project.resolve("crate"), Map.of(), List.of(cargo.toString(), "metadata", "--locked",
                "--offline", "--format-version", "1"));
        assertEquals(0, metadata.exitCode(), metadata.output());
        String json = metadata.output().substring(metadata.output().indexOf('{'));
        Set<String> fromCargo = new TreeSet<>();
        JSON.readTree(json).path("packages").forEach(p -> fromCargo.add(p.path("name").asText() + "@" + p.path("version").asText()));
        JsonNode sbom = read(artifact("linux-x86_64-cyclonedx", "json"));
        Set<String> fromSbom = new TreeSet<>();
        sbom.path("components").forEach(c -> {
            if (c.path("purl").asText().startsWith("pkg:cargo/")) {
                fromSbom.add(c.path("name").asText() + "@" + c.path("version").asText());
            }
        });
        assertEquals(fromCargo, fromSbom, "only in cargo: " + minus(fromCargo, fromSbom) + ", only in the SBOM: "
                + minus(fromSbom, fromCargo));
    }

    @Test
    void releaseSbom_joinsRootLoaderPlatformJarLibraryAndToolchain() throws Exception {
        JsonNode release = read(artifact("release-cyclonedx", "json"));
        String root = release.path("metadata").path("component").path("bom-ref").asText();
        String loader = "pkg:maven/org.example.sample/sample-native@2.3.4";
        String platformJar = loader + "?classifier=linux-x86_64";
        assertTrue(dependsOn(release, root).contains(loader), "release -> loader");
        assertTrue(dependsOn(release, loader).contains(platformJar), "loader -> platform jar (consumer POM)");
        String library = dependsOn(release, platformJar).stream().filter(r -> r.startsWith("pkg:cargo/")).findFirst()
                .orElseThrow(() -> new AssertionError("platform jar -> library: " + dependsOn(release, platformJar)));
        assertTrue(dependsOn(release, library).stream().anyMatch(r -> r.startsWith("pkg:generic/rustc@")),
                "library -> rustc: " + dependsOn(release, library));
    }

    @Test
    void rerun_ofTheBuild_findsTheSbomsDone_andWritesNothing() throws Exception {
        String before = Files.readString(out.resolve(ReleaseManifest.FILE_NAME));
        CliRun again = CliRun.of("build", "--config", project.resolve("release.yaml").toString(), "--target", HOST,
                "--out", out.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.err().contains(String.format("%-9s done already", "sbom")), again.err());
        assertEquals(before, Files.readString(out.resolve(ReleaseManifest.FILE_NAME)));
    }

    @Test
    void changedSbom_isNotDone_andTheStageWritesTheSameBytesAgain() throws Exception {
        Path copy = out.resolveSibling("changed");
        TestProjects.copyTree(out, copy);
        ReleaseManifest.ArtifactRecord sbom = artifact("cyclonedx", "json");
        Path file = copy.resolve(sbom.file());
        String original = Files.readString(file);
        Files.writeString(file, original.replace(artifact(null, "jar").sha256(), "0".repeat(64)));
        CliRun again = CliRun.of("build", "--config", project.resolve("release.yaml").toString(), "--target", HOST,
                "--out", copy.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(!again.err().contains(String.format("%-9s done already", "sbom")), again.err());
        assertEquals(original, Files.readString(file), "the same bytes again: deterministic");
    }

    private static String sha256Of(JsonNode component) {
        for (JsonNode h : component.path("hashes")) {
            if (h.path("alg").asText().equals("SHA-256")) {
                return h.path("content").asText();
            }
        }
        return null;
    }

    private static JsonNode component(JsonNode bom, String name) {
        for (JsonNode c : bom.path("components")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no component " + name + " in " + bom.path("components"));
    }

    private static Set<String> dependsOn(JsonNode bom, String ref) {
        Set<String> to = new TreeSet<>();
        for (JsonNode d : bom.path("dependencies")) {
            if (d.path("ref").asText().equals(ref)) {
                d.path("dependsOn").forEach(t -> to.add(t.asText()));
            }
        }
        return to;
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> r = new TreeSet<>(a);
        r.removeAll(b);
        return r;
    }
}
