package dev.forgeline.release.imagepush;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forgeline.release.manifest.ImageRecord;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.registry.CosignAttestations;
import dev.forgeline.release.registry.CosignSignature;
import dev.forgeline.release.registry.ImageAttestation;
import dev.forgeline.release.registry.ImageReference;
import dev.forgeline.release.registry.ReferrersTag;
import dev.forgeline.release.registry.RegistryClient;
import dev.forgeline.release.testing.CycloneDxJs;
import dev.forgeline.release.registry.RegistryCredentials;
import dev.forgeline.release.sign.KeySources;
import dev.forgeline.release.testing.CliRun;
import dev.forgeline.release.testing.DockerRegistry;
import dev.forgeline.release.testing.ForgelineProcess;
import dev.forgeline.release.testing.Prerequisites;
import dev.forgeline.release.testing.ProjectRelease;
import dev.forgeline.release.testing.RegistryFront;
import dev.forgeline.release.testing.TestProjects;
import dev.forgeline.release.testing.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code forgeline publish --image REF} against a real registry (Debian's docker-registry, distribution 2.8, with
 * htpasswd auth on loopback), the CLI run as a child process with its login in the environment or Docker's
 * config.json: the push order, a rerun that uploads nothing, what skopeo reads back, the cosign-style signature
 * checked by openssl, and the login failures, with the password in none of the output. The class's fixture, built
 * once before any test, is the release's image published to {@link #reference}: every test reads it or publishes
 * elsewhere, so each passes alone and in any order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublishImageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "ci-pusher";
    private static final String PASSWORD = "pw-" + Long.toHexString(new java.security.SecureRandom().nextLong());

    private Path temp;
    private Path release;
    private ImageRecord image;
    private DockerRegistry registry;
    private String reference;
    /** The fixture's publish to {@link #reference}, the first there, and the registry's PUT lines it made. */
    private CliRun first;
    private List<String> firstPuts;

    @BeforeAll
    void registryAndRelease(@TempDir Path dir) throws Exception {
        Prerequisites.command("skopeo", "sudo apt-get install -y skopeo");
        Prerequisites.command("openssl", "sudo apt-get install -y openssl");
        temp = dir;
        // A copy: publish writes its journal into the release it publishes.
        ProjectRelease.withImageSmokedInChroot();
        release = ProjectRelease.copy(dir.resolve("release"));
        image = ManifestStore.read(release).image();
        registry = DockerRegistry.start(dir.resolve("registry"), USER, PASSWORD);
        reference = registry.host() + "/forgeline/gateway:" + ManifestStore.read(release).project().version();
        first = publish(withKey(login()), reference);
        assertEquals(0, first.exitCode(), "the fixture's publish failed:\n" + first.err() + first.out());
        firstPuts = imagePuts();
    }

    /** The registry's access-log lines of PUTs into forgeline/gateway (the fixture's repository), in order. */
    private List<String> imagePuts() {
        return registry.log().lines().filter(l -> l.contains("\"PUT /v2/forgeline/gateway/")).toList();
    }

    @AfterAll
    void stop() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    private static Map<String, String> login() {
        return Map.of(RegistryCredentials.USERNAME_ENV, USER, RegistryCredentials.PASSWORD_ENV, PASSWORD);
    }

    private static Map<String, String> withKey(Map<String, String> env) throws Exception {
        Map<String, String> all = new HashMap<>(env);
        all.put(KeySources.SIGSTORE_KEY_ENV, Files.readString(ProjectRelease.sigstoreKey()));
        return all;
    }

    private CliRun publish(Map<String, String> env, String ref) throws Exception {
        CliRun run = ForgelineProcess.run(temp, env, "publish", "--from", release.toString(), "--image", ref);
        assertFalse((run.out() + run.err()).contains(PASSWORD), "the password is in the output:\n" + run.err());
        return run;
    }

    @Test
    void publish_pushesBlobsThenManifestsByDigestThenSignaturesThenTheTag_andARerunUploadsNothing() throws Exception {
        assertTrue(first.err().contains("environment " + RegistryCredentials.USERNAME_ENV + " (user " + USER + ")"),
                first.err());
        List<String> log = firstPuts;
        ImageRecord.PlatformImage platform = image.platforms().get("linux-x86_64");
        int blobs = platform.layers().size() + 1; // the layers and the config
        List<String> blobPuts = log.stream().filter(l -> l.contains("/blobs/uploads/")).toList();
        // The signature's payload and config; the .att tag's two envelopes (SBOM, provenance) and config; the
        // referrers' empty config and three bundles (the signature, the SBOM, the provenance).
        assertEquals(blobs + 2 + 3 + 4, blobPuts.size(), "every blob of the image, then the signature's and the "
                + "attestations': " + log);
        List<String> imageBlobs = new ArrayList<>();
        imageBlobs.add(platform.configDigest());
        platform.layers().forEach(l -> imageBlobs.add(l.digest()));
        int lastImageBlob = -1;
        for (String digest : imageBlobs) { // the PUT that closes an upload names its digest (sha256%3A<hex>)
            lastImageBlob = Math.max(lastImageBlob, indexOf(log, digest.substring(7) + " "));
        }
        int platformManifest = indexOf(log, "/manifests/" + platform.manifestDigest());
        int index = indexOf(log, "/manifests/" + image.indexDigest());
        int tag = indexOf(log, "/manifests/" + reference.substring(reference.lastIndexOf(':') + 1) + " ");
        int signature = indexOf(log, "/manifests/" + CosignSignature.tag(image.indexDigest()));
        int attestations = indexOf(log, "/manifests/" + CosignAttestations.tag(image.indexDigest()));
        int referrers = indexOf(log, "/manifests/" + ReferrersTag.tag(image.indexDigest()) + " ");
        assertTrue(lastImageBlob < platformManifest && platformManifest < index && index < signature
                && index < attestations && index < referrers && signature < tag && attestations < tag
                && referrers < tag, "blobs, platform manifest, index, the signature, attestations and referrers, "
                + "then the tag: " + log);
        assertEquals(log.size() - 1, tag, "the tag is the last thing put: " + log);
        assertTrue(first.out().contains("2 attestation(s) put"), first.out());
        assertTrue(first.out().contains(blobs + " blob(s) uploaded, 0 already there"), first.out());

        int putsBefore = imagePuts().size();
        int postsBefore = registry.requests("POST", "/blobs/uploads/").size();
        CliRun again = publish(withKey(login()), reference);
        assertEquals(0, again.exitCode(), again.err() + again.out());
        assertTrue(again.out().contains("0 blob(s) uploaded, " + blobs + " already there, 0 manifest(s) and tag(s) put"),
                again.out());
        assertEquals(putsBefore, imagePuts().size(), "a rerun puts nothing");
        assertEquals(postsBefore, registry.requests("POST", "/blobs/uploads/").size(), "a rerun opens no upload");
    }

    @Test
    void skopeo_inspectsTheIndexAndEachPlatform_andCopiesItBackToTheSameIndexDigest() throws Exception {
        JsonNode index = JSON.readTree(skopeo("inspect", "--raw", "docker://" + reference));
        List<String> platforms = new ArrayList<>();
        index.get("manifests").forEach(m -> platforms.add(m.get("digest").asText()));
        assertEquals(image.platforms().values().stream().map(ImageRecord.PlatformImage::manifestDigest).toList(),
                platforms);
        for (ImageRecord.PlatformImage platform : image.platforms().values()) {
            String arch = platform.platform().split("/")[1];
            JsonNode inspected = JSON.readTree(skopeo("inspect", "--override-arch", arch, "docker://" + reference));
            assertEquals(arch, inspected.get("Architecture").asText());
            assertEquals(image.indexDigest(), inspected.get("Digest").asText());
            List<String> layers = new ArrayList<>();
            inspected.get("Layers").forEach(l -> layers.add(l.asText()));
            assertEquals(platform.layers().stream().map(ImageRecord.Layer::digest).toList(), layers);
        }
        Path copy = temp.resolve("copied-back");
        // --preserve-digests: skopeo would otherwise gzip our uncompressed layers on the way into a layout.
        skopeo("copy", "--all", "--preserve-digests", "docker://" + reference, "oci:" + copy + ":copied");
        JsonNode copiedIndex = JSON.readTree(copy.resolve("index.json").toFile());
        assertEquals(image.indexDigest(), copiedIndex.at("/manifests/0/digest").asText(),
                "skopeo's copy has our index digest: " + copiedIndex);
    }

    @Test
    void signature_isCosignsSimpleSigningPayload_andOpensslVerifiesItWithTheReleasesPublicKey() throws Exception {
        Path sig = temp.resolve("signature-layout");
        skopeo("copy", "docker://" + registry.host() + "/forgeline/gateway:" + CosignSignature.tag(image.indexDigest()),
                "oci:" + sig + ":sig");
        JsonNode index = JSON.readTree(sig.resolve("index.json").toFile());
        JsonNode manifest = JSON.readTree(blob(sig, index.at("/manifests/0/digest").asText()));
        assertEquals(1, manifest.get("layers").size(), manifest.toString());
        JsonNode layer = manifest.get("layers").get(0);
        assertEquals(CosignSignature.PAYLOAD_MEDIA_TYPE, layer.get("mediaType").asText());
        byte[] payload = blob(sig, layer.get("digest").asText());
        assertEquals("{\"critical\":{\"identity\":{\"docker-reference\":\"" + registry.host() + "/forgeline/gateway\"},"
                + "\"image\":{\"docker-manifest-digest\":\"" + image.indexDigest() + "\"},"
                + "\"type\":\"cosign container image signature\"},\"optional\":null}",
                new String(payload, StandardCharsets.UTF_8));
        Path payloadFile = Files.write(temp.resolve("payload.json"), payload);
        Path signature = Files.write(temp.resolve("payload.sig"), Base64.getDecoder().decode(
                layer.get("annotations").get(CosignSignature.SIGNATURE_ANNOTATION).asText()));
        Path publicKey = release.resolve("keys/sigstore-public.pem");
        Tools.Run verified = Tools.run(temp, Map.of(), List.of("openssl", "dgst", "-sha256", "-verify",
                publicKey.toString(), "-signature", signature.toString(), payloadFile.toString()));
        assertEquals(0, verified.exitCode(), verified.output());
        assertTrue(verified.output().contains("Verified OK"), verified.output());

        Files.write(payloadFile, new String(payload, StandardCharsets.UTF_8).replace(image.indexDigest().substring(7, 15),
                "00000000").getBytes(StandardCharsets.UTF_8));
        Tools.Run other = Tools.run(temp, Map.of(), List.of("openssl", "dgst", "-sha256", "-verify",
                publicKey.toString(), "-signature", signature.toString(), payloadFile.toString()));
        assertEquals(1, other.exitCode(), "a payload naming another digest does not verify: " + other.output());
    }

    @Test
    void attestations_skopeoReadsTheAttTag_theSbomIsValidCycloneDx_andSigstoreJsVerifiesEveryReferrerBundle()
            throws Exception {
        String repository = registry.host() + "/forgeline/gateway";
        List<String> subjects = new ArrayList<>(List.of(image.indexDigest()));
        image.platforms().values().forEach(p -> subjects.add(p.manifestDigest()));

        Path att = temp.resolve("attestation-layout");
        skopeo("copy", "docker://" + repository + ":" + CosignAttestations.tag(image.indexDigest()), "oci:" + att + ":att");
        JsonNode manifest = JSON.readTree(blob(att, JSON.readTree(att.resolve("index.json").toFile())
                .at("/manifests/0/digest").asText()));
        List<String> types = new ArrayList<>();
        Path sbom = null;
        for (JsonNode layer : manifest.get("layers")) {
            assertEquals(CosignAttestations.ENVELOPE_MEDIA_TYPE, layer.get("mediaType").asText());
            String type = layer.at("/annotations/predicateType").asText();
            types.add(type);
            JsonNode envelope = JSON.readTree(blob(att, layer.get("digest").asText()));
            assertEquals("application/vnd.in-toto+json", envelope.get("payloadType").asText());
            JsonNode statement = JSON.readTree(Base64.getDecoder().decode(envelope.get("payload").asText()));
            assertEquals(type, statement.get("predicateType").asText());
            List<String> named = new ArrayList<>();
            statement.get("subject").forEach(x -> named.add("sha256:" + x.at("/digest/sha256").asText()));
            assertEquals(subjects, named, "the index and every platform manifest");
            if (type.equals(ImageAttestation.SBOM)) {
                sbom = Files.write(temp.resolve("image-sbom.cdx.json"), JSON.writeValueAsBytes(statement.get("predicate")));
                assertTrue(statement.get("predicate").toString().contains(
                        image.platforms().get("linux-x86_64").librarySha256()), "the SBOM names the native library");
            }
        }
        assertEquals(List.of(ImageAttestation.SBOM, ImageAttestation.PROVENANCE), types);
        CycloneDxJs.requireValid(List.of(sbom));

        Tools.requireSigstoreJs();
        JsonNode referrers = JSON.readTree(skopeo("inspect", "--raw", "docker://" + repository + ":"
                + ReferrersTag.tag(image.indexDigest())));
        RegistryClient client = new RegistryClient(ImageReference.parse(reference, "test"),
                RegistryCredentials.basic(USER, PASSWORD, "test"));
        List<String> command = new ArrayList<>(List.of("node", Tools.NODE_DIR.resolve("verify-dsse-bundles.js").toString(),
                release.resolve("keys/sigstore-public.pem").toString()));
        List<String> bundleTypes = new ArrayList<>();
        for (JsonNode entry : referrers.get("manifests")) {
            assertEquals(ReferrersTag.BUNDLE_MEDIA_TYPE, entry.get("artifactType").asText());
            bundleTypes.add(entry.at("/annotations/" + ReferrersTag.PREDICATE_TYPE_ANNOTATION.replace("/", "~1")).asText());
            JsonNode referrer = JSON.readTree(skopeo("inspect", "--raw", "docker://" + repository + "@"
                    + entry.get("digest").asText()));
            assertEquals(image.indexDigest(), referrer.at("/subject/digest").asText());
            Path bundle = temp.resolve("referrer-" + bundleTypes.size() + ".sigstore.json");
            try (var out = Files.newOutputStream(bundle)) {
                client.fetchBlob(referrer.at("/layers/0/digest").asText(), out);
            }
            command.add(bundle.toString());
        }
        assertEquals(List.of(ImageAttestation.SIGNATURE, ImageAttestation.SBOM, ImageAttestation.PROVENANCE), bundleTypes);
        Tools.Run verified = Tools.run(Tools.NODE_DIR, Map.of(), command);
        assertEquals(0, verified.exitCode(), verified.output());
        assertEquals(3, verified.output().lines().filter(l -> l.startsWith("OK ")).count(), verified.output());
    }

    @Test
    void publish_withTheLoginInDockersConfigJson_findsEverythingThere() throws Exception {
        Path dockerConfig = Files.createDirectories(temp.resolve("docker-config"));
        Files.writeString(dockerConfig.resolve("config.json"), "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\""
                + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)) + "\"}}}");
        CliRun run = publish(withKey(Map.of("DOCKER_CONFIG", dockerConfig.toString())), reference);
        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertTrue(run.err().contains("config.json (auths." + registry.host() + ") (user " + USER + ")"), run.err());
        assertTrue(run.out().contains(" 0 blob(s) uploaded"), run.out());
    }

    @Test
    void publish_withAWrongPassword_exits5NamingThe401AndNeverThePassword() throws Exception {
        String wrong = PASSWORD + "-wrong";
        CliRun run = ForgelineProcess.run(temp, withKey(Map.of(RegistryCredentials.USERNAME_ENV, USER,
                RegistryCredentials.PASSWORD_ENV, wrong)), "publish", "--from", release.toString(), "--image",
                registry.host() + "/forgeline/other:1");
        assertEquals(5, run.exitCode(), run.err());
        assertTrue(run.err().contains("HTTP 401"), run.err());
        assertTrue(run.err().contains("refused the login from environment " + RegistryCredentials.USERNAME_ENV), run.err());
        assertFalse((run.out() + run.err()).contains(wrong), run.err());
        assertFalse(run.err().contains(Base64.getEncoder().encodeToString((USER + ":" + wrong).getBytes())), run.err());
    }

    @Test
    void publish_withoutALogin_exits5AskingForOne() throws Exception {
        CliRun run = publish(withKey(Map.of("DOCKER_CONFIG", temp.resolve("no-docker-config").toString())), reference);
        assertEquals(5, run.exitCode(), run.err());
        assertTrue(run.err().contains("asks for a login (Basic) and none is configured"), run.err());
        assertTrue(run.err().contains("hint: set " + RegistryCredentials.USERNAME_ENV), run.err());
    }

    /**
     * The key is loaded and checked while the blobs go up (ImagePushStage): a key that is not the release's must still
     * stop the push before any manifest or tag names what was sent, and the uploads under way are abandoned.
     */
    @Test
    void publish_withAnotherSigstoreKey_exits2AndPutsNoManifestNorTag() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        String otherKey = "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        Map<String, String> env = new HashMap<>(login());
        env.put(KeySources.SIGSTORE_KEY_ENV, otherKey);
        String other = registry.host() + "/forgeline/other-key:" + ManifestStore.read(release).project().version();
        CliRun run = publish(env, other);
        assertEquals(2, run.exitCode(), run.err() + run.out());
        assertTrue(run.err().contains("is not the one that signed the release"), run.err());
        assertEquals(List.of(), registry.log().lines().filter(l -> l.contains("\"PUT /v2/forgeline/other-key/manifests/"))
                .toList(), "no manifest nor tag was put");
        assertFalse((run.out() + run.err()).contains(otherKey.lines().skip(1).findFirst().orElseThrow()),
                "the key is in the output");
    }

    @Test
    void publish_ofATagNamingAnotherImage_exits6AndOverwritesNothing() throws Exception {
        String tag = registry.host() + "/forgeline/gateway:" + CosignSignature.tag(image.indexDigest());
        CliRun run = publish(withKey(login()), tag);
        assertEquals(6, run.exitCode(), run.err());
        assertTrue(run.err().contains("names another image already"), run.err());
    }

    @Test
    void publish_withTheMavenSideInTheSameRun_pushesTheImageOnlyOnceTheMavenSideIsPublished() throws Exception {
        String version = ManifestStore.read(release).project().version();
        String ref = registry.host() + "/forgeline/after-maven:" + version;
        Path conflicting = temp.resolve("maven-conflicting");
        TestProjects.copyTree(release.resolve("repository"), conflicting);
        Path pom = conflicting.resolve("dev/forgeline/gateway/" + version + "/gateway-" + version + ".pom");
        Files.writeString(pom, Files.readString(pom) + "<!-- other bytes -->");
        CliRun refused = ForgelineProcess.run(temp, withKey(login()), "publish", "--from", release.toString(),
                "--repository", conflicting.toUri().toString(), "--image", ref);
        assertEquals(6, refused.exitCode(), refused.err());
        assertTrue(registry.log().lines().noneMatch(l -> l.contains("/v2/forgeline/after-maven/")),
                "nothing of the image was sent when the Maven side was refused");

        Path fresh = temp.resolve("maven-fresh");
        CliRun both = ForgelineProcess.run(temp, withKey(login()), "publish", "--from", release.toString(),
                "--repository", fresh.toUri().toString(), "--image", ref);
        assertEquals(0, both.exitCode(), both.err() + both.out());
        assertTrue(Files.isRegularFile(fresh.resolve("dev/forgeline/gateway/" + version + "/gateway-" + version + ".jar")));
        assertTrue(both.err().indexOf("publish-image") > both.err().indexOf("publish   "), both.err());
        assertEquals(1, registry.requests("PUT", "/v2/forgeline/after-maven/manifests/" + version + " ").size());
    }

    @Test
    void publish_refusedWith403Or404_exits5NamingTheStatusAndTheFix() throws Exception {
        try (RegistryFront front = RegistryFront.start(registry, temp.resolve("front"))) {
            CliRun forbidden = publish(withKey(login()), front.host() + "/forbidden/gateway:1");
            assertEquals(5, forbidden.exitCode(), forbidden.err());
            // The first request refused: a blob's HEAD, or a manifest's (the registry is asked for both at once).
            assertTrue(forbidden.err().matches("(?s).*HEAD \\S+/v2/forbidden/gateway/(blobs|manifests)/sha256:.*"),
                    forbidden.err());
            assertTrue(forbidden.err().contains("failed: HTTP 403"), forbidden.err()); // a HEAD: no error body
            assertTrue(forbidden.err().contains("hint: the login from environment " + RegistryCredentials.USERNAME_ENV
                    + " (user " + USER + ") may not read " + front.host() + "/forbidden/gateway"), forbidden.err());
            CliRun missing = publish(withKey(login()), front.host() + "/missing/gateway:1");
            assertEquals(5, missing.exitCode(), missing.err());
            assertTrue(missing.err().contains("HTTP 404 (NAME_UNKNOWN"), missing.err());
            assertTrue(missing.err().contains("hint: the registry has no repository missing/gateway"), missing.err());
        }
    }

    @Test
    void publish_badReferences_exit2BeforeAnythingIsSent() throws Exception {
        for (String bad : List.of("forgeline/gateway:1.0", registry.host() + "/Forgeline/gateway:1.0",
                registry.host() + "/forgeline/gateway")) {
            CliRun run = CliRun.of("publish", "--from", release.toString(), "--image", bad);
            assertEquals(2, run.exitCode(), bad + ": " + run.err());
            assertTrue(run.err().contains("--image " + bad), run.err());
        }
        CliRun neither = CliRun.of("publish", "--from", release.toString());
        assertEquals(2, neither.exitCode(), neither.err());
        assertTrue(neither.err().contains("publish needs --repository URL, --central, --image REF"), neither.err());
    }

    private static int indexOf(List<String> lines, String part) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(part)) {
                return i;
            }
        }
        throw new AssertionError("no request for " + part + " in " + lines);
    }

    private static byte[] blob(Path layout, String digest) throws Exception {
        return Files.readAllBytes(layout.resolve("blobs/sha256").resolve(digest.substring(7)));
    }

    /** skopeo with the test's own throwaway login on its command line (the peer's, never forgeline's). */
    private String skopeo(String... args) throws Exception {
        boolean copy = args[0].equals("copy");
        List<String> command = new ArrayList<>(List.of("skopeo", args[0], copy ? "--src-creds" : "--creds",
                USER + ":" + PASSWORD, copy ? "--src-tls-verify=false" : "--tls-verify=false"));
        command.addAll(List.of(args).subList(1, args.length));
        Tools.Run run = Tools.run(temp, Map.of(), command);
        assertEquals(0, run.exitCode(), String.join(" ", command.subList(0, 2)) + " ...\n" + run.output());
        return run.output();
    }
}
