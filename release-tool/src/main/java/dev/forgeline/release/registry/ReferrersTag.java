package dev.forgeline.release.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgeline.release.sigstore.SigstoreBundle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Sigstore bundles as OCI referrers of an image, stored the way cosign stores them on a registry without the referrers
 * API (distribution 2.8): the OCI distribution spec's referrers tag schema. Each bundle is the one layer (media type
 * {@value #BUNDLE_MEDIA_TYPE}) of an image manifest of that {@code artifactType}, with the empty config and a
 * {@code subject} naming the image; the tag {@code sha256-<hex>} (the subject's digest) names an OCI image index listing
 * every referrer manifest with its artifactType and annotations ({@value #CONTENT_ANNOTATION}: {@code dsse-envelope},
 * {@value #PREDICATE_TYPE_ANNOTATION}). A client that has the referrers API reads the same index from it.
 */
public final class ReferrersTag {
    public static final String BUNDLE_MEDIA_TYPE = SigstoreBundle.MEDIA_TYPE_V03;
    public static final String EMPTY_MEDIA_TYPE = "application/vnd.oci.empty.v1+json";
    public static final byte[] EMPTY_CONFIG = "{}".getBytes(StandardCharsets.UTF_8);
    public static final String CONTENT_ANNOTATION = "dev.sigstore.bundle.content";
    public static final String PREDICATE_TYPE_ANNOTATION = "dev.sigstore.bundle.predicateType";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReferrersTag() {}

    /** {@code sha256-<hex>}: the referrers tag of {@code digest}. */
    public static String tag(String digest) {
        return CosignSignature.tag(digest).replaceFirst("\\.sig$", "");
    }

    /** A subject: the manifest a referrer refers to. */
    public record Subject(String mediaType, String digest, long size) {}

    /** One referrer as the index lists it. */
    public record Entry(String digest, long size, String artifactType, String predicateType) {}

    /** The referrer manifest of {@code bundle} (a DSSE-form Sigstore bundle of a statement of {@code predicateType}). */
    public static byte[] manifest(Subject subject, byte[] bundle, String predicateType) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schemaVersion", 2);
        root.put("mediaType", RegistryClient.MANIFEST_MEDIA_TYPE);
        root.put("artifactType", BUNDLE_MEDIA_TYPE);
        ObjectNode config = root.putObject("config");
        config.put("mediaType", EMPTY_MEDIA_TYPE);
        config.put("digest", CosignSignature.digest(EMPTY_CONFIG));
        config.put("size", EMPTY_CONFIG.length);
        ObjectNode layer = root.putArray("layers").addObject();
        layer.put("mediaType", BUNDLE_MEDIA_TYPE);
        layer.put("digest", CosignSignature.digest(bundle));
        layer.put("size", bundle.length);
        ObjectNode s = root.putObject("subject");
        s.put("mediaType", subject.mediaType());
        s.put("digest", subject.digest());
        s.put("size", subject.size());
        annotate(root.putObject("annotations"), predicateType);
        return CosignSignature.bytes(root);
    }

    /** The entry of a referrer manifest, for the index. */
    public static Entry entry(byte[] manifest, String predicateType) {
        return new Entry(CosignSignature.digest(manifest), manifest.length, BUNDLE_MEDIA_TYPE, predicateType);
    }

    /** The referrers listed by a referrers index. */
    public static List<Entry> entries(JsonNode index) {
        List<Entry> out = new ArrayList<>();
        for (JsonNode m : index.path("manifests")) {
            out.add(new Entry(m.path("digest").asText(), m.path("size").asLong(), m.path("artifactType").asText(""),
                    m.path("annotations").path(PREDICATE_TYPE_ANNOTATION).asText("")));
        }
        return out;
    }

    /**
     * The referrers index: {@code existing}'s entries as they are (other tools' referrers are kept, annotations and
     * all), then {@code added} in their order. {@code existing} null: a new index.
     */
    public static byte[] index(JsonNode existing, List<Entry> added) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schemaVersion", 2);
        root.put("mediaType", RegistryClient.INDEX_MEDIA_TYPE);
        ArrayNode manifests = root.putArray("manifests");
        if (existing != null) {
            existing.path("manifests").forEach(manifests::add);
        }
        for (Entry e : added) {
            ObjectNode m = manifests.addObject();
            m.put("mediaType", RegistryClient.MANIFEST_MEDIA_TYPE);
            m.put("digest", e.digest());
            m.put("size", e.size());
            m.put("artifactType", e.artifactType());
            if (!e.predicateType().isEmpty()) {
                annotate(m.putObject("annotations"), e.predicateType());
            }
        }
        return CosignSignature.bytes(root);
    }

    private static void annotate(ObjectNode annotations, String predicateType) {
        annotations.put(CONTENT_ANNOTATION, "dsse-envelope");
        annotations.put(PREDICATE_TYPE_ANNOTATION, predicateType);
    }
}
