package dev.forgeline.release.bom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.sbom.SbomValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformLibrarySbomTest {
    @Test
    void crossBuild_listsRustcStdLinkerGlibcStubsAndDebianPackages_asExcludedComponentsTheLibraryDependsOn(
            @TempDir Path crate) throws Exception {
        Files.writeString(crate.resolve("Cargo.toml"), "[package]\nname = \"demo\"\nversion = \"1.0.0\"\n");
        Files.writeString(crate.resolve("Cargo.lock"), "version = 3\n\n[[package]]\nname = \"demo\"\nversion = \"1.0.0\"\n");
        ReleaseManifest.Toolchain toolchain = new ReleaseManifest.Toolchain("cargo 1.96.0 (x)", "rustc 1.96.0 (y)",
                "a".repeat(64), "/home/someone/.cache/forgeline/bin/aarch64-linux-gnu-gcc", "b".repeat(64),
                List.of("gcc-aarch64-linux-gnu:amd64=4:12.2.0-1", "libstd-rust-web-dev:arm64=1.96.0+dfsg1-1~deb12u1",
                        "glibc-source:all=2.36-9+deb12u14"), "2.28");
        byte[] json = Boms.render(PlatformLibrarySbom.of(new PlatformLibrarySbom.Library(crate, "linux-aarch_64",
                "aarch64-unknown-linux-gnu", "libdemo.so", "c".repeat(64), toolchain)), 0, "test");
        assertEquals(List.of(), SbomValidator.problems(json));
        String text = new String(json, java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(!text.contains("/home/"), "the linker by file name only: " + text);
        JsonNode bom = new ObjectMapper().readTree(json);
        assertEquals("c".repeat(64), bom.path("metadata").path("component").path("hashes").get(0).path("content").asText());
        Set<String> purls = new TreeSet<>();
        bom.path("components").forEach(c -> {
            purls.add(c.path("purl").asText());
            assertEquals("excluded", c.path("scope").asText(), c.toString());
        });
        assertEquals(Set.of("pkg:generic/rustc@1.96.0?checksum=sha256:" + "a".repeat(64),
                "pkg:generic/rust-std@1.96.0?target=aarch64-unknown-linux-gnu", "pkg:generic/cargo@1.96.0",
                "pkg:generic/aarch64-linux-gnu-gcc?checksum=sha256:" + "b".repeat(64),
                "pkg:generic/glibc-stubs@2.28?target=aarch64-unknown-linux-gnu",
                "pkg:deb/debian/gcc-aarch64-linux-gnu@4:12.2.0-1?arch=amd64",
                "pkg:deb/debian/libstd-rust-web-dev@1.96.0%2Bdfsg1-1~deb12u1?arch=arm64",
                "pkg:deb/debian/glibc-source@2.36-9%2Bdeb12u14?arch=all"), purls);
        String library = bom.path("metadata").path("component").path("bom-ref").asText();
        assertEquals("pkg:cargo/demo@1.0.0#aarch64-unknown-linux-gnu", library);
        Set<String> dependsOn = new TreeSet<>();
        bom.path("dependencies").forEach(d -> {
            if (d.path("ref").asText().equals(library)) {
                d.path("dependsOn").forEach(t -> dependsOn.add(t.asText()));
            }
        });
        assertEquals(purls, dependsOn, "the library depends on its whole toolchain");
    }
}
