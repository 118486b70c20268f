package dev.forgeline.release.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Pushes a multi-platform image from an OCI layout to a registry in the order that keeps the tag from naming anything
 * incomplete: every blob first (each asked for with HEAD, uploaded only when absent), then each platform manifest by
 * its digest, then the index by its digest, the tag last; then the cosign signature of the index digest under its
 * {@code sha256-<hex>.sig} tag. Each step checks first whether the registry holds it already, so a rerun of a finished
 * push uploads nothing (no blob, no manifest). A tag that names another index is refused: nothing is overwritten.
 */
public final class ImagePusher {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryClient registry;
    private final Consumer<String> progress;

    public ImagePusher(RegistryClient registry, Consumer<String> progress) {
        this.registry = registry;
        this.progress = progress;
    }

    /** What a push did: blobs uploaded and found, manifests put, whether the tag and the signature were new. */
    public record Result(String indexDigest, int blobsUploaded, int blobsPresent, int manifestsPut, boolean tagged,
            String signatureTag, boolean signed) {
        /** Whether the registry held everything already. */
        public boolean nothingPushed() {
            return blobsUploaded == 0 && manifestsPut == 0 && !tagged && !signed;
        }
    }

    /**
     * Pushes the index {@code indexDigest} of the layout in {@code layout} with the platform images it lists, tags it
     * with the reference's tag and signs it with {@code signer} (null: unsigned, for tests of what verify refuses).
     */
    public Result push(Path layout, String indexDigest, PayloadSigner signer) throws IOException, InterruptedException {
        ImageReference image = registry.image();
        byte[] index = blob(layout, indexDigest);
        List<String> manifests = new ArrayList<>();
        Set<String> blobs = new LinkedHashSet<>();
        for (JsonNode m : JSON.readTree(index).path("manifests")) {
            String digest = m.path("digest").asText();
            manifests.add(digest);
            JsonNode manifest = JSON.readTree(blob(layout, digest));
            blobs.add(manifest.path("config").path("digest").asText());
            manifest.path("layers").forEach(l -> blobs.add(l.path("digest").asText()));
        }
        int uploaded = 0;
        int present = 0;
        for (String digest : blobs) {
            if (registry.hasBlob(digest)) {
                present++;
            } else {
                Path file = blobFile(layout, digest);
                progress.accept("blob " + digest.substring(0, 19) + " (" + Files.size(file) + " bytes)");
                registry.uploadBlob(digest, file);
                uploaded++;
            }
        }
        int put = 0;
        for (String digest : manifests) {
            put += putIfAbsent(digest, RegistryClient.MANIFEST_MEDIA_TYPE, blob(layout, digest)) ? 1 : 0;
        }
        put += putIfAbsent(indexDigest, RegistryClient.INDEX_MEDIA_TYPE, index) ? 1 : 0;
        boolean tagged = tag(image.tag(), indexDigest, index);
        boolean signed = false;
        String signatureTag = CosignSignature.tag(indexDigest);
        if (signer != null) {
            signed = sign(indexDigest, signer);
        }
        return new Result(indexDigest, uploaded, present, put + (tagged ? 1 : 0) + (signed ? 1 : 0), tagged,
                signatureTag, signed);
    }

    private boolean putIfAbsent(String digest, String mediaType, byte[] bytes) throws IOException, InterruptedException {
        if (registry.manifestDigest(digest).isPresent()) {
            return false;
        }
        registry.putManifest(digest, mediaType, bytes);
        return true;
    }

    /** Points the tag at the index, unless it names it already; a tag naming another image is refused (exit 6). */
    private boolean tag(String tag, String indexDigest, byte[] index) throws IOException, InterruptedException {
        Optional<String> current = registry.manifestDigest(tag);
        if (current.isPresent()) {
            if (current.get().equals(indexDigest)) {
                return false;
            }
            throw new ForgelineException(ExitCode.PUBLISH_CONFLICT, "the tag " + registry.image() + " names another "
                    + "image already (" + current.get() + ", not this release's " + indexDigest + "): nothing was "
                    + "overwritten", "a released tag is immutable: release a new version, or push to another tag", null);
        }
        progress.accept("tag " + tag + " -> " + indexDigest);
        registry.putManifest(tag, RegistryClient.INDEX_MEDIA_TYPE, index);
        return true;
    }

    /**
     * Adds this signer's signature of {@code digest} to the signature manifest (made when there is none; other
     * signatures already there are kept, as cosign keeps them). Deterministic ECDSA makes a rerun's layer identical,
     * so it finds itself and puts nothing.
     */
    private boolean sign(String digest, PayloadSigner signer) throws IOException, InterruptedException {
        byte[] payload = CosignSignature.payload(registry.image().repositoryName(), digest);
        CosignSignature.Layer ours = CosignSignature.sign(payload, signer);
        String tag = CosignSignature.tag(digest);
        List<CosignSignature.Layer> layers = new ArrayList<>();
        Optional<RegistryClient.Manifest> existing = registry.fetchManifest(tag);
        if (existing.isPresent()) {
            layers.addAll(CosignSignature.layers(existing.get().json()));
            if (layers.contains(ours)) {
                return false;
            }
        }
        layers.add(ours);
        byte[] config = CosignSignature.config(layers);
        uploadIfAbsent(ours.payloadDigest(), payload);
        uploadIfAbsent(CosignSignature.digest(config), config);
        progress.accept("signature " + tag);
        registry.putManifest(tag, RegistryClient.MANIFEST_MEDIA_TYPE, CosignSignature.manifest(config, layers));
        return true;
    }

    private void uploadIfAbsent(String digest, byte[] bytes) throws IOException, InterruptedException {
        if (!registry.hasBlob(digest)) {
            registry.uploadBlob(digest, bytes);
        }
    }

    private static Path blobFile(Path layout, String digest) {
        if (!digest.matches("sha256:[0-9a-f]{64}")) {
            throw new ForgelineException(ExitCode.CHECK_FAILED, "the image layout " + layout + " names a blob "
                    + digest + " that is not a sha256 digest", "rebuild the image: forgeline release --local", null);
        }
        Path file = layout.resolve("blobs/sha256").resolve(digest.substring(7));
        if (!Files.isRegularFile(file)) {
            throw new ForgelineException(ExitCode.CHECK_FAILED, "the image layout " + layout + " lacks blob " + digest,
                    "rebuild the image: forgeline release --local", null);
        }
        return file;
    }

    /** A small blob (a manifest or index) of the layout, checked against its digest. */
    private static byte[] blob(Path layout, String digest) throws IOException {
        byte[] bytes = Files.readAllBytes(blobFile(layout, digest));
        if (!CosignSignature.digest(bytes).equals(digest)) {
            throw new ForgelineException(ExitCode.CHECK_FAILED, "blob " + digest + " of the image layout " + layout
                    + " has other bytes (" + CosignSignature.digest(bytes) + ")", "rebuild the image", null);
        }
        return bytes;
    }
}
