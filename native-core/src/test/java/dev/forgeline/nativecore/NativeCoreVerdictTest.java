package dev.forgeline.nativecore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every reading of the validator's verdict must give what the tree reading (the reference) gives. */
class NativeCoreVerdictTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"ok\":true,\"batch\":false,\"messages\":[{\"kind\":\"request\",\"id\":1,\"method\":\"tools/call\"}]}",
        "{\"ok\":true,\"batch\":false,\"messages\":[{\"kind\":\"request\",\"id\":\"a\\\"b\\u00e9\",\"method\":\"x\"}]}",
        "{\"ok\":true,\"batch\":false,\"messages\":[{\"kind\":\"request\",\"id\":-7,\"method\":\"x\"}]}",
        "{\"ok\":true,\"batch\":false,\"messages\":[{\"kind\":\"request\",\"id\":12345678901234567890,\"method\":\"x\"}]}",
        "{\"ok\":true,\"batch\":false,\"messages\":[{\"kind\":\"request\",\"id\":1.50,\"method\":\"x\"}]}",
        "{\"ok\":true,\"batch\":false,\"messages\":[{\"kind\":\"request\",\"id\":1e3,\"method\":\"x\"}]}",
        "{\"ok\":true,\"batch\":false,\"messages\":[{\"kind\":\"invalid\",\"id\":{\"a\":[1,2]},\"code\":-32600,\"message\":\"m\"}]}",
        "{\"ok\":true,\"batch\":false,\"messages\":[{\"kind\":\"notification\",\"method\":\"notifications/initialized\"}]}",
        "{\"ok\":true,\"batch\":true,\"messages\":[{\"kind\":\"request\",\"id\":1,\"method\":\"a\"},"
            + "{\"kind\":\"invalid\",\"id\":null,\"code\":-32600,\"message\":\"no jsonrpc\"},{\"kind\":\"response\",\"id\":\"r\"}]}",
        "{\"ok\":false,\"code\":-32700,\"message\":\"expected ':' at 12\",\"offset\":12}",
        "{\"ok\":false,\"code\":-32600,\"message\":\"empty batch\"}",
        "{\"ok\":false}",
        "{\"ok\":true}",
        "{\"ok\":true,\"batch\":false,\"messages\":[],\"later\":{\"x\":[1,{\"y\":2}]}}",
        "{\"ok\":true,\"batch\":false,\"messages\":[{\"kind\":\"request\",\"id\":1,\"method\":null,\"extra\":[1]}]}",
        "{\"ok\":1,\"batch\":\"true\",\"messages\":[{\"kind\":\"request\",\"id\":1,\"method\":7,\"code\":\"3\"}]}",
        "{\"ok\":true,\"batch\":false,\"messages\":[{\"kind\":\"request\",\"id\":1,\"method\":\"a\"}]} trailing",
        "{\"ok\":true,\"messages\":[{\"kind\":\"request\",\"id\":1}],\"messages\":[{\"kind\":\"response\",\"id\":2}]}",
        "{\"ok\":false,\"code\":99999999999,\"message\":5}",
        "{\"ok\":true,\"batch\":false,\"messages\":[{\"kind\":\"request\",\"id\":0,\"method\":\"tools/call\"}]}",
        "{\"ok\":true,\"batch\":false,\"messages\":[{\"kind\":\"request\",\"id\":-0,\"method\":\"a\"}]}",
        "{\"ok\":true,\"batch\":false,\"messages\":[{\"kind\":\"request\",\"id\":-123456789,\"method\":\"a\"}]}",
        "{\"ok\":true,\"batch\":false,\"messages\":[{\"kind\":\"request\",\"id\":2147483648,\"method\":\"a\"}]}",
        "{\"ok\":true,\"batch\":false,\"messages\":[{\"kind\":\"request\",\"id\":1,\"method\":\"a\\\"b\"}]}",
        "{\"ok\":true,\"batch\":false,\"messages\":[{\"kind\":\"request\",\"id\":1,\"method\":\"a\\u0041\"}]}",
        "{\"ok\":true,\"batch\":false,\"messages\":[{\"kind\":\"request\",\"id\":1,\"method\":\"\u00e9\u4e2d\"}]}",
        "{\"ok\":true,\"batch\":false,\"messages\":[{\"kind\":\"request\",\"id\":1,\"method\":\"\"}]}",
        "{\"ok\":true,\"batch\":false,\"messages\":[{\"kind\":\"request\",\"id\":1,\"method\":\"a\"},{\"kind\":\"request\",\"id\":2,\"method\":\"b\"}]}",
        "{\"ok\":true,\"batch\":false,\"messages\":[{\"kind\":\"request\",\"id\":1 ,\"method\":\"a\"}]}",
    })
    void verdict_agreesWithTheTreeReading(String json) {
        assertEquals(NativeCore.verdictFromTree(json), NativeCore.verdict(json), json);
    }

    @Test
    void verdict_request_isReadInFull() {
        JsonRpcValidation v = NativeCore.verdict(
                "{\"ok\":true,\"batch\":false,\"messages\":[{\"kind\":\"request\",\"id\":\"x\",\"method\":\"ping\"}]}");
        assertEquals(new JsonRpcValidation(true, false, 0, null,
                List.of(new JsonRpcValidation.Message(JsonRpcValidation.Kind.REQUEST, "\"x\"", "ping", 0, null))), v);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"ok\":true,\"messages\":[{\"kind\":\"other\"}]}", "{\"ok\":true,\"messages\":[{\"id\":1}]}"})
    void verdict_unknownKind_failsAsTheTreeReadingDoes(String json) {
        assertThrows(IllegalArgumentException.class, () -> NativeCore.verdictFromTree(json));
        assertThrows(IllegalArgumentException.class, () -> NativeCore.verdict(json));
    }

    @Test
    void verdict_notJson_failsAsTheTreeReadingDoes() {
        assertThrows(java.io.UncheckedIOException.class, () -> NativeCore.verdict("{\"ok\":"));
        assertThrows(java.io.UncheckedIOException.class, () -> NativeCore.verdict(
                "{\"ok\":true,\"batch\":false,\"messages\":[{\"kind\":\"request\",\"id\":007,\"method\":\"a\"}]}"));
    }
}
