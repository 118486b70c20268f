package dev.forgeline.release.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forgeline.release.sigstore.Dsse;
import dev.forgeline.release.sigstore.DsseBundle;
import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Pushes a multi-platform image from an OCI layout to a registry in the order that keeps the tag from naming anything
 * incomplete: every blob first (each asked for with HEAD, uploaded only when absent), then each platform manifest by
 * its digest, then the index by its digest; then the cosign signature of the index digest under its
 * {@code sha256-<hex>.sig} tag and the attestations (signed DSSE envelopes of in-toto statements) in cosign's two
 * forms: the legacy {@code sha256-<hex>.att} manifest ({@link CosignAttestations}) and, with the bundle-form signature,
 * Sigstore bundles as referrers under the tag fallback {@code sha256-<hex>} ({@link ReferrersTag}); the tag last.
 * A push has three parts: {@link #uploadBlobs}, which needs no key; {@link #prepare}, which asks the registry what it
 * holds of the rest and uploads the small blobs of what it lacks, and may run while the layers go up; and
 * {@link #finish}, which puts the manifests. Each step checks first whether the registry holds it already, so a rerun
 * of a finished push uploads nothing (no blob, no manifest). A tag that names another index is refused: nothing is
 * overwritten.
 */
public final class ImagePusher {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Blob uploads at a time: every platform's base layer at once (a release has at most five Linux platforms: with
     * fewer slots the last base layer went up alone, after the others), with one slot left for the small blobs; as many
     * as containers/image copies at once by default, few enough for any registry.
     */
    static final int PARALLEL_UPLOADS = 6;

    private final RegistryClient registry;
    private final Consumer<String> progress;
    /** The bounded pool of the blob uploads and the referrers' bundles ({@value #PARALLEL_UPLOADS} at a time). */
    private final ThreadPoolExecutor pool = new ThreadPoolExecutor(PARALLEL_UPLOADS, PARALLEL_UPLOADS, 2,
            TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
                Thread t = new Thread(task, "forgeline-blob-upload");
                t.setDaemon(true);
                return t;
            });

    {
        pool.allowCoreThreadTimeOut(true); // an idle pusher keeps no thread
    }

    public ImagePusher(RegistryClient registry, Consumer<String> progress) {
        this.registry = registry;
        this.progress = progress;
    }

    /**
     * What a push did: blobs uploaded and found, manifests put, whether the tag, the signature and the attestations
     * were new, and how many attestations the image has from this push.
     */
    public record Result(String indexDigest, int blobsUploaded, int blobsPresent, int manifestsPut, boolean tagged,
            String signatureTag, boolean signed, int attestations, boolean attested) {
        /** Whether the registry held everything already. */
        public boolean nothingPushed() {
            return blobsUploaded == 0 && manifestsPut == 0 && !tagged && !signed && !attested;
        }
    }

    /**
     * The statements to attest of the index, signed with the push's signer, whose public key {@code keyHint} names (the
     * bundles' verification material). {@link #NONE}: no attestation and no bundle-form signature.
     */
    public record Attestations(String keyHint, List<ImageAttestation> statements) {
        public static final Attestations NONE = new Attestations("", List.of());

        public Attestations {
            statements = List.copyOf(statements);
        }
    }

    /**
     * Pushes the index {@code indexDigest} of the layout in {@code layout} with the platform images it lists, tags it
     * with the reference's tag and signs it with {@code signer} (null: unsigned, for tests of what verify refuses).
     */
    public Result push(Path layout, String indexDigest, PayloadSigner signer) throws IOException, InterruptedException {
        return push(layout, indexDigest, signer, Attestations.NONE);
    }

    /**
     * As {@link #push(Path, String, PayloadSigner)}, then, when {@code signer} is given and {@code attestations} are not
     * {@link Attestations#NONE}: the attestations under {@code sha256-<hex>.att}, and the bundle-form signature and
     * every attestation as Sigstore bundles under the referrers tag {@code sha256-<hex>}.
     */
    public Result push(Path layout, String indexDigest, PayloadSigner signer, Attestations attestations)
            throws IOException, InterruptedException {
        Image image = read(layout, indexDigest);
        Blobs blobs = uploadBlobs(image);
        return finish(image, blobs, prepare(image, signer, attestations));
    }

    /** The image to push, read from the layout: the index and its platform manifests (each checked against its digest). */
    public static final class Image {
        private final Path layout;
        private final String indexDigest;
        private final byte[] index;
        private final Map<String, byte[]> manifests;
        private final Map<String, Long> blobSizes; // every config and layer, by digest

        private Image(Path layout, String indexDigest, byte[] index, Map<String, byte[]> manifests,
                Map<String, Long> blobSizes) {
            this.layout = layout;
            this.indexDigest = indexDigest;
            this.index = index;
            this.manifests = manifests;
            this.blobSizes = blobSizes;
        }
    }

    /** What the blob uploads did: blobs uploaded, and blobs the registry held already. */
    public record Blobs(int uploaded, int present) {}

    /** Reads the index {@code indexDigest} of the layout in {@code layout} and the platform manifests it lists. */
    public static Image read(Path layout, String indexDigest) throws IOException {
        byte[] index = blob(layout, indexDigest);
        Map<String, byte[]> manifests = new LinkedHashMap<>();
        Set<String> blobs = new LinkedHashSet<>();
        for (JsonNode m : JSON.readTree(index).path("manifests")) {
            String digest = m.path("digest").asText();
            byte[] bytes = blob(layout, digest);
            manifests.put(digest, bytes);
            JsonNode manifest = JSON.readTree(bytes);
            blobs.add(manifest.path("config").path("digest").asText());
            manifest.path("layers").forEach(l -> blobs.add(l.path("digest").asText()));
        }
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (String digest : blobs) {
            sizes.put(digest, Files.size(blobFile(layout, digest))); // every blob is there before anything is sent
        }
        return new Image(layout, indexDigest, index, manifests, sizes);
    }

    /**
     * The first part of a push, which needs no key: every blob of the image (the platform images' configs and layers)
     * in the registry, uploaded where absent. A blob that no manifest names is invisible to a registry's users, so this
     * may run while the release's key is still being loaded and checked; the manifests and the tag come only with
     * {@link #finish}.
     */
    public Blobs uploadBlobs(Image image) throws IOException, InterruptedException {
        return uploadBlobs(image, () -> { });
    }

    /**
     * As {@link #uploadBlobs(Image)}; {@code underWay} runs once the registry has answered for every blob (the uploads
     * needed are then under way), or once this ends, whichever comes first: a caller may hold back other work until
     * then, so that the uploads' start does not share the CPU with it.
     */
    public Blobs uploadBlobs(Image image, Runnable underWay) throws IOException, InterruptedException {
        java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable once = () -> {
            if (ran.compareAndSet(false, true)) {
                underWay.run();
            }
        };
        try {
            int uploaded = uploadBlobs(image.layout, image.blobSizes, once);
            return new Blobs(uploaded, image.blobSizes.size() - uploaded);
        } finally {
            once.run();
        }
    }

    /** A manifest to put under {@code reference} (a digest or a tag), with the progress line that says so. */
    private record ManifestPut(String reference, String mediaType, byte[] bytes, String report) {}

    /**
     * What {@link #prepare} found missing in the registry and made ready: the manifests {@link #finish} puts, whose
     * blobs are in the registry already, in the order it puts them.
     */
    public static final class Prepared {
        private final List<ManifestPut> platformManifests;
        private final List<ManifestPut> referrerManifests;
        private final ManifestPut index;
        private final ManifestPut signature;
        private final ManifestPut attestations;
        private final ManifestPut referrers;
        private final ManifestPut tag;
        private final int statements;

        private Prepared(List<ManifestPut> platformManifests, List<ManifestPut> referrerManifests, ManifestPut index,
                ManifestPut signature, ManifestPut attestations, ManifestPut referrers, ManifestPut tag,
                int statements) {
            this.platformManifests = List.copyOf(platformManifests);
            this.referrerManifests = List.copyOf(referrerManifests);
            this.index = index;
            this.signature = signature;
            this.attestations = attestations;
            this.referrers = referrers;
            this.tag = tag;
            this.statements = statements;
        }
    }

    /**
     * The second part of a push, which may run while {@link #uploadBlobs} does: asks the registry which of the image's
     * manifests, its tag, its signature, attestations and referrers it holds, makes those it lacks (signed with
     * {@code signer}, null: unsigned) and uploads their small blobs, so that {@link #finish} has only manifests to put.
     * A tag that names another index is refused here (exit 6), before anything is put.
     */
    public Prepared prepare(Image image, PayloadSigner signer, Attestations attestations)
            throws IOException, InterruptedException {
        List<Callable<ManifestPut>> lookups = new ArrayList<>(); // each on a thread of its own; null: nothing to put
        image.manifests.forEach((digest, bytes) -> lookups.add(() -> absent(digest) ? new ManifestPut(digest,
                RegistryClient.MANIFEST_MEDIA_TYPE, bytes, null) : null));
        int index = lookups.size();
        lookups.add(() -> absent(image.indexDigest) ? new ManifestPut(image.indexDigest,
                RegistryClient.INDEX_MEDIA_TYPE, image.index, null) : null);
        int tag = lookups.size();
        lookups.add(() -> tag(registry.image().tag(), image.indexDigest, image.index));
        int signature = lookups.size();
        lookups.add(() -> signer == null ? null : signature(image.indexDigest, signer));
        boolean attesting = signer != null && attestations != Attestations.NONE;
        int attestation = lookups.size();
        lookups.add(() -> attesting ? attest(image.indexDigest, signer, attestations) : null);
        int referrers = lookups.size();
        List<ManifestPut> referrerManifests = java.util.Collections.synchronizedList(new ArrayList<>());
        lookups.add(() -> attesting ? referrers(new ReferrersTag.Subject(RegistryClient.INDEX_MEDIA_TYPE,
                image.indexDigest, image.index.length), signer, attestations, referrerManifests) : null);
        List<ManifestPut> found = parallel(lookups, ImagePusher::threadOfItsOwn);
        List<ManifestPut> platformManifests = found.subList(0, index).stream().filter(java.util.Objects::nonNull)
                .toList();
        return new Prepared(platformManifests, referrerManifests, found.get(index), found.get(signature),
                found.get(attestation), found.get(referrers), found.get(tag),
                signer == null ? 0 : attestations.statements().size());
    }

    /**
     * The last part of a push, once {@link #uploadBlobs} and {@link #prepare} have ended: the manifests put by digest
     * (the platform images' and the referrers'), the index by its digest, then the signature, the attestations and the
     * referrers index, and the tag last: whoever pulls the tag finds the image signed and attested already.
     */
    public Result finish(Image image, Blobs blobs, Prepared prepared) throws IOException, InterruptedException {
        List<Callable<Boolean>> byDigest = new ArrayList<>();
        prepared.platformManifests.forEach(m -> byDigest.add(() -> put(m)));
        prepared.referrerManifests.forEach(m -> byDigest.add(() -> put(m)));
        parallel(byDigest, pool);
        if (prepared.index != null) {
            put(prepared.index);
        }
        List<Callable<Boolean>> signatures = new ArrayList<>();
        for (ManifestPut m : java.util.Arrays.asList(prepared.signature, prepared.attestations, prepared.referrers)) {
            if (m != null) {
                signatures.add(() -> put(m));
            }
        }
        parallel(signatures, ImagePusher::threadOfItsOwn);
        if (prepared.tag != null) {
            put(prepared.tag);
        }
        int attested = (prepared.attestations != null ? 1 : 0)
                + (prepared.referrers != null ? prepared.referrerManifests.size() + 1 : 0);
        int put = prepared.platformManifests.size() + (prepared.index != null ? 1 : 0);
        boolean tagged = prepared.tag != null;
        boolean signed = prepared.signature != null;
        return new Result(image.indexDigest, blobs.uploaded(), blobs.present(), put + (tagged ? 1 : 0)
                + (signed ? 1 : 0) + attested, tagged, CosignSignature.tag(image.indexDigest), signed,
                prepared.statements, attested > 0);
    }

    private boolean put(ManifestPut m) throws IOException, InterruptedException {
        if (m.report() != null) {
            report(m.report());
        }
        registry.putManifest(m.reference(), m.mediaType(), m.bytes());
        return true;
    }

    /**
     * A signer that has already signed, on the calling thread, every message that {@link #finish} signs for the index
     * {@code indexDigest} with these attestations (the simple-signing payload, each statement's DSSE envelope, the
     * bundle-form signature's): called while the blobs go up, it takes the signing off the push's path after them. Its
     * signatures are those of {@code signer} (deterministic ECDSA); a message it does not know is signed when asked.
     */
    public PayloadSigner presign(String indexDigest, PayloadSigner signer, Attestations attestations) {
        String repository = registry.image().repositoryName();
        List<byte[]> messages = new ArrayList<>();
        messages.add(CosignSignature.payload(repository, indexDigest));
        if (attestations != Attestations.NONE) {
            List<ImageAttestation> statements = new ArrayList<>(attestations.statements());
            statements.add(ImageAttestation.signature(repository, indexDigest));
            statements.forEach(s -> messages.add(Dsse.pae(Dsse.IN_TOTO_PAYLOAD_TYPE, s.statement())));
        }
        Map<java.nio.ByteBuffer, byte[]> signed = new java.util.concurrent.ConcurrentHashMap<>();
        messages.forEach(m -> signed.put(java.nio.ByteBuffer.wrap(m), signer.sign(m)));
        return message -> {
            byte[] signature = signed.get(java.nio.ByteBuffer.wrap(message));
            return signature != null ? signature.clone() : signer.sign(message);
        };
    }

    private static DsseBundle envelope(ImageAttestation statement, PayloadSigner signer, String keyHint) {
        byte[] bytes = statement.statement();
        return new DsseBundle(Dsse.IN_TOTO_PAYLOAD_TYPE, bytes, keyHint,
                signer.sign(Dsse.pae(Dsse.IN_TOTO_PAYLOAD_TYPE, bytes)));
    }

    /** The envelope as cosign stores it in an attestation layer: the JSON object, without the JSON Lines newline. */
    static byte[] envelopeLayerBytes(DsseBundle envelope) {
        byte[] line = envelope.envelopeJson();
        return java.util.Arrays.copyOf(line, line.length - 1);
    }

    /**
     * The {@code sha256-<hex>.att} manifest with the attestations it lacks (made when there is none; layers already
     * there are kept, as cosign keeps them), its blobs uploaded; null when it has them all. Deterministic signatures
     * make a rerun's envelopes identical: nothing to put.
     */
    private ManifestPut attest(String digest, PayloadSigner signer, Attestations attestations)
            throws IOException, InterruptedException {
        String tag = CosignAttestations.tag(digest);
        List<CosignAttestations.Layer> layers = new ArrayList<>();
        Optional<RegistryClient.Manifest> existing = registry.fetchManifest(tag);
        existing.ifPresent(m -> layers.addAll(CosignAttestations.layers(m.json())));
        int before = layers.size();
        for (ImageAttestation statement : attestations.statements()) {
            byte[] envelope = envelopeLayerBytes(envelope(statement, signer, attestations.keyHint()));
            CosignAttestations.Layer layer = CosignAttestations.layer(envelope, statement.predicateType());
            if (!layers.contains(layer)) {
                uploadIfAbsent(layer.envelopeDigest(), envelope);
                layers.add(layer);
            }
        }
        if (layers.size() == before) {
            return null;
        }
        byte[] config = CosignAttestations.config(layers);
        uploadIfAbsent(CosignSignature.digest(config), config);
        return new ManifestPut(tag, RegistryClient.MANIFEST_MEDIA_TYPE, CosignAttestations.manifest(config, layers),
                "attestations " + tag + " (" + (layers.size() - before) + " new)");
    }

    /**
     * The bundle-form signature of the subject and every attestation as Sigstore bundles (DSSE form), each in a referrer
     * manifest put by its digest, all listed by the index under the referrers tag (entries already there are kept).
     * Uploads their blobs, adds the referrer manifests the registry lacks to {@code byDigest} and returns the referrers
     * index to put; null when it lists them all.
     */
    private ManifestPut referrers(ReferrersTag.Subject subject, PayloadSigner signer, Attestations attestations,
            List<ManifestPut> byDigest) throws IOException, InterruptedException {
        List<ImageAttestation> statements = new ArrayList<>();
        statements.add(ImageAttestation.signature(registry.image().repositoryName(), subject.digest()));
        statements.addAll(attestations.statements());
        String tag = ReferrersTag.tag(subject.digest());
        Optional<RegistryClient.Manifest> existing = registry.fetchManifest(tag);
        List<ReferrersTag.Entry> listed = existing.map(m -> ReferrersTag.entries(m.json())).orElse(List.of());
        List<ReferrersTag.Entry> added = new ArrayList<>();
        List<Callable<Boolean>> uploads = new ArrayList<>();
        for (ImageAttestation statement : statements) {
            byte[] bundle = envelope(statement, signer, attestations.keyHint()).bundleJson();
            byte[] manifest = ReferrersTag.manifest(subject, bundle, statement.predicateType());
            ReferrersTag.Entry entry = ReferrersTag.entry(manifest, statement.predicateType());
            if (listed.stream().anyMatch(e -> e.digest().equals(entry.digest()))) {
                continue;
            }
            uploads.add(() -> {
                uploadIfAbsent(CosignSignature.digest(bundle), bundle);
                if (absent(entry.digest())) {
                    byDigest.add(new ManifestPut(entry.digest(), RegistryClient.MANIFEST_MEDIA_TYPE, manifest, null));
                }
                return true;
            });
            added.add(entry);
        }
        if (added.isEmpty()) {
            return null;
        }
        uploads.add(() -> {
            uploadIfAbsent(CosignSignature.digest(ReferrersTag.EMPTY_CONFIG), ReferrersTag.EMPTY_CONFIG);
            return true;
        });
        parallel(uploads, pool);
        return new ManifestPut(tag, RegistryClient.INDEX_MEDIA_TYPE,
                ReferrersTag.index(existing.map(RegistryClient.Manifest::json).orElse(null), added),
                "referrers " + tag + " (" + added.size() + " bundle(s))");
    }

    /**
     * Asks for every blob and uploads the absent ones, {@value #PARALLEL_UPLOADS} at a time, the largest first (so the
     * small ones go up while the base layer streams). The registry checks each upload against its digest
     * ({@link RegistryClient#uploadBlob(String, Path)}), so a layout blob is read once. {@code underWay} runs when the
     * last {@code HEAD} is answered. Returns how many were uploaded; the first failure is thrown once the others have
     * ended.
     */
    private int uploadBlobs(Path layout, Map<String, Long> sizes, Runnable underWay)
            throws IOException, InterruptedException {
        java.util.concurrent.atomic.AtomicInteger unanswered = new java.util.concurrent.atomic.AtomicInteger(sizes.size());
        List<String> bySize = new ArrayList<>(sizes.keySet());
        bySize.sort(java.util.Comparator.comparing(sizes::get).reversed());
        List<Callable<Boolean>> uploads = new ArrayList<>();
        for (String digest : bySize) {
            uploads.add(() -> {
                boolean present;
                try {
                    present = registry.hasBlob(digest);
                } finally {
                    if (unanswered.decrementAndGet() == 0) {
                        underWay.run();
                    }
                }
                if (present) {
                    return false;
                }
                report("blob " + digest.substring(0, 19) + " (" + sizes.get(digest) + " bytes)");
                registry.uploadBlob(digest, blobFile(layout, digest));
                return true;
            });
        }
        return (int) parallel(uploads, pool).stream().filter(b -> b).count();
    }

    /**
     * Runs every task on {@code executor} and waits for all of them; their results in order. The first failure is
     * thrown once the others have ended (nothing is left running behind a failed push); an interrupt interrupts them.
     */
    private static <T> List<T> parallel(List<Callable<T>> tasks, java.util.concurrent.Executor executor)
            throws IOException, InterruptedException {
        List<java.util.concurrent.FutureTask<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            java.util.concurrent.FutureTask<T> future = new java.util.concurrent.FutureTask<>(task);
            futures.add(future);
            executor.execute(future);
        }
        List<T> results = new ArrayList<>();
        Throwable failure = null;
        for (Future<T> future : futures) {
            try {
                results.add(future.get());
            } catch (InterruptedException e) { // the push is cancelled: its uploads are interrupted, not left running
                futures.forEach(f -> f.cancel(true));
                throw e;
            } catch (ExecutionException e) {
                failure = failure == null ? e.getCause() : failure;
                results.add(null);
            }
        }
        if (failure instanceof IOException io) {
            throw io;
        } else if (failure instanceof RuntimeException runtime) {
            throw runtime;
        } else if (failure instanceof InterruptedException interrupted) {
            throw interrupted;
        } else if (failure instanceof Error error) {
            throw error;
        } else if (failure != null) {
            throw new IllegalStateException(failure);
        }
        return results;
    }

    private static void threadOfItsOwn(Runnable task) {
        Thread t = new Thread(task, "forgeline-image-push");
        t.setDaemon(true);
        t.start();
    }

    private synchronized void report(String line) {
        progress.accept(line);
    }

    private boolean absent(String digest) throws IOException, InterruptedException {
        return registry.manifestDigest(digest).isEmpty();
    }

    /**
     * The tag to put, pointing at the index; null when it names it already. A tag naming another image is refused
     * (exit 6).
     */
    private ManifestPut tag(String tag, String indexDigest, byte[] index) throws IOException, InterruptedException {
        Optional<String> current = registry.manifestDigest(tag);
        if (current.isPresent()) {
            if (current.get().equals(indexDigest)) {
                return null;
            }
            throw new ForgelineException(ExitCode.PUBLISH_CONFLICT, "the tag " + registry.image() + " names another "
                    + "image already (" + current.get() + ", not this release's " + indexDigest + "): nothing was "
                    + "overwritten", "a released tag is immutable: release a new version, or push to another tag", null);
        }
        return new ManifestPut(tag, RegistryClient.INDEX_MEDIA_TYPE, index, "tag " + tag + " -> " + indexDigest);
    }

    /**
     * The signature manifest with this signer's signature of {@code digest} added (made when there is none; other
     * signatures already there are kept, as cosign keeps them), its blobs uploaded; null when it holds it already.
     * Deterministic ECDSA makes a rerun's layer identical, so it finds itself.
     */
    private ManifestPut signature(String digest, PayloadSigner signer) throws IOException, InterruptedException {
        byte[] payload = CosignSignature.payload(registry.image().repositoryName(), digest);
        CosignSignature.Layer ours = CosignSignature.sign(payload, signer);
        String tag = CosignSignature.tag(digest);
        List<CosignSignature.Layer> layers = new ArrayList<>();
        Optional<RegistryClient.Manifest> existing = registry.fetchManifest(tag);
        if (existing.isPresent()) {
            layers.addAll(CosignSignature.layers(existing.get().json()));
            if (layers.contains(ours)) {
                return null;
            }
        }
        layers.add(ours);
        byte[] config = CosignSignature.config(layers);
        uploadIfAbsent(ours.payloadDigest(), payload);
        uploadIfAbsent(CosignSignature.digest(config), config);
        return new ManifestPut(tag, RegistryClient.MANIFEST_MEDIA_TYPE, CosignSignature.manifest(config, layers),
                "signature " + tag);
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
