package dev.forgeline.release.oci;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An OCI image layout directory (image-spec {@code image-layout.md}) being written: {@code oci-layout},
 * {@code blobs/sha256/<hex>} (content-addressed, each written once through a temporary file and a rename), and
 * {@code index.json} last. JSON documents are written compactly with their fields in a fixed order, so one input gives
 * one digest.
 *
 * <p>Why not jib-core: jib writes to a registry, a Docker daemon or a tarball of one platform, never an OCI layout
 * directory, and its multi-platform output is a Docker manifest list pushed to a registry (jib#2748), not an OCI index.
 * A layout is a handful of JSON documents over content-addressed blobs: written here and checked by skopeo and umoci.
 */
public final class OciLayout {
    public static final String INDEX_MEDIA_TYPE = "application/vnd.oci.image.index.v1+json";
    public static final String MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
    public static final String CONFIG_MEDIA_TYPE = "application/vnd.oci.image.config.v1+json";
    /** Uncompressed layers: their bytes are the tar itself, the same on every machine (no deflate implementation in it). */
    public static final String LAYER_MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar";
    public static final String REF_NAME = "org.opencontainers.image.ref.name";

    static final ObjectMapper JSON = new ObjectMapper();

    /** What points at a blob: media type, digest ({@code sha256:<hex>}), size, and optional platform and annotations. */
    public record Descriptor(String mediaType, String digest, long size, Platform platform, Map<String, String> annotations) {
        public Descriptor(String mediaType, String digest, long size) {
            this(mediaType, digest, size, null, null);
        }

        public Descriptor withPlatform(Platform p) {
            return new Descriptor(mediaType, digest, size, p, annotations);
        }

        public Descriptor withAnnotations(Map<String, String> a) {
            return new Descriptor(mediaType, digest, size, platform, new TreeMap<>(a));
        }

        /** The hex part of the digest. */
        public String hex() {
            return digest.substring("sha256:".length());
        }

        ObjectNode toJson() {
            ObjectNode node = JSON.createObjectNode();
            node.put("mediaType", mediaType);
            node.put("digest", digest);
            node.put("size", size);
            if (platform != null) {
                node.set("platform", platform.toJson());
            }
            if (annotations != null && !annotations.isEmpty()) {
                ObjectNode a = node.putObject("annotations");
                new TreeMap<>(annotations).forEach(a::put);
            }
            return node;
        }
    }

    /** An OCI platform: os, architecture and, for 32-bit ARM, the variant (v7). */
    public record Platform(String os, String architecture, String variant) {
        ObjectNode toJson() {
            ObjectNode node = JSON.createObjectNode();
            node.put("architecture", architecture);
            node.put("os", os);
            if (variant != null) {
                node.put("variant", variant);
            }
            return node;
        }

        /** {@code linux/arm64}, {@code linux/arm/v7}. */
        @Override
        public String toString() {
            return os + "/" + architecture + (variant == null ? "" : "/" + variant);
        }
    }

    private final Path dir;

    private OciLayout(Path dir) {
        this.dir = dir;
    }

    /** Starts a layout in {@code dir} (created; the {@code oci-layout} marker written). */
    public static OciLayout create(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("blobs/sha256"));
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}", StandardCharsets.UTF_8);
        return new OciLayout(dir);
    }

    public Path directory() {
        return dir;
    }

    /** The file of a blob in the layout at {@code dir}. */
    public static Path blobFile(Path dir, String digest) {
        if (!digest.matches("sha256:[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a sha256 digest: " + digest);
        }
        return dir.resolve("blobs/sha256").resolve(digest.substring(7));
    }

    /** Something that writes a blob's bytes. */
    public interface BlobContent {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes a blob streamed from {@code content}, named by its digest; returns its descriptor. */
    public Descriptor blob(String mediaType, BlobContent content) throws IOException {
        Path temp = Files.createTempFile(dir.resolve("blobs/sha256"), ".blob-", ".tmp");
        try {
            MessageDigest sha = sha256();
            long size;
            try (CountingOutputStream counting = new CountingOutputStream(
                    new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16), sha))) {
                content.writeTo(counting);
                counting.flush();
                size = counting.count;
            }
            String digest = "sha256:" + HexFormat.of().formatHex(sha.digest());
            Files.move(temp, blobFile(dir, digest), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Descriptor(mediaType, digest, size);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    public Descriptor blob(String mediaType, byte[] bytes) throws IOException {
        return blob(mediaType, out -> out.write(bytes));
    }

    /** A layer blob from a tar; the layer's diff id is its digest, as it is uncompressed. */
    public Descriptor layer(TarLayer layer) throws IOException {
        return blob(LAYER_MEDIA_TYPE, layer::writeTo);
    }

    /** An image manifest over a config and layers, with annotations (may be empty). */
    public Descriptor manifest(Descriptor config, List<Descriptor> layers, Map<String, String> annotations)
            throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("schemaVersion", 2);
        node.put("mediaType", MANIFEST_MEDIA_TYPE);
        node.set("config", config.toJson());
        ArrayNode array = node.putArray("layers");
        layers.forEach(l -> array.add(l.toJson()));
        annotate(node, annotations);
        return blob(MANIFEST_MEDIA_TYPE, bytes(node));
    }

    /** An image index (a blob) over platform manifests. */
    public Descriptor index(List<Descriptor> manifests, Map<String, String> annotations) throws IOException {
        return blob(INDEX_MEDIA_TYPE, bytes(indexNode(manifests, annotations)));
    }

    /** Writes {@code index.json}, the layout's entry point, naming {@code descriptors} (each with its ref name). */
    public void writeIndexJson(List<Descriptor> descriptors) throws IOException {
        Path temp = Files.createTempFile(dir, ".index-", ".tmp");
        try {
            Files.write(temp, bytes(indexNode(descriptors, Map.of())));
            Files.move(temp, dir.resolve("index.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static ObjectNode indexNode(List<Descriptor> manifests, Map<String, String> annotations) {
        ObjectNode node = JSON.createObjectNode();
        node.put("schemaVersion", 2);
        node.put("mediaType", INDEX_MEDIA_TYPE);
        ArrayNode array = node.putArray("manifests");
        manifests.forEach(m -> array.add(m.toJson()));
        annotate(node, annotations);
        return node;
    }

    private static void annotate(ObjectNode node, Map<String, String> annotations) {
        if (!annotations.isEmpty()) {
            ObjectNode a = node.putObject("annotations");
            new TreeMap<>(annotations).forEach(a::put);
        }
    }

    static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class CountingOutputStream extends FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
