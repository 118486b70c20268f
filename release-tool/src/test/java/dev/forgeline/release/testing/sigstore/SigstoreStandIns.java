package dev.forgeline.release.testing.sigstore;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.time.Instant;
import java.util.Base64;

/**
 * The whole stand-in Sigstore of a test: an OIDC issuer, a CT log key, a Fulcio CA that trusts the issuer and
 * embeds the log's SCTs, and a Rekor log, all on loopback, plus the files a client is configured with: a
 * {@code trusted_root.json} (protobuf-specs TrustedRoot 0.1: the CA chain, the Rekor and CT log keys with their
 * validity) and a {@code signing_config.json} (SigningConfig 0.2: the CA, OIDC and Rekor URLs).
 */
public final class SigstoreStandIns implements AutoCloseable {
    public static final String TRUSTED_ROOT_MEDIA_TYPE = "application/vnd.dev.sigstore.trustedroot+json;version=0.1";
    public static final String SIGNING_CONFIG_MEDIA_TYPE = "application/vnd.dev.sigstore.signingconfig.v0.2+json";

    private final OidcIssuerStandIn oidc;
    private final CtLogStandIn ctLog;
    private final FulcioStandIn fulcio;
    private final RekorStandIn rekor;

    public SigstoreStandIns() throws IOException {
        oidc = new OidcIssuerStandIn();
        ctLog = new CtLogStandIn();
        fulcio = new FulcioStandIn(ctLog, oidc.url());
        rekor = new RekorStandIn();
    }

    public OidcIssuerStandIn oidc() {
        return oidc;
    }

    public CtLogStandIn ctLog() {
        return ctLog;
    }

    public FulcioStandIn fulcio() {
        return fulcio;
    }

    public RekorStandIn rekor() {
        return rekor;
    }

    /** Writes {@code dir/trusted_root.json} and returns it. */
    public Path writeTrustedRoot(Path dir) throws IOException {
        ObjectNode root = StandInServer.JSON.createObjectNode();
        root.put("mediaType", TRUSTED_ROOT_MEDIA_TYPE);
        log(root.putArray("tlogs"), rekor.url(), rekor.publicKey(), rekor.validFrom());
        ObjectNode ca = root.putArray("certificateAuthorities").addObject();
        ca.putObject("subject").put("organization", "forgeline-test").put("commonName", "fulcio stand-in");
        ca.put("uri", fulcio.url());
        ArrayNode chain = ca.putObject("certChain").putArray("certificates");
        try {
            chain.addObject().put("rawBytes", b64(fulcio.intermediate().getEncoded()));
            chain.addObject().put("rawBytes", b64(fulcio.root().getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        ca.putObject("validFor").put("start", fulcio.validFrom().toString());
        log(root.putArray("ctlogs"), "https://ctfe.stand-in.invalid/test", ctLog.publicKey(), ctLog.validFrom());
        root.putArray("timestampAuthorities");
        Path file = dir.resolve("trusted_root.json");
        Files.createDirectories(dir);
        Files.write(file, StandInServer.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        return file;
    }

    /** Writes {@code dir/signing_config.json} and returns it. */
    public Path writeSigningConfig(Path dir) throws IOException {
        ObjectNode config = StandInServer.JSON.createObjectNode();
        config.put("mediaType", SIGNING_CONFIG_MEDIA_TYPE);
        service(config.putArray("caUrls"), fulcio.url(), 1);
        service(config.putArray("oidcUrls"), oidc.url(), 1);
        service(config.putArray("rekorTlogUrls"), rekor.url(), 1);
        config.putArray("tsaUrls");
        config.putObject("rekorTlogConfig").put("selector", "ANY");
        config.putObject("tsaConfig").put("selector", "ANY");
        Path file = dir.resolve("signing_config.json");
        Files.createDirectories(dir);
        Files.write(file, StandInServer.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
        return file;
    }

    private static void service(ArrayNode list, String url, int majorApiVersion) {
        ObjectNode service = list.addObject();
        service.put("url", url).put("majorApiVersion", majorApiVersion).put("operator", "forgeline stand-in");
        service.putObject("validFor").put("start", Instant.now().minusSeconds(86_400).toString());
    }

    private static void log(ArrayNode list, String baseUrl, PublicKey key, Instant validFrom) {
        ObjectNode log = list.addObject();
        log.put("baseUrl", baseUrl).put("hashAlgorithm", "SHA2_256");
        ObjectNode publicKey = log.putObject("publicKey");
        publicKey.put("rawBytes", b64(key.getEncoded())).put("keyDetails", "PKIX_ECDSA_P256_SHA_256");
        publicKey.putObject("validFor").put("start", validFrom.toString());
        log.putObject("logId").put("keyId", b64(StandInKeys.logId(key)));
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public void close() {
        rekor.close();
        fulcio.close();
        oidc.close();
    }
}
