package dev.forgeline.sbom;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every document this library writes passes cyclonedx-core-java's CycloneDX 1.6 schema check. */
class SchemaConformanceTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"std-only", "with-deps-v3", "v4-sources", "v1", "v2"})
    void writtenDocument_everyCargoFixture_passesTheCycloneDx16Schema(String fixture) throws Exception {
        Bom bom = CargoLockSbom.ofCrate(Fixtures.cargo(fixture)).build();
        byte[] json = SbomWriter.create("0.1.0", Instant.EPOCH).withoutValidation().render(bom).bytes();
        Fixtures.assertValidCycloneDx16(json);
    }

    @Test
    void writtenDocument_workspaceMember_passesTheCycloneDx16Schema() throws Exception {
        Path ws = Fixtures.cargo("workspace");
        Bom bom = CargoLockSbom.of(ws.resolve("a/Cargo.toml"), ws.resolve("Cargo.lock")).build();
        Fixtures.assertValidCycloneDx16(
                SbomWriter.create("0.1.0", Instant.EPOCH).withoutValidation().render(bom).bytes());
    }

    @Test
    void writtenDocument_mavenGraph_passesTheCycloneDx16Schema() throws Exception {
        Path jar = Files.writeString(tmp.resolve("a.jar"), "a");
        ResolvedArtifact dep = new ResolvedArtifact("org.example", "dep", "1.0", "linux-aarch_64", "jar", jar,
                List.of());
        ResolvedArtifact pom = new ResolvedArtifact("org.example", "parent", "3", null, "pom", jar, List.of());
        ResolvedArtifact root = new ResolvedArtifact("dev.forgeline", "gateway", "0.1.0", null, null, null,
                List.of(dep.coordinates(), pom.coordinates()));
        Bom bom = MavenGraphSbom.of(root, List.of(dep, pom)).withRootType(Component.Type.APPLICATION).build();
        Fixtures.assertValidCycloneDx16(
                SbomWriter.create("0.1.0", Instant.EPOCH).withoutValidation().render(bom).bytes());
    }
}
