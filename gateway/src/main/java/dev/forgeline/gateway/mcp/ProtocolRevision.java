package dev.forgeline.gateway.mcp;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The MCP protocol revisions this gateway speaks, newest first.
 *
 * <p>Revisions split into two eras (see {@code basic/versioning} of 2026-07-28): <em>modern</em>
 * revisions carry version and capabilities in every request's {@code _meta} and have no session;
 * <em>legacy</em> revisions open a session with an {@code initialize} handshake. The gateway is
 * dual-era: a modern {@code MCP-Protocol-Version} header selects stateless handling, an
 * {@code initialize} request selects a legacy session.
 *
 * <p>2024-11-05 is not listed: it belongs to the deprecated HTTP+SSE transport, not Streamable HTTP.
 */
public enum ProtocolRevision {
    V2026_07_28("2026-07-28", true, false),
    V2025_11_25("2025-11-25", false, false),
    V2025_06_18("2025-06-18", false, false),
    /** The only supported revision with JSON-RPC batching; 2025-06-18 removed it. */
    V2025_03_26("2025-03-26", false, true);

    /** The current revision, answered to modern clients and advertised first. */
    public static final ProtocolRevision LATEST = V2026_07_28;
    /** What an {@code initialize} for an unknown version is answered with (the newest legacy revision). */
    public static final ProtocolRevision LATEST_LEGACY = V2025_11_25;
    /**
     * Assumed when a legacy request carries no {@code MCP-Protocol-Version} header: 2025-03-26 did
     * not define the header, and both 2025-11-25 and 2026-07-28 say to assume it then.
     */
    public static final ProtocolRevision HEADERLESS_DEFAULT = V2025_03_26;

    private final String version;
    private final boolean modern;
    private final boolean batching;

    ProtocolRevision(String version, boolean modern, boolean batching) {
        this.version = version;
        this.modern = modern;
        this.batching = batching;
    }

    /** The version string as it appears on the wire, e.g. {@code 2025-11-25}. */
    public String version() {
        return version;
    }

    /** True for per-request-metadata revisions (no {@code initialize}, no session). */
    public boolean modern() {
        return modern;
    }

    /** True where the revision allows a JSON-RPC batch (an array) as the POST body. */
    public boolean allowsBatching() {
        return batching;
    }

    public static Optional<ProtocolRevision> of(String version) {
        return Arrays.stream(values()).filter(r -> r.version.equals(version)).findFirst();
    }

    /** Every supported version string, newest first, as advertised in errors and {@code server/discover}. */
    public static List<String> supportedVersions() {
        return Arrays.stream(values()).map(ProtocolRevision::version).toList();
    }

    /** The legacy revision an {@code initialize} asking for {@code requested} settles on. */
    public static ProtocolRevision negotiateLegacy(String requested) {
        return of(requested).filter(r -> !r.modern).orElse(LATEST_LEGACY);
    }
}
