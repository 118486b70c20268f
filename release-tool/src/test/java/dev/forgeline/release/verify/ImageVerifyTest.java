package dev.forgeline.release.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forgeline.release.manifest.ImageRecord;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.registry.CosignSignature;
import dev.forgeline.release.registry.ImagePusher;
import dev.forgeline.release.registry.ImageReference;
import dev.forgeline.release.registry.PayloadSigner;
import dev.forgeline.release.registry.RegistryClient;
import dev.forgeline.release.registry.RegistryCredentials;
import dev.forgeline.release.sign.SecretSource;
import dev.forgeline.release.sign.SigningKeys;
import dev.forgeline.release.testing.CliRun;
import dev.forgeline.release.testing.DockerRegistry;
import dev.forgeline.release.testing.ForgelineProcess;
import dev.forgeline.release.testing.ImageRelease;
import dev.forgeline.release.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code forgeline verify --release DIR --image REF} against a real registry (docker-registry, htpasswd auth): the
 * release's own image verifies, and each way an image can differ from the release fails with its own reason: the tag
 * moved to another manifest, a layer served with other bytes, a signature of another digest, no signature, a
 * signature by an untrusted key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageVerifyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "verifier";
    private static final String PASSWORD = "pw-" + Long.toHexString(new java.security.SecureRandom().nextLong());

    private Path temp;
    private Path release;
    private ImageRecord image;
    private String version;
    private DockerRegistry registry;
    private PayloadSigner releaseKey;

    @BeforeAll
    void registryAndRelease(@TempDir Path dir) throws Exception {
        temp = dir;
        release = ImageRelease.dir();
        image = ManifestStore.read(release).image();
        version = ManifestStore.read(release).project().version();
        registry = DockerRegistry.start(dir.resolve("registry"), USER, PASSWORD);
        releaseKey = SigningKeys.sigstoreOnly(SecretSource.file(ImageRelease.sigstoreKey()), Map.of())::signMessage;
    }

    @AfterAll
    void stop() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    private RegistryClient client(String repository) {
        return new RegistryClient(ImageReference.parse(registry.host() + "/" + repository + ":" + version, "test"),
                RegistryCredentials.basic(USER, PASSWORD, "test"));
    }

    private RegistryClient push(String repository, PayloadSigner signer) throws Exception {
        RegistryClient client = client(repository);
        new ImagePusher(client, line -> { }).push(release.resolve(image.layout()), image.indexDigest(), signer);
        return client;
    }

    /** verify's JSON report of the release and the image; the image's verdicts alone, keyed by artifact. */
    private List<JsonNode> verify(String repository, int expectedExit) throws Exception {
        CliRun run = ForgelineProcess.run(temp, Map.of(RegistryCredentials.USERNAME_ENV, USER,
                RegistryCredentials.PASSWORD_ENV, PASSWORD), "verify", "--json", "--release", release.toString(),
                "--pgp-keys", release.resolve("keys/pgp-public.asc").toString(), "--sigstore-keys",
                release.resolve("keys/sigstore-public.pem").toString(), "--image",
                registry.host() + "/" + repository + ":" + version);
        assertEquals(expectedExit, run.exitCode(), run.err() + run.out());
        List<JsonNode> images = new ArrayList<>();
        for (JsonNode a : JSON.readTree(run.out()).get("artifacts")) {
            if (a.get("artifact").asText().startsWith("image ")) {
                images.add(a);
            } else {
                assertEquals("verified", a.get("verdict").asText(), "the release's files verify: " + a);
            }
        }
        return images;
    }

    private static List<String> reasons(List<JsonNode> verdicts) {
        List<String> reasons = new ArrayList<>();
        verdicts.forEach(v -> v.get("checks").forEach(c -> {
            if (c.has("reason")) {
                reasons.add(c.get("reason").asText());
            }
        }));
        return reasons;
    }

    @Test
    void verify_theReleasesOwnSignedImage_verifiesTheIndexSignatureEveryLayerAndTheNativeLibrary() throws Exception {
        push("forgeline/gateway", releaseKey);
        List<JsonNode> verdicts = verify("forgeline/gateway", 0);
        assertEquals(1 + image.platforms().size(), verdicts.size(), verdicts.toString());
        verdicts.forEach(v -> assertEquals("verified", v.get("verdict").asText(), v.toString()));
        String all = verdicts.toString();
        assertTrue(all.contains("cosign signature of " + image.indexDigest()), all);
        assertTrue(all.contains("native library " + image.platforms().get("linux-x86_64").librarySha256()), all);
    }

    @Test
    void verify_aTagMovedToAnotherManifest_failsTagMoved() throws Exception {
        RegistryClient client = push("forgeline/moved", releaseKey);
        String platform = image.platforms().get("linux-x86_64").manifestDigest();
        byte[] other = client.fetchManifest(platform).orElseThrow().bytes();
        client.putManifest(version, RegistryClient.MANIFEST_MEDIA_TYPE, other);
        assertEquals(List.of("IMAGE_TAG_MOVED"), reasons(verify("forgeline/moved", 1)));
    }

    @Test
    void verify_aLayerServedWithOtherBytes_failsLayerChanged() throws Exception {
        // A separate registry: distribution keeps one copy of a blob for every repository.
        try (DockerRegistry broken = DockerRegistry.start(temp.resolve("broken-registry"), USER, PASSWORD)) {
            RegistryClient client = new RegistryClient(ImageReference.parse(broken.host() + "/forgeline/gateway:"
                    + version, "test"), RegistryCredentials.basic(USER, PASSWORD, "test"));
            new ImagePusher(client, line -> { }).push(release.resolve(image.layout()), image.indexDigest(), releaseKey);
            ImageRecord.Layer project = image.platforms().get("linux-x86_64").layers().get(3);
            Path data = broken.blobData(project.digest());
            byte[] bytes = Files.readAllBytes(data);
            bytes[bytes.length / 2] ^= 1;
            Files.write(data, bytes);
            CliRun run = ForgelineProcess.run(temp, Map.of(RegistryCredentials.USERNAME_ENV, USER,
                    RegistryCredentials.PASSWORD_ENV, PASSWORD), "verify", "--json", "--require", "sigstore",
                    "--sigstore-keys", release.resolve("keys/sigstore-public.pem").toString(), "--release",
                    release.toString(), "--image", broken.host() + "/forgeline/gateway:" + version);
            assertEquals(1, run.exitCode(), run.err() + run.out());
            assertTrue(run.out().contains("\"IMAGE_LAYER_CHANGED\""), run.out());
            assertTrue(run.out().contains("project " + project.digest() + " served with digest"), run.out());
        }
    }

    @Test
    void verify_aSignatureOfAnotherDigest_failsOtherDigest() throws Exception {
        RegistryClient client = push("forgeline/other-digest", null);
        String otherDigest = image.platforms().get("linux-x86_64").manifestDigest();
        byte[] payload = CosignSignature.payload(registry.host() + "/forgeline/other-digest", otherDigest);
        List<CosignSignature.Layer> layers = List.of(CosignSignature.sign(payload, releaseKey));
        byte[] config = CosignSignature.config(layers);
        client.uploadBlob(layers.get(0).payloadDigest(), payload);
        client.uploadBlob("sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest
                .getInstance("SHA-256").digest(config)), config);
        client.putManifest(CosignSignature.tag(image.indexDigest()), RegistryClient.MANIFEST_MEDIA_TYPE,
                CosignSignature.manifest(config, layers));
        assertEquals(List.of("IMAGE_SIGNATURE_OTHER_DIGEST"), reasons(verify("forgeline/other-digest", 1)));
    }

    @Test
    void verify_anUnsignedImage_failsSignatureMissing() throws Exception {
        push("forgeline/unsigned", null);
        assertEquals(List.of("IMAGE_SIGNATURE_MISSING"), reasons(verify("forgeline/unsigned", 1)));
    }

    @Test
    void verify_anImageSignedByAnUntrustedKey_failsUntrusted() throws Exception {
        push("forgeline/untrusted", TestKeys.untrusted().sigstore()::signMessage);
        assertEquals(List.of("IMAGE_SIGNATURE_UNTRUSTED"), reasons(verify("forgeline/untrusted", 1)));
    }

    @Test
    void verify_imageWithoutRelease_isBadUsage() {
        CliRun run = CliRun.of("verify", "--sigstore-keys", release.resolve("keys/sigstore-public.pem").toString(),
                "--require", "sigstore", "--image",
                "127.0.0.1:1/forgeline/gateway:1");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("--image needs --release DIR"), run.err());
    }
}
