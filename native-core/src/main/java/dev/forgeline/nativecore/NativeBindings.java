package dev.forgeline.nativecore;

/**
 * The JNI entry points exported by the Rust library ({@code native-core/src/jni.rs}).
 *
 * <p>This class is the contract between Java and Rust: every method here has a matching
 * {@code Java_dev_forgeline_nativecore_NativeBindings_<name>} export. Results that carry structure
 * come back as compact JSON strings so that the ABI stays small and stable; {@link NativeCore}
 * turns them into typed values. Nothing here may be called before {@link NativeLoader} has loaded
 * the library.
 */
final class NativeBindings {
    private NativeBindings() {}

    /**
     * Build information as a JSON object:
     * {@code {"crateName","crateVersion","target","rustc","profile","sourceCommit","sourceDateEpoch"}}
     * (sourceDateEpoch is a number, or null when the build had no SOURCE_DATE_EPOCH).
     */
    static native String buildInfoJson();

    /**
     * Validates a JSON-RPC 2.0 payload (a single message or a batch) strictly.
     *
     * <p>Returns a JSON object. For a payload that is not valid JSON, not UTF-8, too large, too deep,
     * or an empty batch: {@code {"ok":false,"code":-32700|-32600,"message":"...","offset":N}}.
     * Otherwise {@code {"ok":true,"batch":bool,"messages":[...]}} with one entry per message, in
     * order: {@code {"kind":"request","id":<raw JSON id>,"method":"..."}},
     * {@code {"kind":"notification","method":"..."}}, {@code {"kind":"response","id":<raw id>}},
     * or {@code {"kind":"invalid","id":<raw id or null>,"code":-32600,"message":"..."}}.
     *
     * @param maxBytes largest accepted payload, in bytes
     * @param maxDepth deepest accepted nesting of arrays and objects
     */
    static native String validateJsonRpc(byte[] payload, int maxBytes, int maxDepth);

    /**
     * Encodes one Server-Sent Event as UTF-8 bytes ({@code id:}, {@code event:}, {@code retry:} and
     * one {@code data:} line per line of data, then a blank line). Null or negative fields are left
     * out. Throws IllegalArgumentException for an id or event containing CR or LF.
     */
    static native byte[] encodeSseEvent(String id, String event, String data, int retryMillis);

    /** Creates an incremental SSE decoder; the handle must be released with {@link #sseDecoderFree}. */
    static native long sseDecoderNew();

    /**
     * Feeds bytes to a decoder and returns the events completed by them as a JSON array of
     * {@code {"id":...,"event":...,"data":"...","retry":N}} (absent fields are null).
     */
    static native String sseDecoderFeed(long handle, byte[] chunk);

    /** Releases a decoder. Safe to call once per handle; 0 is ignored. */
    static native void sseDecoderFree(long handle);
}
