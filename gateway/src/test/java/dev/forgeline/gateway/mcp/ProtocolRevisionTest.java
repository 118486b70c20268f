package dev.forgeline.gateway.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProtocolRevisionTest {

    @Test
    void supportedVersions_newestFirst_latestIsModern() {
        assertEquals(List.of("2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26"), ProtocolRevision.supportedVersions());
        assertTrue(ProtocolRevision.LATEST.modern());
        assertFalse(ProtocolRevision.LATEST_LEGACY.modern());
    }

    @Test
    void allowsBatching_only2025_03_26() {
        for (ProtocolRevision r : ProtocolRevision.values()) {
            assertEquals(r == ProtocolRevision.V2025_03_26, r.allowsBatching(), r.version());
        }
    }

    @Test
    void negotiateLegacy_supportedLegacyVersion_isKept_othersGetNewestLegacy() {
        assertEquals(ProtocolRevision.V2025_06_18, ProtocolRevision.negotiateLegacy("2025-06-18"));
        assertEquals(ProtocolRevision.V2025_11_25, ProtocolRevision.negotiateLegacy("2026-07-28"));
        assertEquals(ProtocolRevision.V2025_11_25, ProtocolRevision.negotiateLegacy("2024-11-05"));
    }
}
