package dev.forgeline.release.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The library of a platform jar is read from the jar's bytes and must have the digest its manifest records; and the
 * provenance's smoke result must name that library (checks beyond verify's, on files that each verified).
 */
class PlatformJarLibraryTest {
    private static final byte[] LIBRARY = "\u007fELF a library".getBytes(StandardCharsets.ISO_8859_1);
    private static final String LIBRARY_SHA256 = FactReader.sha256(LIBRARY);

    @Test
    void read_libraryWithTheRecordedDigest_isVerified() throws Exception {
        PlatformJarLibrary library = PlatformJarLibrary.read(jar(LIBRARY_SHA256, true), "linux-x86_64", "x.jar");
        assertTrue(library.claim().isVerified(), library.toString());
        assertEquals(LIBRARY_SHA256, library.sha256());
        assertEquals("libx.so", library.file());
        assertEquals("rustc 1.95.0", library.rustc());
    }

    @Test
    void read_libraryWithOtherBytesThanItsManifestRecords_failsWithLibraryDigestMismatch() throws Exception {
        PlatformJarLibrary library = PlatformJarLibrary.read(jar("0".repeat(64), true), "linux-x86_64", "x.jar");
        assertEquals(List.of(Claim.Finding.Reason.LIBRARY_DIGEST_MISMATCH),
                library.claim().findings().stream().map(Claim.Finding::reason).toList());
        assertNull(library.sha256(), "a digest that does not hold is not shown");
    }

    @Test
    void read_libraryWithoutManifest_fails_andAJarWithNeither_isNoPlatformJar() throws Exception {
        PlatformJarLibrary library = PlatformJarLibrary.read(jar(null, true), "linux-x86_64", "x.jar");
        assertEquals(Claim.Finding.Reason.LIBRARY_MANIFEST_MISSING, library.claim().findings().get(0).reason());
        assertNull(PlatformJarLibrary.read(jar(null, false), "linux-x86_64", "x.jar"));
    }

    @Test
    void targets_smokeResultForOtherBytes_failsWithSmokeTestedOtherLibrary() throws Exception {
        PlatformJarLibrary library = PlatformJarLibrary.read(jar(LIBRARY_SHA256, true), "linux-x86_64", "x.jar");
        var statement = new ObjectMapper().readTree("{\"predicate\":{\"buildDefinition\":{\"externalParameters\":"
                + "{\"targets\":[\"linux-x86_64\"]}},\"runDetails\":{\"byproducts\":[{\"name\":\"smoke/linux-x86_64\","
                + "\"digest\":{\"sha256\":\"" + "1".repeat(64) + "\"},\"annotations\":{\"status\":\"passed\","
                + "\"runner\":\"host\"}}]}}}");

        ReleaseFacts.Target target = FactReader.targets(statement, Claim.verified(), Map.of("linux-x86_64", library))
                .get(0);

        assertEquals(Claim.State.FAILED, target.claim().state());
        assertEquals(Claim.Finding.Reason.SMOKE_TESTED_OTHER_LIBRARY, target.claim().findings().get(0).reason());
        assertTrue(target.claim().findings().get(0).message().contains("1".repeat(64)), target.toString());
    }

    /** A platform jar: the library (when {@code withLibrary}) and its manifest recording {@code sha256} (null: none). */
    private static byte[] jar(String sha256, boolean withLibrary) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            zip.write("Manifest-Version: 1.0\n".getBytes(StandardCharsets.US_ASCII));
            if (withLibrary) {
                zip.putNextEntry(new ZipEntry("META-INF/native/linux-x86_64/libx.so"));
                zip.write(LIBRARY);
            }
            if (sha256 != null) {
                Map<String, Object> manifest = new LinkedHashMap<>();
                manifest.put("formatVersion", 1);
                manifest.put("file", "libx.so");
                manifest.put("sha256", sha256);
                manifest.put("rustc", "rustc 1.95.0");
                zip.putNextEntry(new ZipEntry("META-INF/native/linux-x86_64/x.json"));
                zip.write(new ObjectMapper().writeValueAsBytes(manifest));
            }
        }
        return bytes.toByteArray();
    }
}
