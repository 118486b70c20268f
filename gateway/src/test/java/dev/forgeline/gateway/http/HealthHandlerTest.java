package dev.forgeline.gateway.http;

import static dev.forgeline.gateway.TestGateway.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgeline.gateway.GatewayVersion;
import dev.forgeline.gateway.TestGateway;
import dev.forgeline.nativecore.BuildInfo;
import dev.forgeline.nativecore.LoadedLibrary;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class HealthHandlerTest {

    @Test
    void health_reportsStatusAndTheNativeCoreActuallyLoaded() {
        try (TestGateway gateway = TestGateway.start()) {
            HttpResponse<byte[]> response = gateway.request("GET", "/health");

            assertEquals(200, response.statusCode());
            assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
            JsonNode body = json(response);
            assertEquals("ok", body.get("status").asText());
            assertEquals(GatewayVersion.current().version(), body.get("gateway").get("version").asText());
            assertEquals("2026-07-28", body.get("gateway").get("protocolVersions").get(0).asText());

            BuildInfo build = gateway.core().buildInfo();
            LoadedLibrary library = gateway.core().library();
            JsonNode n = body.get("nativeCore");
            assertEquals(build.crateVersion(), n.get("version").asText());
            assertEquals(build.target(), n.get("target").asText());
            assertEquals(build.rustc(), n.get("rustc").asText());
            assertEquals(library.classifier(), n.get("classifier").asText());
            assertEquals(library.sha256(), n.get("sha256").asText());
            assertEquals(64, n.get("sha256").asText().length());
            assertEquals(library.file().toString(), n.get("file").asText());
            assertEquals(library.source(), n.get("source").asText());
        }
    }

    @Test
    void health_otherMethods_are405() {
        try (TestGateway gateway = TestGateway.start()) {
            HttpResponse<byte[]> response = gateway.request("POST", "/health");
            assertEquals(405, response.statusCode());
            assertEquals("GET", response.headers().firstValue("Allow").orElseThrow());
        }
    }

    @Test
    void unknownPaths_are404() {
        try (TestGateway gateway = TestGateway.start()) {
            assertEquals(404, gateway.request("GET", "/").statusCode());
            assertEquals(404, gateway.request("GET", "/health/extra").statusCode());
            assertEquals(404, gateway.request("POST", "/mcp/extra").statusCode());
        }
    }
}
