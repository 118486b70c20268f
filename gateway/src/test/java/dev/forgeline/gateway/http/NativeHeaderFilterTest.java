package dev.forgeline.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.forgeline.gateway.NativeIdentity;
import dev.forgeline.gateway.TestGateway;
import dev.forgeline.nativecore.BuildInfo;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every response names the native core, whatever the status or content type. */
class NativeHeaderFilterTest {

    @Test
    void everyKindOfResponse_carriesTheNativeCoreHeader() {
        try (TestGateway gateway = TestGateway.start()) {
            BuildInfo build = gateway.core().buildInfo();
            String expected = "forgeline-native-core/" + build.crateVersion() + " (" + build.target() + ")";
            String session = gateway.openSession("2025-11-25");
            Map<String, HttpResponse<byte[]>> responses = new LinkedHashMap<>();
            responses.put("initialize 200 json", gateway.post(TestGateway.initializeBody("2025-11-25")));
            responses.put("notification 202", gateway.legacy(session, "2025-11-25", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"));
            responses.put("tools/call 200 sse", gateway.legacy(session, "2025-11-25",
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"m\"}}}"));
            responses.put("parse error 400", gateway.legacy(session, "2025-11-25", "{"));
            responses.put("no session 404", gateway.legacy("gone", "2025-11-25", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"));
            responses.put("wrong accept 406", gateway.post("{}", "Accept", "text/html"));
            responses.put("get 405", gateway.request("GET", "/mcp"));
            responses.put("health 200", gateway.request("GET", "/health"));
            responses.put("unknown path 404", gateway.request("GET", "/nowhere"));
            responses.put("delete 204", gateway.request("DELETE", "/mcp", "Mcp-Session-Id", session));

            responses.forEach((what, response) ->
                    assertEquals(expected, response.headers().firstValue(NativeIdentity.HEADER).orElse("<missing>"), what));
        }
    }
}
