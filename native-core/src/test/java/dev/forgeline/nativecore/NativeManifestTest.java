package dev.forgeline.nativecore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NativeManifestTest {
    private static final String SHA = "a".repeat(64);

    @Test
    void read_releaseToolManifest_readsEveryField() throws IOException {
        NativeManifest m = read("{\"formatVersion\":1,\"library\":\"forgeline_native_core\","
                + "\"classifier\":\"linux-x86_64\",\"target\":\"x86_64-unknown-linux-gnu\","
                + "\"file\":\"libforgeline_native_core.so\",\"sha256\":\"" + SHA + "\",\"size\":123,"
                + "\"crateVersion\":\"0.1.0\",\"rustc\":\"rustc 1.95.0 (59807616e 2026-04-14)\","
                + "\"profile\":\"release\",\"sourceCommit\":\"0123456789abcdef0123456789abcdef01234567\","
                + "\"sourceDateEpoch\":1767225600,\"addedLater\":{\"x\":1}}");
        assertEquals("forgeline_native_core", m.library());
        assertEquals("linux-x86_64", m.classifier());
        assertEquals("x86_64-unknown-linux-gnu", m.target());
        assertEquals("libforgeline_native_core.so", m.file());
        assertEquals(SHA, m.sha256());
        assertEquals(123, m.size());
        assertEquals("0.1.0", m.crateVersion());
        assertEquals("release", m.profile());
        assertEquals("0123456789abcdef0123456789abcdef01234567", m.sourceCommit());
        assertEquals(1767225600L, m.sourceDateEpoch());
    }

    @Test
    void read_nullProvenance_isAbsent() throws IOException {
        NativeManifest m = read(NativePackages.manifestJson("linux-x86_64", "libx.so", SHA, 1));
        assertNull(m.sourceCommit());
        assertNull(m.sourceDateEpoch());
    }

    @Test
    void read_otherFormatVersion_isRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(
                NativePackages.manifestJson("linux-x86_64", "libx.so", SHA, 1).replace("\"formatVersion\":1", "\"formatVersion\":2")));
        assertTrue(e.getMessage().contains("formatVersion 2"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../libx.so", "dir/libx.so", "..", ".", "C:libx.so", "a\\\\b.so", ""})
    void read_fileNotAPlainName_isRefused(String file) {
        assertThrows(IllegalArgumentException.class,
                () -> read(NativePackages.manifestJson("linux-x86_64", file, SHA, 1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "A", "g"})
    void read_malformedDigest_isRefused(String digestStart) {
        String sha = (digestStart + SHA).substring(0, digestStart.equals("abc") ? 63 : 64);
        assertThrows(IllegalArgumentException.class,
                () -> read(NativePackages.manifestJson("linux-x86_64", "libx.so", sha, 1)));
    }

    @Test
    void read_missingOrNegativeSize_isRefused() {
        String json = NativePackages.manifestJson("linux-x86_64", "libx.so", SHA, 1);
        assertThrows(IllegalArgumentException.class, () -> read(json.replace("\"size\":1,", "")));
        assertThrows(IllegalArgumentException.class, () -> read(json.replace("\"size\":1", "\"size\":-1")));
        assertThrows(IllegalArgumentException.class, () -> read(json.replace("\"size\":1", "\"size\":\"1\"")));
    }

    @Test
    void read_notAnObject_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> read("[1,2]"));
    }

    private static NativeManifest read(String json) throws IOException {
        return NativeManifest.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }
}
