package dev.forgeline.gateway.mcp;

import static dev.forgeline.gateway.TestGateway.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.gateway.TestGateway;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Size and depth limits, enforced before any JSON is interpreted. */
class BodyLimitsTest {

    @Test
    void bodyOverDefaultLimit_is413WithJsonRpcError() {
        try (TestGateway gateway = TestGateway.start()) {
            byte[] body = new byte[(1 << 20) + 1];
            Arrays.fill(body, (byte) ' ');
            byte[] init = TestGateway.initializeBody("2025-11-25").getBytes(StandardCharsets.UTF_8);
            System.arraycopy(init, 0, body, 0, init.length);

            HttpResponse<byte[]> response = gateway.post(body);

            assertEquals(413, response.statusCode());
            assertEquals(-32600, json(response).get("error").get("code").asInt());
            assertTrue(json(response).get("error").get("message").asText().contains("1048576"));
        }
    }

    @Test
    void bodyAtConfiguredLimit_isAccepted_oneMoreByteIsNot() {
        String init = TestGateway.initializeBody("2025-11-25");
        int size = init.getBytes(StandardCharsets.UTF_8).length;
        try (TestGateway gateway = TestGateway.start("--max-body-bytes", Integer.toString(size))) {
            assertEquals(200, gateway.post(init).statusCode());
            assertEquals(413, gateway.post(init + " ").statusCode());
        }
    }

    @Test
    void nestingDeeperThanLimit_isRejectedBeforeDispatch() {
        try (TestGateway gateway = TestGateway.start("--max-depth", "8")) {
            String deep = "[".repeat(20) + "]".repeat(20);
            HttpResponse<byte[]> response = gateway.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                    + deep + "}}");
            assertEquals(400, response.statusCode());
            int code = json(response).get("error").get("code").asInt();
            assertTrue(code == -32700 || code == -32600, "code " + code);
        }
    }

    @Test
    void numberBeyondJacksonsLimits_isParseErrorNotServerError() {
        try (TestGateway gateway = TestGateway.start()) {
            String huge = "1".repeat(5000);
            HttpResponse<byte[]> response = gateway.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"n\":"
                    + huge + "}}");
            assertEquals(400, response.statusCode());
            assertEquals(-32700, json(response).get("error").get("code").asInt());
        }
    }
}
