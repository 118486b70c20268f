package dev.forgeline.release.config;

import dev.forgeline.release.platform.GlibcVersion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class BinaryPolicyTest {
    @Test
    void defaults_allowGlibc228AndTheCoreLibraries() {
        BinaryPolicy policy = BinaryPolicy.defaults();

        assertEquals(GlibcVersion.parse("2.28"), policy.maxGlibc());
        for (String lib : new String[] {"libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1",
                "libgcc_s.so.1", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1", "ld-linux-armhf.so.3", "ld64.so.2", "ld64.so.1"}) {
            assertTrue(policy.allowsNeeded(lib), lib);
        }
        assertFalse(policy.allowsNeeded("libz.so.1"));
        assertFalse(policy.allowsNeeded("libstdc++.so.6"));
        assertFalse(policy.allowsNeeded("ld-linux.so"), "the glob must match the whole name");
    }

    @Test
    void glibcVersion_ordersNumerically() {
        assertTrue(GlibcVersion.parse("2.34").isNewerThan(GlibcVersion.parse("2.4")));
        assertTrue(GlibcVersion.parse("2.2.5").isNewerThan(GlibcVersion.parse("2.2")));
        assertEquals(Optional.of(new GlibcVersion(2, 17, 0)), GlibcVersion.fromSymbolVersion("GLIBC_2.17"));
        assertEquals(Optional.empty(), GlibcVersion.fromSymbolVersion("GLIBC_PRIVATE"));
        assertEquals(Optional.empty(), GlibcVersion.fromSymbolVersion("GCC_3.0"));
        assertThrows(IllegalArgumentException.class, () -> GlibcVersion.parse("two"));
    }
}
