package dev.forgeline.nativecore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forgeline.nativecore.JsonRpcValidation.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real library through JNI. Needs the host build on the class path ({@code -Pnative-from-source});
 * skipped without it, failing instead under {@code CI=true}.
 */
class NativeCoreJniTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BYTES = 64 * 1024;
    private static final int MAX_DEPTH = 32;

    private static NativeCore core;

    @BeforeEach
    void loadNativeCore() {
        // Per test rather than @BeforeAll, so that a skip is counted for every test it affects.
        core = NativeTestSupport.requireNativeCore();
    }

    // ---- the loaded library and its build info ---------------------------------------------------

    @Test
    void get_calledTwice_returnsTheSameInstance() {
        assertSame(core, NativeCore.get());
    }

    @Test
    void buildInfo_targetTriple_matchesTheHostPlatform() throws IOException {
        String target = core.buildInfo().target();
        String classifier = Platform.current().classifier();
        String os = classifier.substring(0, classifier.indexOf('-'));
        String arch = classifier.substring(classifier.indexOf('-') + 1);

        assertTrue(target.startsWith(tripleArch(arch) + "-"), () -> target + " is not built for " + classifier);
        assertTrue(target.contains(tripleOs(os)), () -> target + " is not built for " + classifier);
        assertEquals(manifest().path("target").asText(), target);
    }

    @Test
    void buildInfo_crateVersionAndToolchain_matchCargoTomlAndManifest() throws IOException {
        BuildInfo info = core.buildInfo();
        JsonNode manifest = manifest();

        assertEquals("forgeline-native-core", info.crateName());
        assertEquals(cargoPackageVersion(), info.crateVersion());
        assertEquals(manifest.path("crateVersion").asText(), info.crateVersion());
        assertEquals(manifest.path("rustc").asText(), info.rustc());
        assertEquals("release", info.profile());
        assertTrue(info.rustc().startsWith("rustc "), info.rustc());
    }

    @Test
    void library_loadedFile_isTheVerifiedExtractedCopy() throws IOException {
        LoadedLibrary lib = core.library();
        String sha = manifest().path("sha256").asText();

        assertEquals(Platform.current().classifier(), lib.classifier());
        assertEquals(sha, lib.sha256());
        assertEquals(sha, NativeCache.sha256(lib.file()));
        assertEquals(sha, lib.file().getParent().getFileName().toString());
        assertTrue(lib.source().endsWith("META-INF/native/" + lib.classifier() + "/" + lib.file().getFileName()),
                lib.source());
    }

    // ---- JSON-RPC validation -------------------------------------------------------------------

    @Test
    void validateJsonRpc_request_isClassifiedWithIdAndMethod() {
        JsonRpcValidation v = validate("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{}}");

        assertTrue(v.ok());
        assertFalse(v.batch());
        assertEquals(List.of(new JsonRpcValidation.Message(Kind.REQUEST, "1", "tools/list", 0, null)), v.messages());
    }

    @Test
    void validateJsonRpc_plainRequest_verdictIsWrittenAsTheFastReadingExpects() {
        String raw = NativeBindings.validateJsonRpc(utf8("{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"echo\"}}"), MAX_BYTES, MAX_DEPTH);

        assertEquals("{\"ok\":true,\"batch\":false,\"messages\":[{\"kind\":\"request\",\"id\":42,\"method\":\"tools/call\"}]}",
                raw, "NativeCore.singleRequest reads exactly this shape without a parser");
        assertEquals(NativeCore.verdictFromTree(raw), NativeCore.verdict(raw));
    }

    @Test
    void validateJsonRpc_stringId_isKeptAsJsonText() {
        JsonRpcValidation v = validate("{\"jsonrpc\":\"2.0\",\"id\":\"a\\\"b\",\"method\":\"ping\"}");

        assertEquals("\"a\\\"b\"", v.messages().get(0).idJson());
    }

    @Test
    void validateJsonRpc_notification_hasNoId() {
        JsonRpcValidation v = validate("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");

        assertTrue(v.ok());
        assertEquals(List.of(new JsonRpcValidation.Message(Kind.NOTIFICATION, null, "notifications/initialized", 0,
                null)), v.messages());
    }

    @Test
    void validateJsonRpc_response_isClassified() {
        JsonRpcValidation v = validate("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"tools\":[]}}");

        assertEquals(Kind.RESPONSE, v.messages().get(0).kind());
        assertEquals("7", v.messages().get(0).idJson());
    }

    @Test
    void validateJsonRpc_batchWithOneInvalidMember_keepsTheOthers() {
        JsonRpcValidation v = validate("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\"},"
                + "{\"jsonrpc\":\"1.0\",\"id\":2,\"method\":\"b\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"c\"}]");

        assertTrue(v.ok());
        assertTrue(v.batch());
        assertEquals(List.of(Kind.REQUEST, Kind.INVALID, Kind.NOTIFICATION),
                v.messages().stream().map(JsonRpcValidation.Message::kind).toList());
        JsonRpcValidation.Message invalid = v.messages().get(1);
        assertEquals(-32600, invalid.code());
        assertEquals("2", invalid.idJson());
        assertNotNull(invalid.error());
        assertTrue(invalid.error().contains("jsonrpc"), invalid.error());
    }

    @Test
    void validateJsonRpc_singleInvalidRequest_isMessageWithCode32600() {
        JsonRpcValidation v = validate("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":42}");

        assertTrue(v.ok());
        assertEquals(Kind.INVALID, v.messages().get(0).kind());
        assertEquals(-32600, v.messages().get(0).code());
        assertEquals("3", v.messages().get(0).idJson());
    }

    @Test
    void validateJsonRpc_emptyBatch_isRejectedAsInvalidRequest() {
        JsonRpcValidation v = validate("[]");

        assertFalse(v.ok());
        assertEquals(-32600, v.code());
        assertTrue(v.messages().isEmpty());
    }

    @Test
    void validateJsonRpc_malformedJson_isParseErrorWithOffset() throws IOException {
        String payload = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\" \"x\"}";
        int offset = payload.indexOf(" \"x\"") + 1;

        JsonRpcValidation v = validate(payload);
        JsonNode raw = JSON.readTree(NativeBindings.validateJsonRpc(utf8(payload), MAX_BYTES, MAX_DEPTH));

        assertFalse(v.ok());
        assertEquals(-32700, v.code());
        assertNotNull(v.message());
        assertEquals(-32700, raw.path("code").asInt());
        assertEquals(offset, raw.path("offset").asInt(), raw::toString);
    }

    @Test
    void validateJsonRpc_truncatedJson_isParseErrorAtTheEnd() throws IOException {
        String payload = "[{\"jsonrpc\":\"2.0\",";
        JsonNode raw = JSON.readTree(NativeBindings.validateJsonRpc(utf8(payload), MAX_BYTES, MAX_DEPTH));

        assertEquals(-32700, raw.path("code").asInt());
        assertEquals(payload.length(), raw.path("offset").asInt(), raw::toString);
    }

    @Test
    void validateJsonRpc_notUtf8_isParseError() {
        byte[] payload = {'{', '"', 'j', (byte) 0xff, '"', ':', '1', '}'};

        JsonRpcValidation v = core.validateJsonRpc(payload, MAX_BYTES, MAX_DEPTH);

        assertFalse(v.ok());
        assertEquals(-32700, v.code());
    }

    @Test
    void validateJsonRpc_tooDeep_isRejected() {
        String payload = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":"
                + "[".repeat(MAX_DEPTH + 5) + "]".repeat(MAX_DEPTH + 5) + "}";

        JsonRpcValidation v = validate(payload);

        assertFalse(v.ok());
        assertEquals(-32600, v.code());
        assertTrue(v.message().contains("deep") || v.message().contains("depth") || v.message().contains("nest"),
                v.message());
    }

    @Test
    void validateJsonRpc_tooLarge_isRejectedBeforeParsing() {
        String payload = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":\"" + "x".repeat(2000) + "\"}";

        JsonRpcValidation v = core.validateJsonRpc(utf8(payload), 1000, MAX_DEPTH);

        assertFalse(v.ok());
        assertEquals(-32600, v.code());
        // Exactly at the limit is still accepted.
        assertTrue(core.validateJsonRpc(utf8(payload), utf8(payload).length, MAX_DEPTH).ok());
    }

    // ---- Server-Sent Events --------------------------------------------------------------------

    @Test
    void sse_encodeThenDecode_roundTripsAllFieldsAndMultiLineData() {
        SseEvent event = new SseEvent("42", "update", "line one\nline two\n\nline four", 1500);

        byte[] encoded = core.encodeSseEvent(event);

        assertEquals("id: 42\nevent: update\nretry: 1500\ndata: line one\ndata: line two\ndata:\ndata: line four\n\n",
                new String(encoded, StandardCharsets.UTF_8));
        try (SseDecoder decoder = core.newSseDecoder()) {
            assertEquals(List.of(event), decoder.feed(encoded));
        }
    }

    @Test
    void sse_streamSplitAtEveryByte_decodesTheSameEventsIncludingNonBmpText() {
        List<SseEvent> events = List.of(
                new SseEvent("1", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"😀 𝄞 ünïcödé\"}", null),
                new SseEvent("2", "message", "multi\nline 🎉", 3000),
                new SseEvent("3", null, "", null));
        byte[] stream = concat(events.stream().map(core::encodeSseEvent).toList());

        for (int split = 0; split <= stream.length; split++) {
            try (SseDecoder decoder = core.newSseDecoder()) {
                List<SseEvent> decoded = new ArrayList<>(decoder.feed(Arrays.copyOfRange(stream, 0, split)));
                decoded.addAll(decoder.feed(Arrays.copyOfRange(stream, split, stream.length)));
                assertEquals(events, decoded, "split at byte " + split);
            }
        }
    }

    @Test
    void sse_streamFedOneByteAtATime_decodesTheSameEvents() {
        List<SseEvent> events = List.of(
                new SseEvent("a", "x", "𝒳𝒴𝒵\n\u20ac", 10),
                SseEvent.message("b", "last"));
        byte[] stream = concat(events.stream().map(core::encodeSseEvent).toList());

        List<SseEvent> decoded = new ArrayList<>();
        try (SseDecoder decoder = core.newSseDecoder()) {
            for (byte b : stream) {
                decoded.addAll(decoder.feed(new byte[] {b}));
            }
        }
        assertEquals(events, decoded);
    }

    @Test
    void sse_decode_crlfLinesCommentsAndLastEventIdPersistence() {
        byte[] stream = utf8(": keep-alive\r\nid: 9\r\ndata: a\r\ndata: b\r\n\r\ndata: next\r\n\r\n");

        try (SseDecoder decoder = core.newSseDecoder()) {
            assertEquals(List.of(SseEvent.message("9", "a\nb"), SseEvent.message("9", "next")), decoder.feed(stream));
        }
    }

    @Test
    void sse_retryBeyondInt_isClampedToMaxValue() {
        try (SseDecoder decoder = core.newSseDecoder()) {
            List<SseEvent> events = decoder.feed(utf8("retry: 99999999999\ndata: x\n\n"));
            assertEquals(Integer.MAX_VALUE, events.get(0).retryMillis());
        }
    }

    @Test
    void sse_encodeIdWithLineBreak_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> core.encodeSseEvent(SseEvent.message("a\nb", "x")));
        assertThrows(IllegalArgumentException.class, () -> core.encodeSseEvent(new SseEvent(null, "a\rb", "x", null)));
    }

    @Test
    void sse_encodeOnlyData_leavesAbsentFieldsOut() {
        assertEquals("data: x\n\n", new String(core.encodeSseEvent(SseEvent.message(null, "x")), StandardCharsets.UTF_8));
    }

    @Test
    void sseDecoder_afterClose_refusesInputAndClosesIdempotently() {
        SseDecoder decoder = core.newSseDecoder();
        decoder.close();
        decoder.close();
        assertThrows(IllegalStateException.class, () -> decoder.feed(utf8("data: x\n\n")));
    }

    @Test
    void sseDecoder_eventWithoutTerminatingBlankLine_isNotDispatched() {
        try (SseDecoder decoder = core.newSseDecoder()) {
            assertEquals(List.of(), decoder.feed(utf8("data: pending\n")));
            assertEquals(List.of(SseEvent.message(null, "pending")), decoder.feed(utf8("\n")));
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static JsonRpcValidation validate(String payload) {
        return core.validateJsonRpc(utf8(payload), MAX_BYTES, MAX_DEPTH);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }

    private static JsonNode manifest() throws IOException {
        String name = NativeLoader.manifestResource(core.library().classifier(), NativeCore.LIBRARY_NAME);
        try (InputStream in = NativeCoreJniTest.class.getClassLoader().getResourceAsStream(name)) {
            assertNotNull(in, name);
            return JSON.readTree(in);
        }
    }

    private static String cargoPackageVersion() throws IOException {
        String toml = Files.readString(Path.of(System.getProperty("basedir", ".")).resolve("Cargo.toml"));
        Matcher m = Pattern.compile("(?m)^version\\s*=\\s*\"([^\"]+)\"").matcher(toml);
        assertTrue(m.find());
        return m.group(1);
    }

    private static String tripleArch(String osMavenArch) {
        return switch (osMavenArch) {
            case "x86_64" -> "x86_64";
            case "aarch_64" -> "aarch64";
            case "ppcle_64" -> "powerpc64le";
            case "s390_64" -> "s390x";
            case "arm_32" -> "arm";
            case "x86_32" -> "i686";
            case "riscv64" -> "riscv64";
            case "loongarch_64" -> "loongarch64";
            default -> throw new AssertionError("no target triple known for " + osMavenArch);
        };
    }

    private static String tripleOs(String osMavenName) {
        return switch (osMavenName) {
            case "linux" -> "-linux-";
            case "osx" -> "-apple-darwin";
            case "windows" -> "-windows-";
            case "freebsd" -> "-freebsd";
            default -> throw new AssertionError("no target triple known for " + osMavenName);
        };
    }
}
