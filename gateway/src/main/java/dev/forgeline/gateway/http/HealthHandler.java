package dev.forgeline.gateway.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.forgeline.gateway.GatewayVersion;
import dev.forgeline.gateway.NativeIdentity;
import dev.forgeline.gateway.mcp.JsonRpc;
import dev.forgeline.gateway.mcp.ProtocolRevision;
import dev.forgeline.nativecore.BuildInfo;
import dev.forgeline.nativecore.LoadedLibrary;
import java.io.IOException;

/**
 * {@code GET /health}: the gateway is up, and exactly which native core it runs (build, digest of
 * the loaded file, where it came from), so an operator can match a running service to a release.
 */
public final class HealthHandler implements HttpHandler {
    public static final String PATH = "/health";

    private final ObjectNode body;

    public HealthHandler(GatewayVersion gateway, NativeIdentity nativeCore) {
        // Computed once: none of it changes while the process lives.
        this.body = render(gateway, nativeCore);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                HttpResponses.empty(exchange, 404);
            } else if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                HttpResponses.empty(exchange, 405);
            } else {
                exchange.getResponseHeaders().set("Cache-Control", "no-store");
                HttpResponses.json(exchange, 200, body);
            }
        } finally {
            exchange.close();
        }
    }

    static ObjectNode render(GatewayVersion gateway, NativeIdentity nativeCore) {
        ObjectNode root = JsonRpc.JSON.createObjectNode();
        root.put("status", "ok");
        ObjectNode g = root.putObject("gateway");
        g.put("name", gateway.name());
        g.put("version", gateway.version());
        ArrayNode versions = g.putArray("protocolVersions");
        ProtocolRevision.supportedVersions().forEach(versions::add);

        BuildInfo build = nativeCore.build();
        LoadedLibrary library = nativeCore.library();
        ObjectNode n = root.putObject("nativeCore");
        n.put("crateName", build.crateName());
        n.put("version", build.crateVersion());
        n.put("target", build.target());
        n.put("rustc", build.rustc());
        n.put("profile", build.profile());
        n.put("sourceCommit", build.sourceCommit());
        if (build.sourceDateEpoch() != null) {
            n.put("sourceDateEpoch", build.sourceDateEpoch());
        } else {
            n.putNull("sourceDateEpoch");
        }
        n.put("classifier", library.classifier());
        n.put("sha256", library.sha256());
        n.put("file", library.file() == null ? null : library.file().toString());
        n.put("source", library.source());
        return root;
    }
}
