package dev.forgeline.release.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.common.MavenCoordinates;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SbomCheckTest {
    @Test
    void sbomOf_codeJarsHaveOne_documentationJarsNone() {
        assertEquals(Optional.of(MavenCoordinates.parse("g:gateway:1:cyclonedx@json")),
                SbomCheck.sbomOf(MavenCoordinates.parse("g:gateway:1")));
        assertEquals(Optional.of(MavenCoordinates.parse("g:native-core:1:linux-x86_64-cyclonedx@json")),
                SbomCheck.sbomOf(MavenCoordinates.parse("g:native-core:1:linux-x86_64")));
        assertEquals(Optional.of(MavenCoordinates.parse("g:parent:1:release-cyclonedx@json")),
                SbomCheck.sbomOf(MavenCoordinates.parse("g:parent:1@pom")));
        // What the sbom stage writes none for, --require-sbom must not ask for (Central wants these jars).
        assertTrue(SbomCheck.sbomOf(MavenCoordinates.parse("g:gateway:1:sources")).isEmpty());
        assertTrue(SbomCheck.sbomOf(MavenCoordinates.parse("g:gateway:1:javadoc")).isEmpty());
    }
}
