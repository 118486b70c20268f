package dev.forgeline.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peer check: every kind of document this module writes is valid for the CycloneDX project's
 * own JavaScript library (@cyclonedx/cyclonedx-library, its strict CycloneDX 1.6 JSON schema over
 * ajv), not only for cyclonedx-core-java.
 */
class CycloneDxLibraryValidationTest {

    @TempDir
    Path tmp;

    @Test
    void strictValidator_everyDocumentTheModuleWrites_isValid() throws Exception {
        Peers.requireCycloneDxLibrary();
        Map<String, Bom> boms = new LinkedHashMap<>();
        for (String fixture : List.of("std-only", "with-deps-v3", "v4-sources", "v1", "v2")) {
            boms.put("cargo-" + fixture, CargoLockSbom.ofCrate(Fixtures.cargo(fixture)).build());
        }
        Path ws = Fixtures.cargo("workspace");
        boms.put("cargo-workspace-member", CargoLockSbom.of(ws.resolve("a/Cargo.toml"), ws.resolve("Cargo.lock")).build());
        boms.put("cargo-real-cargo", CargoLockSbom.ofCrate(Fixtures.resource("real/cargo")).build());
        boms.put("maven-jackson-with-poms", jacksonGraph());
        boms.put("maven-classifiers-and-types", classifiersAndTypes());
        boms.put("image-two-platforms", ImageSbomTest.sample());

        List<String> command = new ArrayList<>(List.of("node", Peers.NODE_DIR.resolve("validate-sboms.mjs").toString()));
        SbomWriter writer = SbomWriter.create("0.1.0", Instant.ofEpochSecond(1_767_225_600L));
        for (Map.Entry<String, Bom> e : boms.entrySet()) {
            Path file = tmp.resolve(e.getKey() + ".cdx.json");
            writer.write(e.getValue(), file);
            command.add(file.toString());
        }

        Peers.Run run = Peers.run(Peers.NODE_DIR, Map.of(), command);

        assertEquals(0, run.exitCode(), run.output());
        assertEquals(boms.size(), run.output().lines().filter(l -> l.startsWith("OK ")).count(), run.output());
    }

    @Test
    void strictValidator_documentWithAPropertyTheSchemaDoesNotKnow_isRejected() throws Exception {
        Peers.requireCycloneDxLibrary();
        Path good = tmp.resolve("good.cdx.json");
        SbomWriter.create("0.1.0", Instant.EPOCH).write(CargoLockSbom.ofCrate(Fixtures.cargo("std-only")).build(), good);
        Path bad = Files.writeString(tmp.resolve("bad.cdx.json"),
                Files.readString(good).replaceFirst("\\{", "{\n  \"forgelineExtra\": true,"));

        Peers.Run run = Peers.run(Peers.NODE_DIR, Map.of(),
                List.of("node", Peers.NODE_DIR.resolve("validate-sboms.mjs").toString(), good.toString(), bad.toString()));

        assertEquals(1, run.exitCode(), run.output());
        assertTrue(run.output().contains("OK " + good), run.output());
        assertTrue(run.output().contains("FAIL " + bad) && run.output().contains("forgelineExtra"), run.output());
    }

    private static Bom jacksonGraph() throws Exception {
        Path jar = Path.of(com.fasterxml.jackson.databind.ObjectMapper.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI());
        Path versionDir = jar.getParent();
        String version = versionDir.getFileName().toString();
        Path repository = versionDir;
        for (int i = 0; i < 6; i++) {
            repository = repository.getParent();
        }
        PomDetails pom = PomDetails.read(versionDir.resolve("jackson-databind-" + version + ".pom"),
                PomDetails.ParentPoms.inRepository(repository));
        ResolvedArtifact databind = new ResolvedArtifact("com.fasterxml.jackson.core", "jackson-databind", version,
                null, null, jar, List.of()).withScope("compile", false).withPom(pom);
        ResolvedArtifact root = new ResolvedArtifact("dev.forgeline", "gateway", "0.1.0", null, null, null,
                List.of(databind.coordinates()));
        return MavenGraphSbom.of(root, List.of(databind)).withRootType(Component.Type.APPLICATION).build();
    }

    private Bom classifiersAndTypes() throws Exception {
        Path jar = Files.writeString(tmp.resolve("native.jar"), "native");
        ResolvedArtifact natives = new ResolvedArtifact("dev.forgeline", "native-core", "0.1.0", "linux-aarch_64",
                "jar", jar, List.of()).withScope("runtime", true);
        ResolvedArtifact pom = new ResolvedArtifact("org.example", "parent", "3", null, "pom", jar, List.of());
        ResolvedArtifact root = new ResolvedArtifact("dev.forgeline", "loader", "0.1.0", null, null, null,
                List.of(natives.coordinates(), pom.coordinates()));
        return MavenGraphSbom.of(root, List.of(natives, pom)).build();
    }
}
