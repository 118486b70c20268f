package dev.forgeline.release.common;

import dev.forgeline.release.maven.PublishRequest;
import dev.forgeline.release.maven.PublishedArtifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MavenCoordinatesTest {

    @Test
    void repositoryPath_classifierJar_followsMaven2Layout() {
        MavenCoordinates c = new MavenCoordinates("dev.forgeline", "native-core", "1.2.0", "linux-aarch_64", "jar");
        assertEquals("dev/forgeline/native-core/1.2.0/native-core-1.2.0-linux-aarch_64.jar", c.repositoryPath());
        assertEquals("dev/forgeline/native-core", c.groupArtifactPath());
        assertEquals("dev.forgeline:native-core", c.groupArtifact());
    }

    @ParameterizedTest
    @ValueSource(strings = {"g:a:1.0", "g:a:1.0:linux-x86_64", "g:a:1.0@pom", "g.h:a-b:1.0-rc.1:cyclonedx@json",
            "g:a:1.0@tar.gz"})
    void parse_toString_roundTrips(String text) {
        assertEquals(text, MavenCoordinates.parse(text).toString());
    }

    @Test
    void parse_defaults() {
        MavenCoordinates c = MavenCoordinates.parse("g:a:1");
        assertEquals("jar", c.extension());
        assertNull(c.classifier());
        assertNull(MavenCoordinates.parse("g:a:1:").classifier(), "an empty classifier is no classifier");
    }

    @ParameterizedTest
    @ValueSource(strings = {"g:a", "g:a:1:c:d", "", "g::1", "g:a:1@", "g:a b:1"})
    void parse_malformed_rejectedWithExpectedForm(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MavenCoordinates.parse(text));
        assertTrue(e.getMessage().contains("Invalid Maven"), e.getMessage());
    }

    @Test
    void construct_pathTraversal_rejected() {
        assertThrows(IllegalArgumentException.class, () -> new MavenCoordinates("..", "a", "1", null, "jar"));
        assertThrows(IllegalArgumentException.class, () -> new MavenCoordinates("g", "a/b", "1", null, "jar"));
        assertThrows(IllegalArgumentException.class, () -> new MavenCoordinates("g", "a", "../1", null, "jar"));
        assertThrows(IllegalArgumentException.class, () -> new MavenCoordinates("g", "a", "1", null, ".jar"));
        assertThrows(IllegalArgumentException.class, () -> new MavenCoordinates("g", "a", "1", "x/y", "jar"));
        assertThrows(NullPointerException.class, () -> new MavenCoordinates("g", "a", null, null, "jar"));
    }

    @Test
    void publishedArtifact_relativePath_madeAbsolute() {
        PublishedArtifact artifact = new PublishedArtifact("g", "a", "1", null, "jar", Path.of("x.jar"));
        assertTrue(artifact.file().isAbsolute());
        assertEquals("g:a:1", artifact.coordinates().toString());
    }

    @Test
    void publishRequest_duplicateCoordinate_rejected() {
        PublishedArtifact a = new PublishedArtifact("g", "a", "1", null, "jar", Path.of("x.jar"));
        PublishedArtifact b = new PublishedArtifact("g", "a", "1", null, "jar", Path.of("y.jar"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PublishRequest.toDirectory(Path.of("/tmp/r"), java.util.List.of(a, b)));
        assertTrue(e.getMessage().contains("listed twice"), e.getMessage());
    }
}
