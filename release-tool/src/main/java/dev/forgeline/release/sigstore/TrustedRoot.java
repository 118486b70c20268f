package dev.forgeline.release.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * What a keyless verifier trusts (protobuf-specs {@code TrustedRoot}, JSON, {@code trusted_root.json}): the
 * certificate authorities with their chains (leaf-most first, root last), the transparency logs and the CT logs, each
 * with its key and the time range in which it may be used. Read-only; the file is the user's statement of trust.
 */
public record TrustedRoot(List<CertificateAuthority> certificateAuthorities, List<Log> tlogs, List<Log> ctlogs) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A time range from {@code start}; {@code end} null means still valid. */
    public record Validity(Instant start, Instant end) {
        public boolean covers(Instant time) {
            return !time.isBefore(start) && (end == null || !time.isAfter(end));
        }
    }

    public record CertificateAuthority(String uri, List<X509Certificate> chain, Validity validFor) {
        public CertificateAuthority {
            chain = List.copyOf(chain);
        }
    }

    /** A Rekor or CT log: its id is the SHA-256 of its key's DER SubjectPublicKeyInfo. */
    public record Log(String baseUrl, byte[] logId, PublicKey publicKey, Validity validFor) {
        public Log {
            logId = logId.clone();
        }

        @Override
        public byte[] logId() {
            return logId.clone();
        }

        public boolean hasId(byte[] id) {
            return Arrays.equals(logId, id);
        }
    }

    public TrustedRoot {
        certificateAuthorities = List.copyOf(certificateAuthorities);
        tlogs = List.copyOf(tlogs);
        ctlogs = List.copyOf(ctlogs);
    }

    /** The log with this id that may be used at {@code time}. */
    public static Optional<Log> find(List<Log> logs, byte[] logId, Instant time) {
        return logs.stream().filter(l -> l.hasId(logId) && l.validFor().covers(time)).findFirst();
    }

    /**
     * Reads a trusted root.
     *
     * @throws IllegalArgumentException naming what is missing or malformed (the caller says which file)
     */
    public static TrustedRoot parse(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON (" + e.getClass().getSimpleName() + ")", e);
        }
        if (root == null || !root.isObject() || !root.path("mediaType").asText()
                .startsWith("application/vnd.dev.sigstore.trustedroot")) {
            throw new IllegalArgumentException("not a Sigstore trusted root (mediaType "
                    + "application/vnd.dev.sigstore.trustedroot+json;version=0.1 expected)");
        }
        List<CertificateAuthority> authorities = new ArrayList<>();
        for (JsonNode ca : root.path("certificateAuthorities")) {
            List<X509Certificate> chain = new ArrayList<>();
            for (JsonNode certificate : ca.path("certChain").path("certificates")) {
                chain.add(certificate(bytes(certificate, "rawBytes", "certificateAuthorities.certChain")));
            }
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("a certificate authority has no certChain.certificates");
            }
            authorities.add(new CertificateAuthority(ca.path("uri").asText(), chain, validity(ca.path("validFor"))));
        }
        return new TrustedRoot(authorities, logs(root.path("tlogs"), "tlogs"), logs(root.path("ctlogs"), "ctlogs"));
    }

    private static List<Log> logs(JsonNode list, String where) {
        List<Log> logs = new ArrayList<>();
        for (JsonNode log : list) {
            JsonNode key = log.path("publicKey");
            byte[] der = bytes(key, "rawBytes", where + ".publicKey");
            PublicKey publicKey;
            try {
                publicKey = KeyFactory.getInstance(key.path("keyDetails").asText().startsWith("PKIX_ED25519")
                        ? "Ed25519" : key.path("keyDetails").asText().startsWith("PKIX_RSA") ? "RSA" : "EC")
                        .generatePublic(new X509EncodedKeySpec(der));
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalArgumentException(where + ": a public key is not a DER SubjectPublicKeyInfo ("
                        + key.path("keyDetails").asText() + ")", e);
            }
            logs.add(new Log(log.path("baseUrl").asText(), bytes(log.path("logId"), "keyId", where + ".logId"),
                    publicKey, validity(key.path("validFor"))));
        }
        return logs;
    }

    private static Validity validity(JsonNode validFor) {
        try {
            Instant start = validFor.hasNonNull("start") ? Instant.parse(validFor.get("start").asText()) : Instant.EPOCH;
            Instant end = validFor.hasNonNull("end") ? Instant.parse(validFor.get("end").asText()) : null;
            return new Validity(start, end);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("validFor is not an RFC 3339 time: " + e.getParsedString(), e);
        }
    }

    private static byte[] bytes(JsonNode node, String field, String where) {
        try {
            byte[] bytes = Base64.getDecoder().decode(node.path(field).asText());
            if (bytes.length == 0) {
                throw new IllegalArgumentException(where + "." + field + " is missing");
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "." + field + " is missing or not base64", e);
        }
    }

    /** A DER X.509 certificate. */
    public static X509Certificate certificate(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("not a DER X.509 certificate", e);
        }
    }
}
