package dev.forgeline.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Same inputs, same bytes: the SBOM of one workspace checked out in two places, built twice from
 * scratch, is byte-identical, names neither place, and takes its time from SOURCE_DATE_EPOCH.
 */
class ReproducibleSbomTest {

    private static final String SOURCE_DATE_EPOCH = "1767225600"; // 2026-01-01T00:00:00Z

    @TempDir
    Path tmp;

    @Test
    void write_oneWorkspaceInTwoCheckouts_givesIdenticalBytesWithoutEitherPath() throws Exception {
        Path first = copy(Fixtures.resource("real/cargo"), tmp.resolve("checkout-1"));
        Path second = copy(Fixtures.resource("real/cargo"), tmp.resolve("elsewhere/checkout-2"));
        Instant time = SbomWriter.timestampFromSourceDateEpoch(SOURCE_DATE_EPOCH);

        Path a = tmp.resolve("out-1/cargo.cdx.json");
        Path b = tmp.resolve("out-2/cargo.cdx.json");
        SbomDocument docA = SbomWriter.create("0.1.0", time).write(CargoLockSbom.ofCrate(first).build(), a);
        SbomDocument docB = SbomWriter.create("0.1.0", time).write(CargoLockSbom.ofCrate(second).build(), b);

        assertEquals(-1L, Files.mismatch(a, b), "the two builds differ");
        assertEquals(docA.sha256(), docB.sha256());
        String text = Files.readString(a, StandardCharsets.UTF_8);
        assertFalse(text.contains(tmp.toString()), "a machine path in the SBOM");
        assertFalse(text.contains(tmp.toString().replace("/", "%2F")), "an encoded machine path in the SBOM");
        JsonNode doc = new ObjectMapper().readTree(text);
        assertEquals("2026-01-01T00:00:00Z", doc.path("metadata").path("timestamp").asText());
        UUID serial = UUID.fromString(doc.path("serialNumber").asText().substring("urn:uuid:".length()));
        assertEquals(5, serial.version(), "name-based: derived from the content");
    }

    @Test
    void write_otherSourceDateEpoch_changesTheTimestampAndTheSerialNumber() throws Exception {
        Path crate = Fixtures.cargo("with-deps-v3");
        SbomDocument one = SbomWriter.create("0.1.0", SbomWriter.timestampFromSourceDateEpoch(SOURCE_DATE_EPOCH))
                .render(CargoLockSbom.ofCrate(crate).build());
        SbomDocument other = SbomWriter.create("0.1.0", SbomWriter.timestampFromSourceDateEpoch("1767225601"))
                .render(CargoLockSbom.ofCrate(crate).build());

        assertNotEquals(one.serialNumber(), other.serialNumber());
        assertEquals("2026-01-01T00:00:01Z", new ObjectMapper().readTree(other.bytes())
                .path("metadata").path("timestamp").asText());
    }

    private static Path copy(Path from, Path to) throws Exception {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }
}
