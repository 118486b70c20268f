package dev.forgeline.release.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.forgeline.release.sigstore.Pem;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;

/**
 * A stand-in for a registry's token service (the Docker registry token authentication protocol that
 * {@code docker-registry}'s {@code auth: token} speaks, as Docker Hub's, GHCR's and Harbor's services do): {@code GET
 * /token?service=..&scope=repository:NAME:pull,push} with HTTP basic auth answers {@code {"token": JWT}}, an ES256 JWT
 * whose {@code x5c} header carries the self-signed certificate the registry trusts (made by openssl) and whose
 * {@code access} claim grants the scope asked for. No login or a wrong one: 401. Counts the tokens it issued.
 */
public final class TokenServiceStandIn implements AutoCloseable {
    public static final String SERVICE = "forgeline-test-registry";
    public static final String ISSUER = "forgeline-token-stand-in";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Path certificate;
    private final AtomicInteger issued = new AtomicInteger();

    private TokenServiceStandIn(HttpServer server, Path certificate) {
        this.server = server;
        this.certificate = certificate;
    }

    public static TokenServiceStandIn start(Path workDir, String user, String password)
            throws IOException, InterruptedException {
        Prerequisites.command("openssl", "sudo apt-get install -y openssl");
        Files.createDirectories(workDir);
        Path key = workDir.resolve("token-key.pem");
        Path cert = workDir.resolve("token-cert.pem");
        Tools.Run made = Tools.run(workDir, Map.of(), List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days",
                "2", "-subj", "/CN=" + ISSUER));
        if (made.exitCode() != 0) {
            throw new IOException("openssl req failed: " + made.output());
        }
        PrivateKey signingKey = Pem.privateKey(Files.readString(key));
        byte[] certDer = Pem.blocks(Files.readString(cert), "CERTIFICATE").get(0);
        String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        TokenServiceStandIn service = new TokenServiceStandIn(server, cert);
        server.createContext("/token", exchange -> {
            try (exchange) {
                if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    exchange.sendResponseHeaders(401, -1);
                    return;
                }
                Map<String, String> query = new HashMap<>();
                String raw = exchange.getRequestURI().getRawQuery();
                for (String pair : raw == null ? new String[0] : raw.split("&")) {
                    String[] kv = pair.split("=", 2);
                    query.put(kv[0], kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
                }
                byte[] body = JSON.writeValueAsBytes(Map.of("token", service.jwt(signingKey, certDer, user,
                        query.getOrDefault("scope", ""))));
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } catch (Exception e) {
                throw new IOException(e);
            }
        });
        server.start();
        return service;
    }

    /** The realm to configure: {@code http://127.0.0.1:PORT/token}. */
    public String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    /** The certificate the registry must trust ({@code rootcertbundle}). */
    public Path certificate() {
        return certificate;
    }

    public int issued() {
        return issued.get();
    }

    private String jwt(PrivateKey key, byte[] certDer, String subject, String scope) throws Exception {
        ObjectNode header = JSON.createObjectNode();
        header.put("typ", "JWT");
        header.put("alg", "ES256");
        header.putArray("x5c").add(Base64.getEncoder().encodeToString(certDer));
        ObjectNode claims = JSON.createObjectNode();
        long now = System.currentTimeMillis() / 1000;
        claims.put("iss", ISSUER);
        claims.put("sub", subject);
        claims.put("aud", SERVICE);
        claims.put("iat", now - 5);
        claims.put("nbf", now - 5);
        claims.put("exp", now + 300);
        claims.put("jti", Long.toHexString(new java.security.SecureRandom().nextLong()));
        String[] parts = scope.split(":");
        if (parts.length == 3) {
            ObjectNode access = claims.putArray("access").addObject();
            access.put("type", parts[0]);
            access.put("name", parts[1]);
            var actions = access.putArray("actions");
            for (String action : parts[2].split(",")) {
                actions.add(action);
            }
        }
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String signingInput = url.encodeToString(JSON.writeValueAsBytes(header)) + "."
                + url.encodeToString(JSON.writeValueAsBytes(claims));
        Signature ecdsa = Signature.getInstance("SHA256withECDSA");
        ecdsa.initSign(key);
        ecdsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        ASN1Sequence der = ASN1Sequence.getInstance(ecdsa.sign());
        byte[] raw = new byte[64]; // JWS wants r || s, 32 bytes each, not DER
        copy(((ASN1Integer) der.getObjectAt(0)).getValue(), raw, 0);
        copy(((ASN1Integer) der.getObjectAt(1)).getValue(), raw, 32);
        issued.incrementAndGet();
        return signingInput + "." + url.encodeToString(raw);
    }

    private static void copy(BigInteger n, byte[] out, int offset) {
        byte[] b = n.toByteArray();
        int len = Math.min(b.length, 32);
        System.arraycopy(b, b.length - len, out, offset + 32 - len, len);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
