package dev.forgeline.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SbomValidatorTest {

    @Test
    void problems_documentWrittenBySbomWriter_isEmpty() throws Exception {
        SbomDocument doc = SbomWriter.create("0.1.0", Instant.EPOCH)
                .render(CargoLockSbom.ofCrate(Fixtures.cargo("std-only")).build());
        assertEquals(List.of(), SbomValidator.problems(doc.bytes()));
    }

    @Test
    void problems_serialNumberThatIsNotAUuidUrn_isReported() {
        byte[] json = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"serialNumber\":\"bad\",\"version\":1}"
                .getBytes(StandardCharsets.UTF_8);
        List<String> problems = SbomValidator.problems(json);
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("urn:uuid"), problems.get(0));
    }

    @Test
    void problems_textThatIsNotJson_isOneProblemSayingSo() {
        List<String> problems = SbomValidator.problems("not json".getBytes(StandardCharsets.UTF_8));
        assertFalse(problems.isEmpty());
        assertTrue(problems.get(0).startsWith("not a JSON document"), problems.get(0));
    }
}
