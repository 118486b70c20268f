package dev.forgeline.sbom;

import static dev.forgeline.sbom.Fixtures.cargo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forgeline.sbom.SbomException.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.metadata.ToolInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SbomWriterTest {

    /** SOURCE_DATE_EPOCH of the fixtures: 2026-01-01T00:00:00Z. */
    private static final Instant EPOCH = Instant.ofEpochSecond(1767225600L);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    // ---- determinism ---------------------------------------------------------------------

    @Test
    void render_twoIndependentRunsOverTheSameLock_giveIdenticalBytes() throws Exception {
        byte[] first = SbomWriter.create("0.1.0", EPOCH).render(CargoLockSbom.ofCrate(cargo("v4-sources")).build()).bytes();
        byte[] second = SbomWriter.create("0.1.0", EPOCH).render(CargoLockSbom.ofCrate(cargo("v4-sources")).build()).bytes();
        assertArrayEquals(first, second);
    }

    @Test
    void write_twoRunsOverTheSameMavenGraph_giveIdenticalFiles() throws Exception {
        Path a = tmp.resolve("run1/gateway-0.1.0-cyclonedx.json");
        Path b = tmp.resolve("run2/gateway-0.1.0-cyclonedx.json");
        SbomDocument first = SbomWriter.create("0.1.0", EPOCH).write(mavenBom(false), a);
        SbomDocument second = SbomWriter.create("0.1.0", EPOCH).write(mavenBom(true), b);

        assertEquals(-1L, Files.mismatch(a, b), "files differ");
        assertEquals(first, second);
        assertArrayEquals(first.bytes(), Files.readAllBytes(a));
    }

    @Test
    void render_componentsAndDependenciesGivenInAnyOrder_areWrittenSorted() throws Exception {
        SbomWriter writer = SbomWriter.create("0.1.0", EPOCH);
        Bom sorted = CargoLockSbom.ofCrate(cargo("with-deps-v3")).build();
        Bom shuffled = CargoLockSbom.ofCrate(cargo("with-deps-v3")).build();
        List<Component> components = new ArrayList<>(shuffled.getComponents());
        Collections.reverse(components);
        components.forEach(c -> {
            if (c.getHashes() != null) {
                c.addHash(new Hash(Hash.Algorithm.MD5, "0".repeat(32)));
                Collections.reverse(c.getHashes());
            }
        });
        shuffled.setComponents(components);
        List<Dependency> deps = new ArrayList<>(shuffled.getDependencies());
        Collections.reverse(deps);
        deps.forEach(d -> {
            if (d.getDependencies() != null) {
                List<Dependency> inner = new ArrayList<>(d.getDependencies());
                Collections.reverse(inner);
                d.setDependencies(inner);
            }
        });
        shuffled.setDependencies(deps);

        JsonNode doc = JSON.readTree(writer.render(shuffled).bytes());
        List<String> refs = new ArrayList<>();
        doc.get("components").forEach(c -> refs.add(c.get("bom-ref").asText()));
        assertEquals(refs.stream().sorted().toList(), refs);
        List<String> depRefs = new ArrayList<>();
        doc.get("dependencies").forEach(d -> depRefs.add(d.get("ref").asText()));
        assertEquals(depRefs.stream().sorted().toList(), depRefs);
        List<String> jniDeps = new ArrayList<>();
        doc.get("dependencies").forEach(d -> {
            if (d.get("ref").asText().equals("pkg:cargo/jni@0.21.1")) {
                d.get("dependsOn").forEach(x -> jniDeps.add(x.asText()));
            }
        });
        assertEquals(jniDeps.stream().sorted().toList(), jniDeps);
        assertEquals("MD5", doc.get("components").get(0).get("hashes").get(0).get("alg").asText(),
                "hashes sorted by algorithm");

        Bom sortedAgain = CargoLockSbom.ofCrate(cargo("with-deps-v3")).build();
        sortedAgain.getComponents().forEach(c -> c.addHash(new Hash(Hash.Algorithm.MD5, "0".repeat(32))));
        assertArrayEquals(writer.render(sortedAgain).bytes(), writer.render(shuffled).bytes());
        assertNotEquals(writer.render(sorted), writer.render(shuffled), "the MD5 hashes are content");
    }

    @Test
    void render_text_hasLfLineEndsTwoSpaceIndentAndOneFinalNewline() throws Exception {
        String text = SbomWriter.create("0.1.0", EPOCH).render(CargoLockSbom.ofCrate(cargo("std-only")).build()).text();

        assertFalse(text.contains("\r"));
        assertTrue(text.endsWith("}\n") && !text.endsWith("\n\n"));
        assertTrue(text.startsWith("{\n  \"bomFormat\": \"CycloneDX\",\n  \"specVersion\": \"1.6\",\n  \"serialNumber\": "),
                text);
    }

    @Test
    void render_stdOnlyCrate_matchesTheGoldenFile() throws Exception {
        SbomDocument doc = SbomWriter.create("0.1.0", EPOCH).render(CargoLockSbom.ofCrate(cargo("std-only")).build());
        String golden = Files.readString(Fixtures.resource("golden/std-only.cdx.json"), StandardCharsets.UTF_8);
        assertEquals(golden, doc.text());
    }

    // ---- metadata ------------------------------------------------------------------------

    @Test
    void render_timestamp_isTheInstantGivenInUtc() throws Exception {
        JsonNode doc = JSON.readTree(SbomWriter.create("0.1.0", EPOCH)
                .render(CargoLockSbom.ofCrate(cargo("std-only")).build()).bytes());
        assertEquals("2026-01-01T00:00:00Z", doc.at("/metadata/timestamp").asText());
    }

    @Test
    void render_tools_nameForgelineWithTheVersionGiven() throws Exception {
        JsonNode doc = JSON.readTree(SbomWriter.create("1.4.2", EPOCH)
                .render(CargoLockSbom.ofCrate(cargo("std-only")).build()).bytes());
        JsonNode tool = doc.at("/metadata/tools/components/0");
        assertEquals("application", tool.get("type").asText());
        assertEquals("dev.forgeline", tool.get("group").asText());
        assertEquals("Forgeline", tool.get("name").asText());
        assertEquals("1.4.2", tool.get("version").asText());
        assertEquals(1, doc.at("/metadata/tools/components").size());
    }

    @Test
    void render_toolsAlreadyInTheBom_areKeptAndAnOlderForgelineEntryReplaced() throws Exception {
        Bom bom = CargoLockSbom.ofCrate(cargo("std-only")).build();
        ToolInformation tools = new ToolInformation();
        Component cargoTool = new Component();
        cargoTool.setType(Component.Type.APPLICATION);
        cargoTool.setName("cargo");
        cargoTool.setVersion("1.95.0");
        Component oldForgeline = new Component();
        oldForgeline.setType(Component.Type.APPLICATION);
        oldForgeline.setName("Forgeline");
        oldForgeline.setVersion("0.0.1");
        tools.setComponents(new ArrayList<>(List.of(oldForgeline, cargoTool)));
        bom.getMetadata().setToolChoice(tools);

        SbomDocument rendered = SbomWriter.create("0.1.0", EPOCH).render(bom);
        JsonNode doc = JSON.readTree(rendered.bytes());
        List<String> names = new ArrayList<>();
        doc.at("/metadata/tools/components").forEach(t -> names.add(t.get("name").asText() + " " + t.get("version").asText()));
        assertEquals(List.of("cargo 1.95.0", "Forgeline 0.1.0"), names, "sorted like components: group, then name");
        Fixtures.assertValidCycloneDx16(rendered.bytes());
    }

    @Test
    void render_doesNotAddMetadataToTheBomPassedIn() throws Exception {
        Bom bom = CargoLockSbom.ofCrate(cargo("std-only")).build();
        SbomWriter.create("0.1.0", EPOCH).render(bom);

        assertNull(bom.getMetadata().getTimestamp());
        assertNull(bom.getMetadata().getToolChoice());
        assertNull(bom.getSerialNumber());
    }

    @Test
    void timestampFromSourceDateEpoch_readsWholeSecondsAndRejectsAnythingElse() {
        assertEquals(EPOCH, SbomWriter.timestampFromSourceDateEpoch("1767225600"));
        assertEquals(EPOCH, SbomWriter.timestampFromSourceDateEpoch(" 1767225600\n"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SbomWriter.timestampFromSourceDateEpoch("2026-01-01"));
        assertTrue(e.getMessage().contains("'2026-01-01'"));
        assertThrows(IllegalArgumentException.class, () -> SbomWriter.timestampFromSourceDateEpoch("-1"));
    }

    // ---- serial number -------------------------------------------------------------------

    @Test
    void render_serialNumber_isAVersion5UuidDerivedFromTheContent() throws Exception {
        SbomDocument doc = SbomWriter.create("0.1.0", EPOCH).render(CargoLockSbom.ofCrate(cargo("std-only")).build());

        assertTrue(doc.serialNumber().startsWith("urn:uuid:"));
        UUID uuid = UUID.fromString(doc.serialNumber().substring("urn:uuid:".length()));
        assertEquals(5, uuid.version());
        assertEquals(2, uuid.variant());
        JsonNode json = JSON.readTree(doc.bytes());
        assertEquals(doc.serialNumber(), json.get("serialNumber").asText());

        // Recompute: the document without its serialNumber line, hashed, named in the Forgeline namespace.
        String withoutSerial = doc.text().replace("  \"serialNumber\": \"" + doc.serialNumber() + "\",\n", "");
        String digest = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(withoutSerial.getBytes(StandardCharsets.UTF_8)));
        assertEquals(SbomWriter.nameBasedUuid(SbomWriter.SERIAL_NUMBER_NAMESPACE, "sha256:" + digest), uuid);
    }

    @Test
    void render_otherContent_givesAnotherSerialNumber() throws Exception {
        Bom bom = CargoLockSbom.ofCrate(cargo("std-only")).build();
        String a = SbomWriter.create("0.1.0", EPOCH).render(bom).serialNumber();
        String b = SbomWriter.create("0.1.0", EPOCH.plusSeconds(1)).render(bom).serialNumber();
        String c = SbomWriter.create("0.1.1", EPOCH).render(bom).serialNumber();
        assertNotEquals(a, b);
        assertNotEquals(a, c);
    }

    @Test
    void render_fixedSerialNumber_isUsedAsGiven() throws Exception {
        UUID fixed = UUID.fromString("3e671687-395b-41f5-a30f-a58921a69b79");
        SbomDocument doc = SbomWriter.create("0.1.0", EPOCH).withSerialNumber(fixed)
                .render(CargoLockSbom.ofCrate(cargo("std-only")).build());
        assertEquals("urn:uuid:" + fixed, doc.serialNumber());
        assertTrue(doc.text().contains("\"serialNumber\": \"urn:uuid:" + fixed + "\""));
    }

    @Test
    void nameBasedUuid_matchesTheRfc4122Version5Algorithm() {
        // uuid5(NAMESPACE_DNS, "python.org") as Python's uuid module computes it.
        UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        assertEquals(UUID.fromString("886313e1-3b8a-5372-9b90-0c9aee199e5d"),
                SbomWriter.nameBasedUuid(dns, "python.org"));
    }

    @Test
    void render_sha256_isTheDigestOfTheBytes() throws Exception {
        SbomDocument doc = SbomWriter.create("0.1.0", EPOCH).render(mavenBom(false));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(doc.bytes())), doc.sha256());
    }

    // ---- validation ----------------------------------------------------------------------

    @Test
    void render_bomThatBreaksTheSchema_failsWithTheViolations() throws Exception {
        Bom bom = CargoLockSbom.ofCrate(cargo("with-deps-v3")).build();
        bom.getComponents().get(0).setHashes(List.of(new Hash(Hash.Algorithm.SHA_256, "not-hex")));

        SbomException e = assertThrows(SbomException.class, () -> SbomWriter.create("0.1.0", EPOCH).render(bom));
        assertEquals(Reason.INVALID_DOCUMENT, e.reason());
        assertFalse(e.problems().isEmpty());
    }

    @Test
    void render_withoutValidation_writesEvenAnInvalidBom() throws Exception {
        Bom bom = CargoLockSbom.ofCrate(cargo("with-deps-v3")).build();
        bom.getComponents().get(0).setHashes(List.of(new Hash(Hash.Algorithm.SHA_256, "not-hex")));

        SbomDocument doc = SbomWriter.create("0.1.0", EPOCH).withoutValidation().render(bom);
        assertFalse(SbomValidator.problems(doc.bytes()).isEmpty());
    }

    // ---- helpers -------------------------------------------------------------------------

    /** A small resolved graph; {@code reversed} lists the artifacts in the opposite order. */
    private Bom mavenBom(boolean reversed) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("repo"));
        ResolvedArtifact jackson = new ResolvedArtifact("com.fasterxml.jackson.core", "jackson-core", "2.23.0",
                null, null, Files.writeString(dir.resolve("jackson-core.jar"), "jackson"), List.of());
        ResolvedArtifact core = new ResolvedArtifact("dev.forgeline", "native-core", "0.1.0", null, null,
                Files.writeString(dir.resolve("native-core.jar"), "loader"), List.of());
        ResolvedArtifact natives = new ResolvedArtifact("dev.forgeline", "native-core", "0.1.0", "linux-x86_64",
                null, Files.writeString(dir.resolve("native-core-linux.jar"), "natives"), List.of());
        ResolvedArtifact gateway = new ResolvedArtifact("dev.forgeline", "gateway", "0.1.0", null, null,
                Files.writeString(dir.resolve("gateway.jar"), "gateway"),
                List.of(core.coordinates(), natives.coordinates(), jackson.coordinates()));
        List<ResolvedArtifact> all = new ArrayList<>(List.of(jackson, core, natives));
        if (reversed) {
            Collections.reverse(all);
        }
        return MavenGraphSbom.of(gateway, all).withRootType(Component.Type.APPLICATION).build();
    }
}
