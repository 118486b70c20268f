package dev.forgeline.release.common;

/**
 * The identifiers of a release's provenance that the attest stage writes and verify checks: an in-toto Statement v1
 * carrying a SLSA v1.0 provenance predicate, in a DSSE envelope of payload type {@link #PAYLOAD_TYPE}.
 */
public final class InTotoProvenance {
    public static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";
    public static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
    public static final String PREDICATE_TYPE = "https://slsa.dev/provenance/v1";
    /** The envelope's extension on the root coordinate ({@code <root>-<version>.intoto.jsonl}). */
    public static final String ENVELOPE_EXTENSION = "intoto.jsonl";
    /** The Sigstore bundle (DSSE form) of the same envelope; not {@code .sigstore.json}, the signature files' suffix. */
    public static final String BUNDLE_EXTENSION = "intoto.bundle.json";

    private InTotoProvenance() {}
}
