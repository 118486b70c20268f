package dev.forgeline.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.cyclonedx.model.Bom;
import org.junit.jupiter.api.Test;

class ImageSbomTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String INDEX = "sha256:" + "ab".repeat(32);
    static final String AMD64_LIBRARY = "11".repeat(32);
    static final String ARM64_LIBRARY = "22".repeat(32);

    /** Two platform images sharing their jars but not their packages or native library. */
    static Bom sample() {
        ImageSbom.Jar jackson = new ImageSbom.Jar("/app/lib/jackson-core-2.18.2.jar", "com.fasterxml.jackson.core",
                "jackson-core", "2.18.2", null, "33".repeat(32));
        ImageSbom.Jar gateway = new ImageSbom.Jar("/app/gateway/gateway-0.1.0.jar", "dev.forgeline", "gateway", "0.1.0",
                null, "44".repeat(32));
        List<ImageSbom.Platform> platforms = new ArrayList<>();
        for (String[] p : new String[][] {{"linux/amd64", "amd64", "linux-x86_64", AMD64_LIBRARY},
                {"linux/arm64", "arm64", "linux-aarch_64", ARM64_LIBRARY}}) {
            ImageSbom.Jar classifier = new ImageSbom.Jar("/app/gateway/native-core-0.1.0-" + p[2] + ".jar",
                    "dev.forgeline", "native-core", "0.1.0", p[2], p[3].substring(0, 60) + "ffff");
            platforms.add(new ImageSbom.Platform(p[0], List.of(
                    new ImageSbom.Deb("openjdk-17-jre-headless", p[1], "17.0.13+11-2~deb12u1", "55".repeat(32)),
                    new ImageSbom.Deb("libc6", p[1], "2.36-9+deb12u9", "66".repeat(32))), "debian-12",
                    List.of(jackson, gateway, classifier), "libforgeline_native_core.so",
                    classifier.path() + "!/META-INF/native/" + p[2] + "/libforgeline_native_core.so", p[3]));
        }
        return ImageSbom.build("gateway", "0.1.0", INDEX, platforms);
    }

    @Test
    void build_twoPlatforms_namesEachDebByPurlWithArchTheJreTheJarsOnceAndEachNativeLibraryWithItsDigest()
            throws Exception {
        JsonNode doc = JSON.readTree(SbomWriter.create("0.1.0", Instant.EPOCH).render(sample()).bytes());

        assertEquals("container", doc.at("/metadata/component/type").asText());
        assertEquals(INDEX, doc.at("/metadata/component/bom-ref").asText());
        List<String> purls = new ArrayList<>();
        List<String> libraries = new ArrayList<>();
        String jre = null;
        for (JsonNode c : doc.get("components")) {
            if (c.has("purl")) {
                purls.add(c.get("purl").asText());
            }
            if ("file".equals(c.get("type").asText())) {
                libraries.add(c.at("/hashes/0/content").asText());
            }
            for (JsonNode p : c.path("properties")) {
                if (p.get("name").asText().equals(ImageSbom.JRE_PROPERTY)) {
                    jre = c.get("purl").asText();
                }
            }
        }
        assertTrue(purls.contains("pkg:deb/debian/libc6@2.36-9%2Bdeb12u9?arch=amd64&distro=debian-12"), purls.toString());
        assertTrue(purls.contains("pkg:deb/debian/libc6@2.36-9%2Bdeb12u9?arch=arm64&distro=debian-12"), purls.toString());
        assertEquals(1, purls.stream().filter(p -> p.startsWith("pkg:maven/dev.forgeline/gateway@")).count(),
                "a jar of both platforms is one component: " + purls);
        assertTrue(purls.contains("pkg:maven/dev.forgeline/native-core@0.1.0?classifier=linux-aarch_64"), purls.toString());
        assertTrue(jre.startsWith("pkg:deb/debian/openjdk-17-jre-headless@"), jre);
        assertEquals(List.of(AMD64_LIBRARY, ARM64_LIBRARY), libraries.stream().sorted().toList());
    }

    @Test
    void build_namesTheBasesDistributionOnceAsAnOperatingSystemOfEveryPlatform() throws Exception {
        JsonNode doc = JSON.readTree(SbomWriter.create("0.1.0", Instant.EPOCH).render(sample()).bytes());

        List<JsonNode> systems = new ArrayList<>();
        doc.get("components").forEach(c -> {
            if ("operating-system".equals(c.get("type").asText())) {
                systems.add(c);
            }
        });
        assertEquals(1, systems.size(), doc.toString());
        JsonNode os = systems.get(0);
        assertEquals("os:debian-12", os.get("bom-ref").asText());
        assertEquals("debian", os.get("name").asText());
        assertEquals("12", os.get("version").asText());
        List<String> platforms = new ArrayList<>();
        os.get("properties").forEach(p -> platforms.add(p.get("value").asText()));
        assertEquals(List.of("linux/amd64", "linux/arm64"), platforms);
    }

    @Test
    void render_sameInputs_sameBytes() throws Exception {
        SbomWriter writer = SbomWriter.create("0.1.0", Instant.EPOCH);
        assertEquals(writer.render(sample()), writer.render(sample()));
    }
}
