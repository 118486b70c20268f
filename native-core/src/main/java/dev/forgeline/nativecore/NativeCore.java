package dev.forgeline.nativecore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Rust transport core, loaded once per JVM. This is the only implementation: there is no Java
 * fallback, so {@link #get()} throws {@link NativeCoreUnavailableException} where no native build
 * fits this platform.
 */
public final class NativeCore {
    /** The Cargo library name; its files are {@code META-INF/native/<classifier>/<name>.json} and the library. */
    public static final String LIBRARY_NAME = "forgeline_native_core";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile NativeCore instance;

    private final LoadedLibrary library;
    private final BuildInfo buildInfo;

    private NativeCore(LoadedLibrary library) {
        this.library = library;
        try {
            this.buildInfo = parseBuildInfo(NativeBindings.buildInfoJson());
        } catch (UnsatisfiedLinkError e) {
            // Loaded, but without our JNI exports: a native jar from another version, or another library.
            throw new NativeCoreUnavailableException(NativeCoreUnavailableException.Reason.LINK_FAILED,
                    "The native library " + library.file() + " (from " + library.source() + ", sha256 "
                            + library.sha256() + ") loaded but does not export the JNI entry points of this "
                            + "loader: use the native-core platform jar of the same version. " + e.getMessage(), e);
        }
    }

    /** Loads the library on first use (thread-safe) and returns the shared instance. */
    public static NativeCore get() {
        NativeCore local = instance;
        if (local == null) {
            synchronized (NativeCore.class) {
                local = instance;
                if (local == null) {
                    local = new NativeCore(NativeLoader.load(LIBRARY_NAME, NativeCore.class.getClassLoader()));
                    instance = local;
                }
            }
        }
        return local;
    }

    public LoadedLibrary library() {
        return library;
    }

    public BuildInfo buildInfo() {
        return buildInfo;
    }

    public JsonRpcValidation validateJsonRpc(byte[] payload, int maxBytes, int maxDepth) {
        return verdict(NativeBindings.validateJsonRpc(payload, maxBytes, maxDepth));
    }

    /**
     * The validator's JSON verdict as a value. The verdict nearly every request gets is read without a parser
     * (this runs on every request); any other goes through {@link #verdictFromTree}, the reference.
     */
    static JsonRpcValidation verdict(String json) {
        JsonRpcValidation single = singleRequest(json);
        return single != null ? single : verdictFromTree(json);
    }

    private static final String SINGLE_REQUEST = "{\"ok\":true,\"batch\":false,\"messages\":[{\"kind\":\"request\",\"id\":";
    private static final String METHOD = ",\"method\":\"";
    private static final String END = "\"}]}";

    /**
     * The verdict nearly every request gets, read without a parser: exactly one request whose id is an int
     * written as Integer.toString writes it and whose method needs no escapes, as the validator writes them
     * ({@code jsonrpc.rs}); null for anything else (then the tree reading reads it).
     */
    private static JsonRpcValidation singleRequest(String json) {
        if (!json.startsWith(SINGLE_REQUEST) || !json.endsWith(END)) {
            return null;
        }
        int idFrom = SINGLE_REQUEST.length();
        int i = idFrom;
        if (i < json.length() && json.charAt(i) == '-') {
            i++;
        }
        int digitsFrom = i;
        while (i < json.length() && json.charAt(i) >= '0' && json.charAt(i) <= '9') {
            i++;
        }
        int digits = i - digitsFrom;
        if (digits == 0 || digits > 9 || (json.charAt(digitsFrom) == '0' && (digits > 1 || digitsFrom > idFrom))) {
            return null; // not an int as IntNode.toString() would write it (the reference's id text)
        }
        String id = json.substring(idFrom, i);
        if (!json.startsWith(METHOD, i)) {
            return null;
        }
        int methodFrom = i + METHOD.length();
        int methodTo = json.length() - END.length();
        if (methodTo < methodFrom) {
            return null;
        }
        for (int k = methodFrom; k < methodTo; k++) {
            char c = json.charAt(k);
            if (c == '"' || c == '\\' || c < 0x20) {
                return null;
            }
        }
        return new JsonRpcValidation(true, false, 0, null, List.of(new JsonRpcValidation.Message(
                JsonRpcValidation.Kind.REQUEST, id, json.substring(methodFrom, methodTo), 0, null)));
    }

    /** The verdict read through a tree: the reference for {@link #verdict}, and its reader of anything unexpected. */
    static JsonRpcValidation verdictFromTree(String json) {
        JsonNode result = readJson(json);
        if (!result.path("ok").asBoolean()) {
            return new JsonRpcValidation(false, false, result.path("code").asInt(),
                    result.path("message").asText(), List.of());
        }
        List<JsonRpcValidation.Message> messages = new ArrayList<>();
        for (JsonNode m : result.path("messages")) {
            JsonNode id = m.get("id");
            messages.add(new JsonRpcValidation.Message(
                    JsonRpcValidation.Kind.valueOf(m.path("kind").asText().toUpperCase(java.util.Locale.ROOT)),
                    id == null || id.isNull() ? null : id.toString(),
                    m.hasNonNull("method") ? m.get("method").asText() : null,
                    m.path("code").asInt(0),
                    m.hasNonNull("message") ? m.get("message").asText() : null));
        }
        return new JsonRpcValidation(true, result.path("batch").asBoolean(), 0, null, messages);
    }

    public byte[] encodeSseEvent(SseEvent event) {
        return NativeBindings.encodeSseEvent(event.id(), event.event(), event.data(),
                event.retryMillis() == null ? -1 : event.retryMillis());
    }

    /** A new incremental decoder; close it to free its native state. */
    public SseDecoder newSseDecoder() {
        return new SseDecoder(NativeBindings.sseDecoderNew());
    }

    static List<SseEvent> parseEvents(String json) {
        List<SseEvent> events = new ArrayList<>();
        for (JsonNode e : readJson(json)) {
            events.add(new SseEvent(text(e, "id"), text(e, "event"), text(e, "data"),
                    e.hasNonNull("retry") ? retryMillis(e.get("retry")) : null));
        }
        return events;
    }

    /** The decoder keeps retry as an unsigned 64-bit value; beyond an int it means "a very long time". */
    private static int retryMillis(JsonNode retry) {
        return retry.canConvertToInt() ? retry.asInt() : Integer.MAX_VALUE;
    }

    private static BuildInfo parseBuildInfo(String json) {
        JsonNode n = readJson(json);
        return new BuildInfo(text(n, "crateName"), text(n, "crateVersion"), text(n, "target"),
                text(n, "rustc"), text(n, "profile"), text(n, "sourceCommit"),
                n.hasNonNull("sourceDateEpoch") ? n.get("sourceDateEpoch").asLong() : null);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static JsonNode readJson(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("native core returned malformed JSON", e);
        }
    }
}
