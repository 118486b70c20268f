package dev.forgeline.release.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Attestations of an image in cosign's legacy form (cosign's specs/ATTESTATION_SPEC.md, tag-based discovery): each a
 * DSSE envelope (JSON) stored as a layer of media type {@value #ENVELOPE_MEDIA_TYPE} of one OCI image manifest tagged
 * {@code sha256-<hex>.att} in the image's repository, the layer annotated with its {@value #PREDICATE_TYPE_ANNOTATION}
 * and an empty {@code dev.cosignproject.cosign/signature} (the signature is inside the envelope). The config is cosign's
 * (a rootfs of the layers' digests), as for signatures.
 */
public final class CosignAttestations {
    public static final String ENVELOPE_MEDIA_TYPE = "application/vnd.dsse.envelope.v1+json";
    public static final String PREDICATE_TYPE_ANNOTATION = "predicateType";

    private CosignAttestations() {}

    /** {@code sha256-<hex>.att}: the tag under which the attestations of {@code digest} are found. */
    public static String tag(String digest) {
        return CosignSignature.tag(digest).replaceFirst("\\.sig$", ".att");
    }

    /** One attestation layer: the envelope's digest and size, and the predicate type it is annotated with. */
    public record Layer(String envelopeDigest, long envelopeSize, String predicateType) {}

    /** The envelope layers of an attestation manifest (layers of other media types are left out). */
    public static List<Layer> layers(JsonNode manifest) {
        List<Layer> out = new ArrayList<>();
        for (JsonNode layer : manifest.path("layers")) {
            if (ENVELOPE_MEDIA_TYPE.equals(layer.path("mediaType").asText())) {
                out.add(new Layer(layer.path("digest").asText(), layer.path("size").asLong(),
                        layer.path("annotations").path(PREDICATE_TYPE_ANNOTATION).asText("")));
            }
        }
        return out;
    }

    /** A layer for the envelope {@code envelope} of a statement of {@code predicateType}. */
    public static Layer layer(byte[] envelope, String predicateType) {
        return new Layer(CosignSignature.digest(envelope), envelope.length, predicateType);
    }

    /** cosign's config of the attestation image over {@code layers}. */
    public static byte[] config(List<Layer> layers) {
        return CosignSignature.configOf(layers.stream().map(Layer::envelopeDigest).toList());
    }

    /** The attestation manifest over {@code config} and {@code layers}. */
    public static byte[] manifest(byte[] config, List<Layer> layers) {
        ObjectNode root = CosignSignature.manifestOver(config);
        ArrayNode array = root.putArray("layers");
        for (Layer l : layers) {
            ObjectNode node = array.addObject();
            node.put("mediaType", ENVELOPE_MEDIA_TYPE);
            node.put("size", l.envelopeSize());
            node.put("digest", l.envelopeDigest());
            ObjectNode annotations = node.putObject("annotations");
            annotations.put(CosignSignature.SIGNATURE_ANNOTATION, "");
            annotations.put(PREDICATE_TYPE_ANNOTATION, l.predicateType());
        }
        return CosignSignature.bytes(root);
    }
}
