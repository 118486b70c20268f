package dev.forgeline.release.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forgeline.release.manifest.ImageRecord;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.imagepush.ImageStatements;
import dev.forgeline.release.registry.CosignAttestations;
import dev.forgeline.release.registry.CosignSignature;
import dev.forgeline.release.registry.ImageAttestation;
import dev.forgeline.release.registry.ImagePusher;
import dev.forgeline.release.registry.ImageReference;
import dev.forgeline.release.registry.PayloadSigner;
import dev.forgeline.release.registry.RegistryClient;
import dev.forgeline.release.registry.RegistryCredentials;
import dev.forgeline.release.sign.SecretSource;
import dev.forgeline.release.sign.SigningKeys;
import dev.forgeline.release.sign.SigstoreKeySigner;
import dev.forgeline.release.sigstore.Dsse;
import java.nio.charset.StandardCharsets;
import dev.forgeline.release.testing.CliRun;
import dev.forgeline.release.testing.DockerRegistry;
import dev.forgeline.release.testing.ForgelineProcess;
import dev.forgeline.release.testing.ProjectRelease;
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
 * signature by an untrusted key; and the attestations: for another image, a payload changed after signing, an SBOM
 * naming another native library, none when required.
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
    private SigstoreKeySigner releaseSigner;

    @BeforeAll
    void registryAndRelease(@TempDir Path dir) throws Exception {
        temp = dir;
        release = ProjectRelease.withImageSmokedInChroot(); // read only: pushed through the API, verified
        image = ManifestStore.read(release).image();
        version = ManifestStore.read(release).project().version();
        registry = DockerRegistry.start(dir.resolve("registry"), USER, PASSWORD);
        releaseSigner = SigningKeys.sigstoreOnly(SecretSource.file(ProjectRelease.sigstoreKey()), Map.of());
        releaseKey = releaseSigner::signMessage;
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

    /** The image pushed, signed and attested as publish --image does it, with these statements. */
    private RegistryClient pushAttested(String repository, PayloadSigner signer, List<ImageAttestation> statements)
            throws Exception {
        RegistryClient client = client(repository);
        new ImagePusher(client, line -> { }).push(release.resolve(image.layout()), image.indexDigest(), signer,
                new ImagePusher.Attestations(releaseSigner.keyId(), statements));
        return client;
    }

    /** The statements publish --image attests of the release's image pushed to {@code repository}. */
    private List<ImageAttestation> statements(String repository) throws Exception {
        return ImageStatements.of(release, ManifestStore.read(release), registry.host() + "/" + repository);
    }

    /** verify's JSON report of the release and the image; the image's verdicts alone, keyed by artifact. */
    private List<JsonNode> verify(String repository, int expectedExit, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("verify", "--json", "--release", release.toString(),
                "--pgp-keys", release.resolve("keys/pgp-public.asc").toString(), "--sigstore-keys",
                release.resolve("keys/sigstore-public.pem").toString(), "--image",
                registry.host() + "/" + repository + ":" + version));
        args.addAll(List.of(options));
        CliRun run = ForgelineProcess.run(temp, Map.of(RegistryCredentials.USERNAME_ENV, USER,
                RegistryCredentials.PASSWORD_ENV, PASSWORD), args.toArray(String[]::new));
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
        pushAttested("forgeline/gateway", releaseKey, statements("forgeline/gateway"));
        List<JsonNode> verdicts = verify("forgeline/gateway", 0, "--require-sbom");
        assertEquals(1 + image.platforms().size(), verdicts.size(), verdicts.toString());
        verdicts.forEach(v -> assertEquals("verified", v.get("verdict").asText(), v.toString()));
        String all = verdicts.toString();
        assertTrue(all.contains("cosign signature of " + image.indexDigest()), all);
        assertTrue(all.contains("native library " + image.platforms().get("linux-x86_64").librarySha256()), all);
        for (String type : List.of(ImageAttestation.SBOM, ImageAttestation.PROVENANCE)) {
            assertTrue(all.contains(type + " of " + image.indexDigest() + " in " + CosignAttestations.tag(
                    image.indexDigest())), type + " in the .att tag: " + all);
        }
        for (String type : List.of(ImageAttestation.SIGNATURE, ImageAttestation.SBOM, ImageAttestation.PROVENANCE)) {
            assertTrue(all.contains(type + " of " + image.indexDigest() + " in referrer sha256:"), type + " bundle: " + all);
        }
    }

    @Test
    void verify_attestationsOfAnotherImage_failAttestationOtherSubject() throws Exception {
        String repository = "forgeline/attested-other";
        String other = "sha256:" + "0".repeat(64);
        List<ImageAttestation> statements = new ArrayList<>();
        for (ImageAttestation a : statements(repository)) {
            statements.add(!a.predicateType().equals(ImageAttestation.SBOM) ? a : new ImageAttestation(a.predicateType(),
                    new String(a.statement(), StandardCharsets.UTF_8).replace(image.indexDigest().substring(7),
                            other.substring(7)).getBytes(StandardCharsets.UTF_8)));
        }
        pushAttested(repository, releaseKey, statements);
        List<String> reasons = reasons(verify(repository, 1));
        assertEquals(List.of("IMAGE_ATTESTATION_OTHER_SUBJECT", "IMAGE_ATTESTATION_OTHER_SUBJECT"), reasons,
                "the SBOM, in the .att tag and as a bundle");
    }

    @Test
    void verify_anAttestationWhosePayloadChangedAfterSigning_failsAttestationUntrusted() throws Exception {
        String repository = "forgeline/attested-changed";
        List<ImageAttestation> statements = statements(repository);
        ImageAttestation sbom = statements.get(0);
        String library = image.platforms().get("linux-x86_64").librarySha256();
        byte[] changed = new String(sbom.statement(), StandardCharsets.UTF_8).replace("\"name\":\"libc6\"",
                "\"name\":\"libc6-evil\"").getBytes(StandardCharsets.UTF_8);
        assertTrue(!java.util.Arrays.equals(changed, sbom.statement()), "the SBOM names libc6");
        byte[] changedPae = Dsse.pae(Dsse.IN_TOTO_PAYLOAD_TYPE, changed);
        byte[] originalPae = Dsse.pae(Dsse.IN_TOTO_PAYLOAD_TYPE, sbom.statement());
        // Signs everything as the release key does, except that the changed SBOM gets the original's signature.
        PayloadSigner tampering = bytes -> releaseSigner.signMessage(
                java.util.Arrays.equals(bytes, changedPae) ? originalPae : bytes);
        pushAttested(repository, tampering, List.of(new ImageAttestation(ImageAttestation.SBOM, changed),
                statements.get(1)));
        assertEquals(List.of("IMAGE_ATTESTATION_UNTRUSTED", "IMAGE_ATTESTATION_UNTRUSTED"), reasons(verify(repository, 1)),
                "the SBOM, in the .att tag and as a bundle; library " + library);
    }

    @Test
    void verify_anSbomNamingAnotherNativeLibrary_failsSbomNativeLibraryMismatch() throws Exception {
        String repository = "forgeline/attested-library";
        List<ImageAttestation> statements = new ArrayList<>(statements(repository));
        String library = image.platforms().get("linux-x86_64").librarySha256();
        statements.set(0, new ImageAttestation(ImageAttestation.SBOM, new String(statements.get(0).statement(),
                StandardCharsets.UTF_8).replace(library, "f".repeat(64)).getBytes(StandardCharsets.UTF_8)));
        pushAttested(repository, releaseKey, statements);
        assertEquals(List.of("IMAGE_SBOM_NATIVE_LIBRARY_MISMATCH", "IMAGE_SBOM_NATIVE_LIBRARY_MISMATCH"),
                reasons(verify(repository, 1)));
    }

    @Test
    void verify_requireSbomOfAnImageWithoutAttestations_failsAttestationMissing() throws Exception {
        push("forgeline/unattested", releaseKey);
        assertEquals(List.of("IMAGE_ATTESTATION_MISSING", "IMAGE_ATTESTATION_MISSING"),
                reasons(verify("forgeline/unattested", 1, "--require-sbom")), "the SBOM, in the .att tag and as a bundle");
        assertEquals(List.of(), reasons(verify("forgeline/unattested", 0)), "not required: not present");
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
