package dev.forgeline.release.imagepush;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.common.Background;
import dev.forgeline.release.manifest.ImageRecord;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.registry.ImageAttestation;
import dev.forgeline.release.registry.ImagePusher;
import dev.forgeline.release.registry.PayloadSigner;
import dev.forgeline.release.registry.ImageReference;
import dev.forgeline.release.registry.RegistryClient;
import dev.forgeline.release.registry.RegistryCredentials;
import dev.forgeline.release.sign.SecretSource;
import dev.forgeline.release.sign.SigningKeys;
import dev.forgeline.release.sign.SigstoreKeySigner;
import dev.forgeline.release.sigstore.Pem;
import dev.forgeline.release.sigstore.PublicKeyHints;
import dev.forgeline.release.stage.Stage;
import dev.forgeline.release.stage.StageContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;

/**
 * The image-push stage ({@code publish --image REF}): the release's OCI image (the layout the image stage wrote, the
 * index its manifest records) pushed to a registry, tagged, and signed in cosign's form with the release's Sigstore
 * key, with its attestations (the image SBOM and SLSA provenance, {@link ImageStatements}) and the bundle-form
 * signature. The runner lets it run only behind the smoke gate (an image that failed its smoke test is never pushed) and,
 * when the Maven side is published in the same run, only after it was. There is no done check of its own: the push
 * asks the registry for every blob and manifest first, so a rerun uploads nothing.
 */
public final class ImagePushStage implements Stage<ImagePushed> {
    private final Path releaseDir;
    private final ImageReference reference;
    private final SecretSource sigstoreKey;
    private final Duration connectTimeout;
    private final Duration requestTimeout;

    public ImagePushStage(Path releaseDir, ImageReference reference, SecretSource sigstoreKey, Duration connectTimeout,
            Duration requestTimeout) {
        this.releaseDir = releaseDir.toAbsolutePath().normalize();
        this.reference = reference;
        this.sigstoreKey = sigstoreKey;
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
    }

    @Override
    public String name() {
        return "publish-image";
    }

    @Override
    public ImagePushed run(StageContext context) throws IOException, InterruptedException {
        if (!sigstoreKey.isPresent(context.env())) {
            throw ForgelineException.usage("the image is signed with the release's Sigstore key, and "
                    + sigstoreKey.describe() + " has none", "pass --sigstore-key FILE or set "
                    + sigstoreKey.environmentVariable() + " (the key that signed the release)");
        }
        RegistryCredentials credentials = RegistryCredentials.resolve(reference.registry(), context.env());
        context.report(name(), reference + " (" + credentials.description() + ")");
        RegistryClient client = new RegistryClient(reference, credentials, connectTimeout, requestTimeout);
        // The login (the JDK's HTTP client made, GET /v2/, a token if asked for) takes a large part of a second and
        // needs nothing of the release: it starts first. Its failure is not lost: the first request logs in again and
        // reports it.
        Background.start("forgeline-registry-login", () -> {
            client.login();
            return null;
        });
        ReleaseManifest manifest = ManifestStore.read(releaseDir);
        ImageRecord image = manifest.image();
        if (image == null) {
            throw ForgelineException.usage("the release in " + releaseDir + " has no image",
                    "build it with forgeline release --local (release.yaml's image), then publish --image");
        }
        Path layout = releaseDir.resolve(image.layout()).normalize();
        if (!layout.startsWith(releaseDir) || !Files.isRegularFile(layout.resolve("index.json"))) {
            throw new ForgelineException(ExitCode.CHECK_FAILED, "the image layout " + image.layout() + " of the release "
                    + "in " + releaseDir + " is missing", "rebuild it: forgeline release --local", null);
        }
        ImagePusher pusher = new ImagePusher(client, line -> context.report(name(), line));
        // The slow parts overlap: the blobs go up (nothing names them until finish) while the image's statements are
        // made and the key is loaded and checked here, then the signatures are made and the registry asked for the
        // rest (prepare). A failure of any one cancels the others and is reported once they have ended: no manifest
        // and no tag was put.
        ImagePusher.Image pushed = ImagePusher.read(layout, image.indexDigest());
        // The uploads start alone: the statements and the key wait until the registry has answered for every blob, so
        // that the two cores are not shared by the upload's start (the HTTP client's set-up, the login) and theirs.
        java.util.concurrent.CountDownLatch underWay = new java.util.concurrent.CountDownLatch(1);
        Background<ImagePusher.Blobs> blobs = Background.start("forgeline-image-blobs",
                () -> pusher.uploadBlobs(pushed, underWay::countDown));
        Background<List<ImageAttestation>> statements = null;
        ImagePusher.Prepared prepared;
        ImagePusher.Blobs uploaded;
        try {
            underWay.await();
            statements = Background.start("forgeline-image-statements",
                    () -> ImageStatements.of(releaseDir, manifest, reference.repositoryName()));
            SigstoreKeySigner signer = SigningKeys.sigstoreOnly(sigstoreKey, context.env());
            requireReleaseKey(signer.publicKey());
            ImagePusher.Attestations attestations = new ImagePusher.Attestations(signer.keyId(), statements.join());
            PayloadSigner presigned = pusher.presign(image.indexDigest(), signer::signMessage, attestations);
            prepared = pusher.prepare(pushed, presigned, attestations);
            uploaded = blobs.join();
        } finally {
            blobs.cancel(); // both have ended here, unless one failed or this thread was interrupted
            if (statements != null) {
                statements.cancel();
            }
        }
        ImagePusher.Result result = pusher.finish(pushed, uploaded, prepared);
        return new ImagePushed(reference.toString(), result);
    }

    /** The key must be the one whose public half the release exported (keys/sigstore-public.pem), when it did. */
    private void requireReleaseKey(PublicKey key) throws IOException {
        Path exported = releaseDir.resolve("keys").resolve(SigningKeys.SIGSTORE_PUBLIC_FILE);
        if (!Files.isRegularFile(exported)) {
            return;
        }
        List<PublicKey> releaseKeys = Pem.publicKeys(Files.readString(exported));
        if (releaseKeys.stream().noneMatch(k -> java.util.Arrays.equals(k.getEncoded(), key.getEncoded()))) {
            throw ForgelineException.usage("the Sigstore key given (" + PublicKeyHints.of(key) + ") is not the one "
                    + "that signed the release (keys/" + SigningKeys.SIGSTORE_PUBLIC_FILE + ")",
                    "sign the image with the release's own Sigstore key");
        }
    }
}
