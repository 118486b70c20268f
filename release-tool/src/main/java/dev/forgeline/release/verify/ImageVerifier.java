package dev.forgeline.release.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.manifest.ImageRecord;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.manifest.TargetId;
import dev.forgeline.release.registry.CosignSignature;
import dev.forgeline.release.registry.RegistryClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Verifies the release's image in a registry ({@code verify --image REF}) against the release's manifest and the
 * policy's trusted Sigstore keys: the tag names the index the release recorded; a cosign signature of that digest
 * (tag {@code sha256-<hex>.sig}) verifies with a trusted key and names that very digest; every blob of every platform
 * image is served with its digest; and each platform image's project layer holds the classifier jar whose native
 * library has the SHA-256 the release records for that target; and the attestations ({@link ImageAttestationCheck}).
 * One verdict for the index, one per platform image,
 * each failure with its own {@link FailureReason}.
 */
public final class ImageVerifier {
    private static final long MAX_JAR = 256L << 20;

    private final VerificationPolicy policy;
    /** The trusted Sigstore keys, each prepared once for every signature and attestation of the image. */
    private final TrustedKeySignatures signatures;

    public ImageVerifier(VerificationPolicy policy) {
        this.policy = policy;
        this.signatures = new TrustedKeySignatures(policy, new SigstoreSignatures());
    }

    public List<ArtifactVerdict> verify(RegistryClient registry, ReleaseManifest release, Path work)
            throws IOException, InterruptedException {
        ImageRecord image = release.image();
        if (image == null) {
            throw ForgelineException.usage("the release has no image to compare " + registry.image() + " with",
                    "give --release DIR of a release built with its image (forgeline release --local)");
        }
        String name = "image " + registry.image();
        String expected = image.indexDigest();
        Optional<String> tagged = registry.manifestDigest(registry.image().manifestReference());
        if (tagged.isEmpty()) {
            return List.of(new ArtifactVerdict(name, null, List.of(CheckResult.failed(FailureReason.IMAGE_NOT_FOUND,
                    registry.image().toString()))));
        }
        if (!tagged.get().equals(expected)) {
            return List.of(new ArtifactVerdict(name, hex(tagged.get()), List.of(CheckResult.failed(
                    FailureReason.IMAGE_TAG_MOVED, "(" + tagged.get() + ", the release's is " + expected + ")"))));
        }
        List<CheckResult> indexChecks = new ArrayList<>();
        JsonNode index;
        try {
            index = registry.fetchManifest(expected).orElseThrow(() -> new IOException("gone")).json();
            indexChecks.add(CheckResult.passed(Check.IMAGE, "tag names " + expected, null));
        } catch (RegistryClient.DigestMismatchException e) {
            indexChecks.add(CheckResult.failed(FailureReason.IMAGE_MANIFEST_CHANGED, "(index " + expected
                    + " was served with digest " + e.actual() + ")"));
            return List.of(new ArtifactVerdict(name, hex(expected), indexChecks));
        }
        indexChecks.add(signature(registry, expected));
        indexChecks.addAll(new ImageAttestationCheck(policy, signatures).check(registry, release, image));
        List<ArtifactVerdict> verdicts = new ArrayList<>();
        verdicts.add(new ArtifactVerdict(name, hex(expected), indexChecks));
        for (JsonNode descriptor : index.path("manifests")) {
            verdicts.add(platform(registry, release, image, descriptor.path("digest").asText(), work));
        }
        return verdicts;
    }

    /** The cosign signature of {@code digest}: found, verifying with a trusted key, naming that digest. */
    private CheckResult signature(RegistryClient registry, String digest) throws IOException, InterruptedException {
        Optional<RegistryClient.Manifest> manifest = registry.fetchManifest(CosignSignature.tag(digest));
        if (manifest.isEmpty()) {
            return CheckResult.failed(FailureReason.IMAGE_SIGNATURE_MISSING, "(" + CosignSignature.tag(digest) + ")");
        }
        List<CosignSignature.Layer> layers = CosignSignature.layers(manifest.get().json());
        if (layers.isEmpty()) {
            return CheckResult.failed(FailureReason.IMAGE_SIGNATURE_MALFORMED, "(no " + CosignSignature.PAYLOAD_MEDIA_TYPE
                    + " layer with a " + CosignSignature.SIGNATURE_ANNOTATION + " annotation)");
        }
        String otherDigest = null;
        for (CosignSignature.Layer layer : layers) {
            ByteArrayOutputStream payload = new ByteArrayOutputStream();
            try {
                registry.fetchBlob(layer.payloadDigest(), payload);
            } catch (RegistryClient.DigestMismatchException e) {
                continue; // a payload that is not what the manifest names verifies nothing
            }
            Optional<String> key = trustedKeyOf(payload.toByteArray(), layer.signatureBase64());
            if (key.isEmpty()) {
                continue;
            }
            CosignSignature.Payload parsed;
            try {
                parsed = CosignSignature.Payload.parse(payload.toByteArray());
            } catch (IOException e) {
                return CheckResult.failed(FailureReason.IMAGE_SIGNATURE_MALFORMED, "(" + e.getMessage() + ")");
            }
            if (digest.equals(parsed.manifestDigest()) && CosignSignature.TYPE.equals(parsed.type())) {
                return CheckResult.passed(Check.SIGSTORE, "cosign signature of " + digest, key.get());
            }
            otherDigest = parsed.manifestDigest();
        }
        return otherDigest != null
                ? CheckResult.failed(FailureReason.IMAGE_SIGNATURE_OTHER_DIGEST, "(" + otherDigest + ", not " + digest + ")")
                : CheckResult.failed(FailureReason.IMAGE_SIGNATURE_UNTRUSTED, "(" + layers.size() + " signature(s) in "
                        + CosignSignature.tag(digest) + ")");
    }

