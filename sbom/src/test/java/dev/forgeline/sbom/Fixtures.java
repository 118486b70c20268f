package dev.forgeline.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import org.cyclonedx.Version;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.parsers.JsonParser;

/** Test fixtures under src/test/resources/dev/forgeline/sbom and small assertions shared by tests. */
final class Fixtures {

    private Fixtures() {}

    /** A directory under {@code cargo/}, e.g. {@code std-only}. */
    static Path cargo(String name) {
        return resource("cargo/" + name);
    }

    static Path resource(String name) {
        URL url = Fixtures.class.getResource(name);
        assertNotNull(url, "missing test resource " + name);
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Asserts, with cyclonedx-core-java's own parser, that {@code json} is a valid CycloneDX 1.6 document. */
    static void assertValidCycloneDx16(byte[] json) throws Exception {
        List<ParseException> problems = new JsonParser().validate(json, Version.VERSION_16);
        assertEquals(List.of(), problems.stream().map(ParseException::getMessage).toList(),
                "schema violations");
        Bom parsed = new JsonParser().parse(json);
        assertEquals("1.6", parsed.getSpecVersion());
    }

    static Component component(Bom bom, String bomRef) {
        return bom.getComponents().stream()
                .filter(c -> bomRef.equals(c.getBomRef()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no component " + bomRef + " in "
                        + bom.getComponents().stream().map(Component::getBomRef).toList()));
    }

    /** The refs a component depends on, as the Bom's dependency graph says. */
    static List<String> dependsOn(Bom bom, String ref) {
        Dependency dep = bom.getDependencies().stream()
                .filter(d -> ref.equals(d.getRef()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no dependency entry for " + ref));
        return dep.getDependencies() == null ? List.of()
                : dep.getDependencies().stream().map(Dependency::getRef).toList();
    }

    static List<String> componentRefs(Bom bom) {
        return bom.getComponents() == null ? List.of()
                : bom.getComponents().stream().map(Component::getBomRef).toList();
    }
}
