package dev.forgeline.gateway.mcp;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Legacy sessions by id. Ids are 256 random bits from {@link SecureRandom}, base64url without
 * padding: unguessable, and only visible ASCII (0x21-0x7E) as the transport requires.
 *
 * <p>Sessions a client abandons without DELETE would pile up, so idle ones expire and the count
 * is capped; an expired or deleted id is simply unknown, which the transport answers with 404.
 */
public final class SessionRegistry {
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Duration idleTimeout;
    private final int maxSessions;

    public SessionRegistry(Clock clock, Duration idleTimeout, int maxSessions) {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idle timeout must be positive: " + idleTimeout);
        }
        if (maxSessions < 1) {
            throw new IllegalArgumentException("max sessions must be at least 1: " + maxSessions);
        }
        this.clock = clock;
        this.idleTimeout = idleTimeout;
        this.maxSessions = maxSessions;
    }

    /** Thrown by {@link #create} when the cap is reached even after expiring idle sessions. */
    public static final class SessionLimitException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SessionLimitException(int max) {
            super("too many open sessions (limit " + max + "); retry later", null, false, false);
        }
    }

    public Session create(ProtocolRevision revision, String clientName) {
        Instant now = clock.instant();
        if (sessions.size() >= maxSessions) {
            expireIdle(now);
            if (sessions.size() >= maxSessions) {
                throw new SessionLimitException(maxSessions);
            }
        }
        while (true) {
            Session session = new Session(newId(), revision, clientName, now);
            if (sessions.putIfAbsent(session.id(), session) == null) {
                return session;
            }
        }
    }

    /** The live session with this id, marked as used now; empty when unknown, deleted or expired. */
    public Optional<Session> find(String id) {
        Session session = sessions.get(id);
        if (session == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (expired(session, now)) {
            sessions.remove(id, session);
            return Optional.empty();
        }
        session.touch(now);
        return Optional.of(session);
    }

    /** Ends a session; false when there was no such live session. */
    public boolean terminate(String id) {
        return sessions.remove(id) != null;
    }

    public int size() {
        return sessions.size();
    }

    private void expireIdle(Instant now) {
        sessions.values().removeIf(s -> expired(s, now));
    }

    private boolean expired(Session session, Instant now) {
        return session.lastUsed().plus(idleTimeout).isBefore(now);
    }

    private String newId() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