    /** The hint of the trusted key a cosign simple-signing signature (no key hint: any trusted key) verifies with. */
    private Optional<String> trustedKeyOf(byte[] payload, String signatureBase64) {
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(signatureBase64);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        TrustedKeySignatures.Outcome outcome = signatures.verify(null, payload, signature);
        return outcome.verified() ? Optional.of(outcome.keyHint()) : Optional.empty();
    }

    /** One platform image: a manifest the release recorded, every blob with its digest, the release's native library. */
    private ArtifactVerdict platform(RegistryClient registry, ReleaseManifest release, ImageRecord image,
            String manifestDigest, Path work) throws IOException, InterruptedException {
        var entry = image.platforms().entrySet().stream()
                .filter(e -> e.getValue().manifestDigest().equals(manifestDigest)).findFirst();
        String name = "image " + registry.image() + " " + entry.map(e -> e.getValue().platform()).orElse(manifestDigest);
        if (entry.isEmpty()) {
            return new ArtifactVerdict(name, hex(manifestDigest), List.of(CheckResult.failed(
                    FailureReason.IMAGE_MANIFEST_CHANGED, "(" + manifestDigest + " is no platform image of the release)")));
        }
        String classifier = entry.get().getKey();
        ImageRecord.PlatformImage recorded = entry.get().getValue();
        JsonNode manifest;
        try {
            manifest = registry.fetchManifest(manifestDigest).orElseThrow(() -> new IOException("gone")).json();
        } catch (RegistryClient.DigestMismatchException e) {
            return new ArtifactVerdict(name, hex(manifestDigest), List.of(CheckResult.failed(
                    FailureReason.IMAGE_MANIFEST_CHANGED, "(" + manifestDigest + " served as " + e.actual() + ")")));
        }
        List<CheckResult> checks = new ArrayList<>();
        List<String> blobs = new ArrayList<>();
        blobs.add(manifest.path("config").path("digest").asText());
        manifest.path("layers").forEach(l -> blobs.add(l.path("digest").asText()));
        String projectLayer = recorded.layers().stream().filter(l -> l.role().equals("project"))
                .map(ImageRecord.Layer::digest).findFirst().orElse(null);
        Path projectFile = Files.createTempFile(work, "project-layer-", ".tar");
        try {
            for (String blob : blobs) {
                try (OutputStream out = blob.equals(projectLayer) ? Files.newOutputStream(projectFile)
                        : OutputStream.nullOutputStream()) {
                    registry.fetchBlob(blob, out);
                } catch (RegistryClient.DigestMismatchException e) {
                    String role = recorded.layers().stream().filter(l -> l.digest().equals(blob))
                            .map(ImageRecord.Layer::role).findFirst().orElse("config");
                    checks.add(CheckResult.failed(FailureReason.IMAGE_LAYER_CHANGED, "(" + role + " " + blob
                            + " served with digest " + e.actual() + ")"));
                    return new ArtifactVerdict(name, hex(manifestDigest), checks);
                }
            }
            checks.add(CheckResult.passed(Check.IMAGE, blobs.size() + " blobs with their digests", null));
            checks.add(nativeLibrary(release, classifier, recorded, projectLayer == null ? null : projectFile));
        } finally {
            Files.deleteIfExists(projectFile);
        }
        return new ArtifactVerdict(name, hex(manifestDigest), checks);
    }

    private static CheckResult nativeLibrary(ReleaseManifest release, String classifier,
            ImageRecord.PlatformImage recorded, Path projectLayer) throws IOException {
        ReleaseManifest.TargetRecord target = release.target(TargetId.of(classifier));
        if (target == null || target.library() == null) {
            return CheckResult.failed(FailureReason.IMAGE_NATIVE_LIBRARY_MISMATCH, "(the release built no " + classifier
                    + " library)");
        }
        Optional<ImageRecord.Jar> jar = recorded.jars().stream()
                .filter(j -> j.coordinate().contains(":" + classifier + ":")).findFirst();
        if (jar.isEmpty() || projectLayer == null) {
            return CheckResult.failed(FailureReason.IMAGE_NATIVE_LIBRARY_MISMATCH, "(no " + classifier + " jar recorded)");
        }
        Optional<byte[]> jarBytes;
        try (InputStream in = Files.newInputStream(projectLayer)) {
            jarBytes = TarEntries.read(in, jar.get().path().replaceFirst("^/", ""), MAX_JAR);
        }
        if (jarBytes.isEmpty()) {
            return CheckResult.failed(FailureReason.IMAGE_NATIVE_LIBRARY_MISMATCH, "(no " + jar.get().path()
                    + " in its project layer)");
        }
        String libraryPath = "META-INF/native/" + classifier + "/" + target.library().file();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jarBytes.get()))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().equals(libraryPath)) {
                    String sha = sha256(zip);
                    return sha.equals(target.library().sha256())
                            ? CheckResult.passed(Check.IMAGE, "native library " + sha, null)
                            : CheckResult.failed(FailureReason.IMAGE_NATIVE_LIBRARY_MISMATCH, "(" + libraryPath
                                    + " has SHA-256 " + sha + ", the release's is " + target.library().sha256() + ")");
                }
            }
        }
        return CheckResult.failed(FailureReason.IMAGE_NATIVE_LIBRARY_MISMATCH, "(no " + libraryPath + " in "
                + jar.get().path() + ")");
    }

    private static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(String digest) {
        return digest.startsWith("sha256:") ? digest.substring(7) : digest;
    }
}
