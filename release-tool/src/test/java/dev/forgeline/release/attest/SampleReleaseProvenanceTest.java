package dev.forgeline.release.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.manifest.TargetId;
import dev.forgeline.release.sigstore.Dsse;
import dev.forgeline.release.sigstore.DsseBundle;
import dev.forgeline.release.testing.CliRun;
import dev.forgeline.release.testing.TestProjects;
import dev.forgeline.release.testing.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The provenance of a sample project's {@code release --local}: what it says, who signed it, what peers make of it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleReleaseProvenanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path out;
    private ReleaseManifest manifest;
    private JsonNode statement;
    private DsseBundle envelope;

    @BeforeAll
    void release(@TempDir Path temp) throws Exception {
        Path project = TestProjects.copySampleProject(temp);
        out = temp.resolve("out");
        CliRun run = CliRun.of("release", "--local", "--config", project.resolve("release.yaml").toString(),
                "--target", "linux-x86_64", "--out", out.toString());
        assertEquals(0, run.exitCode(), "release --local failed:\n" + run.err() + run.out());
        manifest = ManifestStore.read(out);
        envelope = DsseBundle.parse(Files.readAllBytes(out.resolve(record(AttestStage.ENVELOPE_EXTENSION).file())));
        statement = JSON.readTree(envelope.payload());
    }

    private ReleaseManifest.ArtifactRecord record(String extension) {
        return manifest.artifacts().stream().filter(a -> a.extension().equals(extension)).findFirst()
                .orElseThrow(() -> new AssertionError("no ." + extension + " in the manifest"));
    }

    @Test
    void provenance_isOnTheRootCoordinate_signed_andPublishedWithChecksums() throws Exception {
        ReleaseManifest.ArtifactRecord jsonl = record(AttestStage.ENVELOPE_EXTENSION);
        assertEquals("artifacts/sample-native-2.3.4.intoto.jsonl", jsonl.file());
        assertEquals(2, jsonl.signatures().size(), "pgp and sigstore: " + jsonl.signatures());
        Path version = out.resolve("repository/org/example/sample/sample-native/2.3.4");
        for (String name : List.of("sample-native-2.3.4.intoto.jsonl", "sample-native-2.3.4.intoto.bundle.json")) {
            for (String suffix : List.of("", ".sha256", ".sha512", ".asc", ".sigstore.json")) {
                assertTrue(Files.isRegularFile(version.resolve(name + suffix)), name + suffix);
            }
        }
    }

    @Test
    void statement_isSlsaProvenanceV1_withEveryOtherPublishedFileAsSubject() {
        assertEquals("https://in-toto.io/Statement/v1", statement.path("_type").asText());
        assertEquals("https://slsa.dev/provenance/v1", statement.path("predicateType").asText());
        assertEquals(Dsse.IN_TOTO_PAYLOAD_TYPE, envelope.payloadType());
        Map<String, String> subjects = new TreeMap<>();
        statement.path("subject").forEach(s -> subjects.put(s.path("name").asText(), s.path("digest").path("sha256").asText()));
        Map<String, String> expected = new TreeMap<>();
        manifest.artifacts().stream().filter(a -> !AttestStage.isProvenance(a))
                .forEach(a -> expected.put(Provenance.subjectName(a), a.sha256()));
        assertEquals(expected, subjects);
        assertTrue(subjects.containsKey("org/example/sample/sample-native/2.3.4/sample-native-2.3.4-cyclonedx.json"),
                "the SBOMs are subjects: " + subjects.keySet());
    }

    @Test
    void buildDefinition_namesTheSourceTheTargetsThePolicyAndTheToolchain() throws Exception {
        JsonNode definition = statement.path("predicate").path("buildDefinition");
        assertEquals(Provenance.BUILD_TYPE, definition.path("buildType").asText());
        JsonNode external = definition.path("externalParameters");
        assertEquals(List.of("linux-x86_64"), JSON.convertValue(external.path("targets"), List.class));
        Path releaseYaml = out.getParent().resolve("sample-project/release.yaml");
        assertEquals(dev.forgeline.release.common.Checksums.sha256(releaseYaml), external.path("releaseYaml").path("sha256").asText());
        assertEquals("2.28", definition.path("internalParameters").path("binaryPolicy").path("maxGlibc").asText());
        Set<String> gitCommits = new TreeSet<>();
        Set<String> names = new TreeSet<>();
        definition.path("resolvedDependencies").forEach(d -> {
            if (d.path("digest").has("gitCommit")) {
                gitCommits.add(d.path("digest").path("gitCommit").asText());
            }
            names.add(d.path("name").asText());
        });
        assertEquals(Set.of(manifest.source().commit()), gitCommits);
        assertTrue(names.containsAll(Set.of("crate/Cargo.lock", "crate/", "rustc", "cargo")), names.toString());
        JsonNode tree = null;
        for (JsonNode d : definition.path("resolvedDependencies")) {
            tree = "crate/".equals(d.path("name").asText()) ? d : tree;
        }
        assertEquals(Provenance.SOURCE_TREE, tree.at("/annotations/content").asText(), "the crate's source tree digest");
        assertTrue(tree.at("/digest/sha256").asText().matches("[0-9a-f]{64}"), tree.toString());
        String rustcSha = manifest.target(TargetId.of("linux-x86_64")).toolchain().rustcSha256();
        assertTrue(definition.path("resolvedDependencies").toString().contains(rustcSha), "rustc's binary digest");
    }

    @Test
    void runDetails_localBuilder_timesFromSourceDateEpoch_smokeResultAsByproduct() {
        JsonNode run = statement.path("predicate").path("runDetails");
        assertEquals(Provenance.LOCAL_BUILDER_ID, run.path("builder").path("id").asText());
        assertEquals(java.time.Instant.ofEpochSecond(manifest.source().sourceDateEpoch()).toString(),
                run.path("metadata").path("startedOn").asText());
        assertTrue(run.path("metadata").path("invocationId").asText().startsWith("urn:forgeline:local-release:"));
        JsonNode smoke = run.path("byproducts").get(0);
        assertEquals("smoke/linux-x86_64", smoke.path("name").asText());
        assertEquals(manifest.target(TargetId.of("linux-x86_64")).smoke().testedSha256(), smoke.path("digest").path("sha256").asText());
        assertEquals("passed", smoke.path("annotations").path("status").asText());
    }

    @Test
    void dsseSignature_verifiesOverThePae_withTheReleasesSigstoreKey() throws Exception {
        PublicKey key = sigstorePublicKey();
        Signature ecdsa = Signature.getInstance("SHA256withECDSA");
        ecdsa.initVerify(key);
        ecdsa.update(Dsse.pae(envelope.payloadType(), envelope.payload()));
        assertTrue(ecdsa.verify(envelope.signature()));
        ecdsa.initVerify(key);
        ecdsa.update(Dsse.pae("application/json", envelope.payload()));
        assertTrue(!ecdsa.verify(envelope.signature()), "the payload type is signed too");
    }

    @Test
    void sigstoreJs_verifiesTheDsseBundle_andRejectsAChangedPayload() throws Exception {
        Tools.requireSigstoreJs();
        Path bundle = out.resolve(record(AttestStage.BUNDLE_EXTENSION).file());
        Path pem = out.resolve("keys/sigstore-public.pem");
        Tools.Run ok = Tools.run(Tools.NODE_DIR, Map.of(), List.of("node", Tools.NODE_DIR.resolve("verify-dsse-bundles.js").toString(),
                pem.toString(), bundle.toString()));
        assertEquals(0, ok.exitCode(), ok.output());
        assertTrue(ok.output().contains("OK " + bundle + " application/vnd.in-toto+json"), ok.output());

        JsonNode json = JSON.readTree(bundle.toFile());
        String payload = new String(Base64.getDecoder().decode(json.path("dsseEnvelope").path("payload").asText()), StandardCharsets.UTF_8);
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.path("dsseEnvelope")).put("payload",
                Base64.getEncoder().encodeToString(payload.replace("linux-x86_64", "linux-aarch_64").getBytes(StandardCharsets.UTF_8)));
        Path changed = out.resolveSibling("changed.sigstore.json");
        Files.writeString(changed, JSON.writeValueAsString(json));
        Tools.Run bad = Tools.run(Tools.NODE_DIR, Map.of(), List.of("node", Tools.NODE_DIR.resolve("verify-dsse-bundles.js").toString(),
                pem.toString(), changed.toString()));
        assertEquals(1, bad.exitCode(), bad.output());
        assertTrue(bad.output().contains("FAIL"), bad.output());
    }

    @Test
    void rerun_findsTheProvenanceDone() throws Exception {
        String before = Files.readString(out.resolve(ReleaseManifest.FILE_NAME));
        CliRun again = CliRun.of("release", "--local", "--config", out.getParent().resolve("sample-project/release.yaml").toString(),
                "--target", "linux-x86_64", "--out", out.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.err().contains(String.format("%-9s done already", "attest")), again.err());
        assertTrue(again.err().contains(String.format("%-9s done already", "sign")), again.err());
        assertEquals(before, Files.readString(out.resolve(ReleaseManifest.FILE_NAME)));
    }

    private PublicKey sigstorePublicKey() throws Exception {
        String pem = Files.readString(out.resolve("keys/sigstore-public.pem"));
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
    }
}
