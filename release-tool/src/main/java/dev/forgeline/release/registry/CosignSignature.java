package dev.forgeline.release.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * A signature of an image in cosign's form (cosign's specs/SIGNATURE_SPEC.md, tag-based discovery): the
 * simple-signing payload naming the image's manifest digest, stored as a layer of media type
 * {@value #PAYLOAD_MEDIA_TYPE} of an OCI image manifest tagged {@code sha256-<hex>.sig} in the image's repository, the
 * base64 signature in the layer's {@value #SIGNATURE_ANNOTATION} annotation. The config is the one cosign writes (a
 * rootfs of the payload's digest). Several signatures of one image are several layers of that one manifest.
 */
public final class CosignSignature {
    public static final String PAYLOAD_MEDIA_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";
    public static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
    public static final String TYPE = "cosign container image signature";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CosignSignature() {}

    /** {@code sha256-<hex>.sig}: the tag under which the signatures of {@code digest} are found. */
    public static String tag(String digest) {
        if (!digest.matches("sha256:[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a sha256 digest: " + digest);
        }
        return digest.replace(':', '-') + ".sig";
    }

    /**
     * The simple-signing payload, fields in cosign's order:
     * {@code {"critical":{"identity":{"docker-reference":R},"image":{"docker-manifest-digest":D},"type":T},"optional":null}}.
     */
    public static byte[] payload(String dockerReference, String manifestDigest) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode critical = root.putObject("critical");
        critical.putObject("identity").put("docker-reference", dockerReference);
        critical.putObject("image").put("docker-manifest-digest", manifestDigest);
        critical.put("type", TYPE);
        root.putNull("optional");
        return bytes(root);
    }

    /** A parsed payload: the digest it signs and its type. */
    public record Payload(String dockerReference, String manifestDigest, String type) {
        public static Payload parse(byte[] bytes) throws IOException {
            JsonNode critical = JSON.readTree(bytes).path("critical");
            if (!critical.isObject()) {
                throw new IOException("not a simple-signing payload: no critical object");
            }
            return new Payload(critical.path("identity").path("docker-reference").asText(null),
                    critical.path("image").path("docker-manifest-digest").asText(null), critical.path("type").asText(null));
        }
    }

    /** One layer of a signature manifest: the payload's descriptor and the base64 signature. */
    public record Layer(String payloadDigest, long payloadSize, String signatureBase64) {}

    /** The signature layers of a signature manifest (layers of other media types or without a signature are left out). */
    public static List<Layer> layers(JsonNode manifest) {
        List<Layer> out = new ArrayList<>();
        for (JsonNode layer : manifest.path("layers")) {
            String signature = layer.path("annotations").path(SIGNATURE_ANNOTATION).asText(null);
            if (PAYLOAD_MEDIA_TYPE.equals(layer.path("mediaType").asText()) && signature != null) {
                out.add(new Layer(layer.path("digest").asText(), layer.path("size").asLong(), signature));
            }
        }
        return out;
    }

    /** A signature layer over {@code payload}, signed by {@code signer}. */
    public static Layer sign(byte[] payload, PayloadSigner signer) {
        return new Layer(digest(payload), payload.length, Base64.getEncoder().encodeToString(signer.sign(payload)));
    }

    /** cosign's config of a signature image: its rootfs lists the payloads' digests (uncompressed layers). */
    public static byte[] config(List<Layer> layers) {
        return configOf(layers.stream().map(Layer::payloadDigest).toList());
    }

    /** cosign's config of a signature or attestation image whose layers have these digests. */
    static byte[] configOf(List<String> layerDigests) {
        ObjectNode root = JSON.createObjectNode();
        root.put("architecture", "");
        root.put("created", "0001-01-01T00:00:00Z");
        root.putArray("history").addObject().put("created", "0001-01-01T00:00:00Z");
        root.put("os", "");
        ObjectNode rootfs = root.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        layerDigests.forEach(diffIds::add);
        root.putObject("config");
        return bytes(root);
    }

    /** The signature manifest over {@code config} and {@code layers}. */
    public static byte[] manifest(byte[] config, List<Layer> layers) {
        ObjectNode root = manifestOver(config);
        ArrayNode array = root.putArray("layers");
        for (Layer l : layers) {
            ObjectNode node = array.addObject();
            node.put("mediaType", PAYLOAD_MEDIA_TYPE);
            node.put("size", l.payloadSize());
            node.put("digest", l.payloadDigest());
            node.putObject("annotations").put(SIGNATURE_ANNOTATION, l.signatureBase64());
        }
        return bytes(root);
    }

    /**
     * The start of a cosign image manifest (the signature's, the attestations'): schema, media type and the config's
     * descriptor, in cosign's field order; the caller adds the layers.
     */
    static ObjectNode manifestOver(byte[] config) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schemaVersion", 2);
        root.put("mediaType", RegistryClient.MANIFEST_MEDIA_TYPE);
        ObjectNode c = root.putObject("config");
        c.put("mediaType", "application/vnd.oci.image.config.v1+json");
        c.put("size", config.length);
        c.put("digest", digest(config));
        return root;
    }

    static String digest(byte[] bytes) {
        return "sha256:" + HexFormat.of().formatHex(RegistryClient.sha256().digest(bytes));
    }

    static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
