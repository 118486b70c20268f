package dev.forgeline.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResolvedArtifactTest {

    @Test
    void new_nullClassifierAndType_meanNoneAndJar() {
        ResolvedArtifact a = new ResolvedArtifact("g", "a", "1", null, null, null, null);
        assertEquals("", a.classifier());
        assertEquals("jar", a.type());
        assertEquals(List.of(), a.dependsOn());
    }

    @Test
    void coordinates_useTheShortestFormMavenResolverPrints() {
        assertEquals("g:a:1", new ResolvedArtifact("g", "a", "1", "", "jar", null, null).coordinates());
        assertEquals("g:a:pom:1", new ResolvedArtifact("g", "a", "1", "", "pom", null, null).coordinates());
        assertEquals("g:a:jar:linux-x86_64:1",
                new ResolvedArtifact("g", "a", "1", "linux-x86_64", "jar", null, null).coordinates());
    }

    @Test
    void canonical_equivalentForms_areEqualAndBadShapesAreNull() {
        assertEquals("g:a:1", ResolvedArtifact.canonical("g:a:jar:1"));
        assertEquals("g:a:jar:c:1", ResolvedArtifact.canonical("g:a:jar:c:1"));
        assertNull(ResolvedArtifact.canonical("g:a"));
        assertNull(ResolvedArtifact.canonical("g::1"));
    }

    @Test
    void purl_encodesCharactersOutsideTheUnreservedSet() {
        assertEquals("pkg:maven/g/a@1.0%2Bmeta", new ResolvedArtifact("g", "a", "1.0+meta", null, null, null, null).purl());
    }

    @Test
    void new_colonInACoordinatePart_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ResolvedArtifact("g:x", "a", "1", null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new ResolvedArtifact("g", "a", "1", "c:d", null, null, null));
        assertThrows(NullPointerException.class, () -> new ResolvedArtifact("g", null, "1", null, null, null, null));
    }

    @Test
    void new_dependsOn_isCopied() {
        List<String> deps = new ArrayList<>(List.of("g:b:1"));
        ResolvedArtifact a = new ResolvedArtifact("g", "a", "1", null, null, null, deps);
        deps.add("g:c:1");
        assertEquals(List.of("g:b:1"), a.dependsOn());
    }
}
