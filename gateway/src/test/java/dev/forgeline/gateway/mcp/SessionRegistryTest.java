package dev.forgeline.gateway.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionRegistryTest {
    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final SessionRegistry registry = new SessionRegistry(clock, Duration.ofMinutes(30), 3);

    @Test
    void create_givesUnguessableVisibleAsciiIds() {
        Set<String> ids = new HashSet<>();
        SessionRegistry big = new SessionRegistry(clock, Duration.ofMinutes(1), 1000);
        for (int i = 0; i < 200; i++) {
            String id = big.create(ProtocolRevision.V2025_11_25, null).id();
            assertEquals(43, id.length(), "256 bits, base64url without padding");
            assertTrue(id.chars().allMatch(c -> c >= 0x21 && c <= 0x7E), id);
            ids.add(id);
        }
        assertEquals(200, ids.size());
    }

    @Test
    void find_knownId_returnsSessionWithItsRevision() {
        Session session = registry.create(ProtocolRevision.V2025_03_26, "client");
        assertEquals(ProtocolRevision.V2025_03_26, registry.find(session.id()).orElseThrow().revision());
        assertEquals("client", session.clientName());
    }

    @Test
    void terminate_thenFind_isEmpty() {
        Session session = registry.create(ProtocolRevision.V2025_11_25, null);
        assertTrue(registry.terminate(session.id()));
        assertTrue(registry.find(session.id()).isEmpty());
        assertFalse(registry.terminate(session.id()));
    }

    @Test
    void find_afterIdleTimeout_isEmpty_butUseKeepsItAlive() {
        Session used = registry.create(ProtocolRevision.V2025_11_25, null);
        Session idle = registry.create(ProtocolRevision.V2025_11_25, null);
        clock.now = clock.now.plus(Duration.ofMinutes(20));
        assertTrue(registry.find(used.id()).isPresent());
        clock.now = clock.now.plus(Duration.ofMinutes(20));
        assertTrue(registry.find(used.id()).isPresent());
        assertTrue(registry.find(idle.id()).isEmpty());
    }

    @Test
    void create_atCapacity_expiresIdleSessionsFirst_thenRefuses() {
        registry.create(ProtocolRevision.V2025_11_25, null);
        registry.create(ProtocolRevision.V2025_11_25, null);
        registry.create(ProtocolRevision.V2025_11_25, null);
        assertThrows(SessionRegistry.SessionLimitException.class, () -> registry.create(ProtocolRevision.V2025_11_25, null));

        clock.now = clock.now.plus(Duration.ofHours(1));
        registry.create(ProtocolRevision.V2025_11_25, null);
        assertEquals(1, registry.size());
    }
}
