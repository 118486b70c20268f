package dev.forgeline.gateway.mcp;

import java.time.Instant;

/**
 * A legacy-era session: the revision negotiated by {@code initialize} and when it was last used.
 * Modern (2026-07-28) requests have no session.
 */
public final class Session {
    private final String id;
    private final ProtocolRevision revision;
    private final String clientName;
    private volatile Instant lastUsed;
    private volatile boolean initialized;

    Session(String id, ProtocolRevision revision, String clientName, Instant created) {
        this.id = id;
        this.revision = revision;
        this.clientName = clientName;
        this.lastUsed = created;
    }

    public String id() {
        return id;
    }

    public ProtocolRevision revision() {
        return revision;
    }

    /** The client's self-reported name from {@code initialize}, for logs only; may be null. */
    public String clientName() {
        return clientName;
    }

    /** True once {@code notifications/initialized} arrived. */
    public boolean initialized() {
        return initialized;
    }

    void markInitialized() {
        initialized = true;
    }

    Instant lastUsed() {
        return lastUsed;
    }

    void touch(Instant now) {
        lastUsed = now;
    }
}
