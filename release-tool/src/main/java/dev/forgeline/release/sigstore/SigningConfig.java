package dev.forgeline.release.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;

/**
 * Where a keyless signer gets its certificate and logs its signatures (protobuf-specs {@code SigningConfig} v0.2,
 * {@code signing_config.json}): the first Fulcio ({@code caUrls}) and Rekor v1 ({@code rekorTlogUrls},
 * {@code majorApiVersion} 1) service valid now. Sigstore's public instance is the default.
 */
public record SigningConfig(String fulcioUrl, String rekorUrl) {
    public static final SigningConfig PUBLIC_GOOD = new SigningConfig("https://fulcio.sigstore.dev",
            "https://rekor.sigstore.dev");
    private static final ObjectMapper JSON = new ObjectMapper();

    public SigningConfig {
        fulcioUrl = stripSlash(fulcioUrl);
        rekorUrl = stripSlash(rekorUrl);
    }

    /** @throws IllegalArgumentException naming what is missing (the caller says which file) */
    public static SigningConfig parse(byte[] json, Instant now) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON (" + e.getClass().getSimpleName() + ")", e);
        }
        if (root == null || !root.path("mediaType").asText().startsWith("application/vnd.dev.sigstore.signingconfig")) {
            throw new IllegalArgumentException("not a Sigstore signing config (mediaType "
                    + "application/vnd.dev.sigstore.signingconfig.v0.2+json expected)");
        }
        return new SigningConfig(service(root.path("caUrls"), "caUrls", now),
                service(root.path("rekorTlogUrls"), "rekorTlogUrls", now));
    }

    private static String service(JsonNode services, String field, Instant now) {
        for (JsonNode service : services) {
            JsonNode validFor = service.path("validFor");
            boolean started = !validFor.hasNonNull("start") || !Instant.parse(validFor.get("start").asText()).isAfter(now);
            boolean ended = validFor.hasNonNull("end") && Instant.parse(validFor.get("end").asText()).isBefore(now);
            if (service.path("majorApiVersion").asInt(1) == 1 && started && !ended && !service.path("url").asText().isEmpty()) {
                return service.path("url").asText();
            }
        }
        throw new IllegalArgumentException(field + " has no service with majorApiVersion 1 valid now");
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
