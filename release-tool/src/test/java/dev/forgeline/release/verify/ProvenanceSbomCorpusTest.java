package dev.forgeline.release.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.common.InTotoProvenance;
import dev.forgeline.release.common.Jobs;
import dev.forgeline.release.common.ReleaseIndex;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.manifest.ReleaseManifest.ArtifactRecord;
import dev.forgeline.release.sign.ReleaseIndexWriter;
import dev.forgeline.release.sigstore.Dsse;
import dev.forgeline.release.sigstore.DsseBundle;
import dev.forgeline.release.testing.Artifacts;
import dev.forgeline.release.testing.CliRun;
import dev.forgeline.release.testing.TestKeys;
import dev.forgeline.release.verify.VerificationPolicy.ProvenanceExpectations;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The provenance and SBOM corpus: a signed release with SBOMs (one inside the platform jar) and a DSSE-signed SLSA
 * provenance, changed one way per case as a hostile mirror would (or built wrong), verified with a policy; each case
 * asserts every failed row and its reasons.
 */
class ProvenanceSbomCorpusTest {
    static final String G = "dev.forgeline";
    static final String V = "0.2.0";
    static final String PLATFORM_JAR = "artifacts/native-core-0.2.0-linux-x86_64.jar";
    static final String GATEWAY_JAR = "artifacts/gateway-0.2.0.jar";
    static final String GATEWAY_SBOM = "artifacts/gateway-0.2.0-cyclonedx.json";
    static final String ENVELOPE = "artifacts/forgeline-parent-0.2.0.intoto.jsonl";
    static final String BUNDLE = "artifacts/forgeline-parent-0.2.0.intoto.bundle.json";
    static final String BUILDER = "https://github.com/acme/forgeline/.github/workflows/release.yml@refs/tags/v0.2.0";
    static final String REPOSITORY = "https://github.com/acme/forgeline";
    static final String REF = "refs/tags/v0.2.0";
    static final String LIBRARY = "libforgeline_native.so";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every row of the fixture, as the report names it. */
    static final List<String> ROWS = List.of("native-core-0.2.0-linux-x86_64.jar",
            "native-core-0.2.0-linux-x86_64-cyclonedx.json", "native-core-0.2.0.pom", "gateway-0.2.0.jar",
            "gateway-0.2.0-cyclonedx.json", "gateway-0.2.0.pom", "forgeline-parent-0.2.0.pom",
            "forgeline-parent-0.2.0.intoto.jsonl", "forgeline-parent-0.2.0.intoto.bundle.json");

    @TempDir
    Path temp;

    /** How the release is built: the defaults make an intact one. */
    static final class Build {
        boolean provenance = true;
        boolean gatewaySbom = true;
        String innerSbomDigest; // null: the library's
        Consumer<ObjectNode> statement = s -> { };
        dev.forgeline.release.sign.SigningKeys provenanceKeys = TestKeys.trusted();
    }

    interface Change {
        void apply(Path dir) throws Exception;
    }

    record Case(Consumer<Build> build, Change change, Consumer<VerificationPolicy.Builder> policy,
            Map<String, List<FailureReason>> expected) {}

    static Stream<Arguments> corpus() {
        return Stream.of(
                c("a subject whose digest does not match (validly signed provenance)",
                        b -> b.statement = s -> subject(s, "dev/forgeline/gateway/0.2.0/gateway-0.2.0.jar")
                                .putObject("digest").put("sha256", "ab".repeat(32)),
                        d -> { }, p -> { }, Map.of("gateway-0.2.0.jar",
                                List.of(FailureReason.PROVENANCE_SUBJECT_DIGEST_MISMATCH))),
                c("an artifact that is not a subject", b -> b.statement = s -> removeSubject(s,
                        "dev/forgeline/native-core/0.2.0/native-core-0.2.0.pom"), d -> { }, p -> { },
                        Map.of("native-core-0.2.0.pom", List.of(FailureReason.PROVENANCE_NOT_A_SUBJECT))),
                c("a wrong builder id", b -> { }, d -> { }, p -> p.provenance(expect(
                        "https://github.com/acme/forgeline/.github/workflows/other.yml", null, null)),
                        every(FailureReason.PROVENANCE_BUILDER_MISMATCH)),
                c("a wrong source repository", b -> { }, d -> { }, p -> p.provenance(expect(null,
                        "github.com/evil/forgeline", null)), every(FailureReason.PROVENANCE_SOURCE_MISMATCH)),
                c("a wrong ref", b -> { }, d -> { }, p -> p.provenance(expect(null, null, "refs/tags/v0.3.0")),
                        every(FailureReason.PROVENANCE_REF_MISMATCH)),
                c("a changed payload type (files served unsigned, without the index)", b -> { }, d -> {
                    ObjectNode envelope = (ObjectNode) JSON.readTree(dir(d, ENVELOPE));
                    envelope.put("payloadType", "application/json");
                    replaceUnsigned(d, ENVELOPE, (JSON.writeValueAsString(envelope) + "\n").getBytes(StandardCharsets.UTF_8));
                }, p -> p.require(java.util.Set.of()), every(FailureReason.PROVENANCE_PAYLOAD_TYPE_MISMATCH)),
                c("a payload changed after signing (files served unsigned, without the index)", b -> { }, d -> {
                    ObjectNode envelope = (ObjectNode) JSON.readTree(dir(d, ENVELOPE));
                    String payload = new String(Base64.getDecoder().decode(envelope.path("payload").asText()),
                            StandardCharsets.UTF_8);
                    envelope.put("payload", Base64.getEncoder().encodeToString(payload.replace(BUILDER,
                            BUILDER.replace("acme", "evil")).getBytes(StandardCharsets.UTF_8)));
                    replaceUnsigned(d, ENVELOPE, (JSON.writeValueAsString(envelope) + "\n").getBytes(StandardCharsets.UTF_8));
                }, p -> p.require(java.util.Set.of()), every(FailureReason.PROVENANCE_SIGNATURE_MISMATCH)),
                c("an envelope signed by a Sigstore key the policy does not trust",
                        b -> b.provenanceKeys = TestKeys.untrusted(), d -> { }, p -> { },
                        every(FailureReason.PROVENANCE_UNTRUSTED_KEY)),
                c("an SBOM of another digest (an older, validly signed SBOM)", b -> { }, d -> {
                    Path sbom = d.resolve(GATEWAY_SBOM);
                    Files.write(sbom, sbom("gateway", "cd".repeat(32), null));
                    Artifacts.signed(sbom, TestKeys.trusted());
                    editRecord(d, GATEWAY_SBOM, sbom);
                }, p -> { }, Map.of("gateway-0.2.0.jar", List.of(FailureReason.SBOM_DIGEST_MISMATCH),
                        "gateway-0.2.0-cyclonedx.json", List.of(FailureReason.PROVENANCE_SUBJECT_DIGEST_MISMATCH,
                                FailureReason.INDEX_DIGEST_MISMATCH))),
                c("a platform jar whose own SBOM names another library", b -> b.innerSbomDigest = "ef".repeat(32),
                        d -> { }, p -> { }, Map.of("native-core-0.2.0-linux-x86_64.jar",
                                List.of(FailureReason.SBOM_DIGEST_MISMATCH))),
                c("a required SBOM missing", b -> b.gatewaySbom = false, d -> { }, p -> p.requireSbom(true),
                        Map.of("gateway-0.2.0.jar", List.of(FailureReason.SBOM_MISSING))),
                c("a required provenance missing", b -> b.provenance = false, d -> { },
                        p -> p.provenance(new ProvenanceExpectations(true, null, null, null)),
                        every(FailureReason.PROVENANCE_MISSING, ROWS.subList(0, 7))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void verifyRelease_provenanceOrSbomWrong_reportsEveryFailedRow(Case c) throws Exception {
        Build build = new Build();
        c.build().accept(build);
        Path dir = release(temp.resolve("release"), build);
        c.change().apply(dir);
        VerificationPolicy.Builder policy = TestKeys.trustedPolicy();
        c.policy().accept(policy);

        VerificationReport report = verify(dir, policy.build());

        Map<String, List<FailureReason>> failed = new TreeMap<>();
        report.verdicts().stream().filter(v -> !v.verified()).forEach(v -> failed.put(v.artifact(), v.reasons()));
        assertEquals(new TreeMap<>(c.expected()), failed, report.table());
    }

    @Test
    void verifyRelease_intactRelease_bindsEveryFileToTheProvenanceAndEachJarToItsSbom() throws Exception {
        Path dir = release(temp.resolve("release"), new Build());
        VerificationReport report = verify(dir, TestKeys.trustedPolicy().requireIndex(true).requireSbom(true)
                .provenance(new ProvenanceExpectations(true, BUILDER, REPOSITORY, REF)).build());

        assertTrue(report.verified(), report.table());
        for (ArtifactVerdict v : report.verdicts()) {
            if (!v.artifact().equals(ReleaseIndex.FILE_NAME)) {
                assertEquals(CheckResult.Status.PASSED, v.check(Check.PROVENANCE).orElseThrow().status(), v.toString());
            }
        }
        for (String jar : List.of("native-core-0.2.0-linux-x86_64.jar", "gateway-0.2.0.jar")) {
            ArtifactVerdict v = report.verdicts().stream().filter(r -> r.artifact().equals(jar)).findFirst().orElseThrow();
            assertEquals(CheckResult.Status.PASSED, v.check(Check.SBOM).orElseThrow().status(), v.toString());
        }
        assertTrue(report.table().lines().anyMatch(l -> l.startsWith("native-core-0.2.0-linux-x86_64.jar")
                && l.contains("subject") && l.contains(" ok ")), report.table());
    }

    @Test
    void verifyRelease_policyInSlsaVerifierSpellings_matchesBuilderWithoutRefAndSourceWithoutScheme() throws Exception {
        Path dir = release(temp.resolve("release"), new Build());
        VerificationReport report = verify(dir, TestKeys.trustedPolicy().provenance(new ProvenanceExpectations(true,
                "https://github.com/acme/forgeline/.github/workflows/release.yml", "github.com/acme/forgeline", REF))
                .build());
        assertTrue(report.verified(), report.table());

        VerificationReport otherRef = verify(dir, TestKeys.trustedPolicy().provenance(new ProvenanceExpectations(true,
                "https://github.com/acme/forgeline/.github/workflows/release.yml@refs/heads/main", null, null)).build());
        assertFalse(otherRef.verified(), "a builder id with @ref names that ref: " + otherRef.table());
    }

    @Test
    void verifyRelease_noProvenanceNotRequired_verifiesWithProvenanceNone() throws Exception {
        Build build = new Build();
        build.provenance = false;
        build.gatewaySbom = false;
        VerificationReport report = verify(release(temp.resolve("release"), build), TestKeys.trustedPolicy().build());
        assertTrue(report.verified(), report.table());
        assertEquals(CheckResult.Status.NOT_PRESENT, report.verdicts().get(0).check(Check.PROVENANCE).orElseThrow().status());
    }

    @Test
    void cli_wrongBuilderAndRef_exitOneWithTheReasonsInJson_twoRefsAreBadUsage() throws Exception {
        Path dir = release(temp.resolve("release"), new Build());
        Path keys = Files.createDirectories(temp.resolve("trusted"));
        Path pgp = Files.writeString(keys.resolve("pgp.asc"), TestKeys.trusted().pgpPublicKeyArmored());
        Path sigstore = Files.writeString(keys.resolve("sigstore.pem"), TestKeys.trusted().sigstorePublicKeyPem());

        CliRun ok = CliRun.of("verify", "--release", dir.toString(), "--pgp-keys", pgp.toString(), "--sigstore-keys",
                sigstore.toString(), "--require-provenance", "--require-sbom", "--builder-id", BUILDER, "--source-uri",
                "github.com/acme/forgeline", "--source-tag", "v0.2.0");
        assertEquals(0, ok.exitCode(), ok.out() + ok.err());

        CliRun wrong = CliRun.of("verify", "--release", dir.toString(), "--pgp-keys", pgp.toString(), "--sigstore-keys",
                sigstore.toString(), "--builder-id", BUILDER.replace("release.yml", "x.yml"), "--source-branch", "main",
                "--json");
        assertEquals(1, wrong.exitCode(), wrong.out() + wrong.err());
        assertTrue(wrong.out().contains("\"PROVENANCE_BUILDER_MISMATCH\"") && wrong.out().contains("\"PROVENANCE_REF_MISMATCH\"")
                && wrong.out().contains("\"check\" : \"provenance\""), wrong.out());

        CliRun twoRefs = CliRun.of("verify", "--release", dir.toString(), "--require", "none", "--source-tag", "v1",
                "--source-branch", "main");
        assertEquals(2, twoRefs.exitCode(), twoRefs.err());
        assertTrue(twoRefs.err().contains("--source-tag and --source-branch"), twoRefs.err());
    }

    private static VerificationReport verify(Path dir, VerificationPolicy policy) throws InterruptedException {
        try (Jobs jobs = Jobs.serial()) {
            return new Verifier(policy).verifyBatches(List.of(VerificationInputs.releaseBatch(dir)), jobs);
        }
    }

    /**
     * A signed release: native-core's platform jar (the library and its SBOM inside) with its SBOM and POM, gateway's
     * jar with its SBOM and POM, the root POM, the provenance on the root coordinate, a manifest, a signed index.
     */
    static Path release(Path dir, Build build) throws IOException {
        Path artifacts = Files.createDirectories(dir.resolve("artifacts"));
        List<ArtifactRecord> records = new ArrayList<>();
        Path jar = platformJar(artifacts.resolve("native-core-0.2.0-linux-x86_64.jar"), build.innerSbomDigest);
        records.add(record(jar, "native-core", "linux-x86_64", "jar"));
        records.add(record(Files.write(artifacts.resolve("native-core-0.2.0-linux-x86_64-cyclonedx.json"),
                sbom("native-core", Checksums.sha256(jar), null)), "native-core", "linux-x86_64-cyclonedx", "json"));
        records.add(record(Artifacts.create(artifacts, "native-core-0.2.0.pom", 700, 2), "native-core", null, "pom"));
        Path gateway = Artifacts.create(artifacts, "gateway-0.2.0.jar", 5000, 3);
        records.add(record(gateway, "gateway", null, "jar"));
        if (build.gatewaySbom) {
            records.add(record(Files.write(artifacts.resolve("gateway-0.2.0-cyclonedx.json"),
                    sbom("gateway", Checksums.sha256(gateway), null)), "gateway", "cyclonedx", "json"));
        }
        records.add(record(Artifacts.create(artifacts, "gateway-0.2.0.pom", 800, 4), "gateway", null, "pom"));
        records.add(record(Artifacts.create(artifacts, "forgeline-parent-0.2.0.pom", 900, 5), "forgeline-parent", null,
                "pom"));
        for (ArtifactRecord r : records) {
            Artifacts.signed(dir.resolve(r.file()), TestKeys.trusted());
        }
        ReleaseManifest manifest = ReleaseManifest.of(new ReleaseManifest.Project(G, V),
                new ReleaseManifest.Source("0123456789abcdef0123456789abcdef01234567", false, 1_700_000_000L),
                new TreeMap<>(), records);
        ManifestStore.write(dir, manifest);
        if (build.provenance) {
            manifest = sign(dir, manifest, build.statement, build.provenanceKeys);
        }
        ReleaseIndexWriter.write(dir, manifest, TestKeys.trusted().signers());
        return dir;
    }

    /**
     * The provenance of the manifest's other files as the attest stage shapes it, edited by {@code edit}, in a DSSE
     * envelope signed with {@code keys}' Sigstore key; written (envelope and bundle, each signed with the trusted keys
     * as a file) and recorded. Returns the manifest with it.
     */
    static ReleaseManifest sign(Path dir, ReleaseManifest manifest, Consumer<ObjectNode> edit,
            dev.forgeline.release.sign.SigningKeys keys) throws IOException {
        List<ArtifactRecord> subjects = manifest.artifacts().stream()
                .filter(a -> !a.extension().startsWith("intoto.")).toList();
        ObjectNode statement = JSON.createObjectNode();
        statement.put("_type", InTotoProvenance.STATEMENT_TYPE);
        ArrayNode array = statement.putArray("subject");
        for (ArtifactRecord a : subjects) {
            ObjectNode s = array.addObject();
            s.put("name", VerificationInputs.indexPathOf(a));
            s.putObject("digest").put("sha256", a.sha256());
        }
        statement.put("predicateType", InTotoProvenance.PREDICATE_TYPE);
        ObjectNode predicate = statement.putObject("predicate");
        ObjectNode definition = predicate.putObject("buildDefinition");
        definition.put("buildType", "https://forgeline.dev/build-types/release/v1");
        ObjectNode source = definition.putObject("externalParameters").putObject("source");
        source.put("repository", REPOSITORY);
        source.put("ref", REF);
        predicate.putObject("runDetails").putObject("builder").put("id", BUILDER);
        edit.accept(statement);
        byte[] payload = JSON.writeValueAsBytes(statement);
        byte[] signature;
        try {
            signature = keys.sigstore().signMessage(Dsse.pae(InTotoProvenance.PAYLOAD_TYPE, payload));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        DsseBundle bundle = new DsseBundle(InTotoProvenance.PAYLOAD_TYPE, payload, keys.sigstore().keyId(), signature);
        List<ArtifactRecord> records = new ArrayList<>(subjects);
        for (String extension : List.of(InTotoProvenance.ENVELOPE_EXTENSION, InTotoProvenance.BUNDLE_EXTENSION)) {
            Path file = dir.resolve("artifacts/forgeline-parent-0.2.0." + extension);
            Files.write(file, extension.equals(InTotoProvenance.ENVELOPE_EXTENSION) ? bundle.envelopeJson()
                    : bundle.bundleJson());
            Artifacts.signed(file, TestKeys.trusted());
            records.add(record(file, "forgeline-parent", null, extension));
        }
        ReleaseManifest updated = manifest.withArtifacts(records);
        ManifestStore.write(dir, updated);
        return updated;
    }

    private static Path platformJar(Path jar, String innerSbomDigest) throws IOException {
        byte[] library = new byte[3000];
        new java.util.Random(1).nextBytes(library);
        String digest = innerSbomDigest != null ? innerSbomDigest : Checksums.sha256(library);
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry("META-INF/native/linux-x86_64/" + LIBRARY));
            zip.write(library);
            zip.putNextEntry(new ZipEntry("META-INF/native/linux-x86_64/forgeline_native.json"));
            zip.write("{}".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("META-INF/sbom/forgeline_native.cdx.json"));
            zip.write(sbom("forgeline-native-core", digest, LIBRARY));
        }
        return jar;
    }

    /** A CycloneDX document whose subject has {@code sha256} (and the library's file name as forgeline does). */
    static byte[] sbom(String name, String sha256, String libraryFile) throws IOException {
        ObjectNode bom = JSON.createObjectNode();
        bom.put("bomFormat", "CycloneDX");
        bom.put("specVersion", "1.6");
        bom.put("version", 1);
        ObjectNode component = bom.putObject("metadata").putObject("component");
        component.put("type", "library");
        component.put("name", name);
        component.putArray("hashes").addObject().put("alg", "SHA-256").put("content", sha256);
        if (libraryFile != null) {
            component.putArray("properties").addObject().put("name", "forgeline:file").put("value", libraryFile);
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(bom);
    }

    private static ArtifactRecord record(Path file, String artifactId, String classifier, String extension)
            throws IOException {
        return new ArtifactRecord(G, artifactId, V, classifier, extension, null, "artifacts/" + file.getFileName(),
                Files.size(file), Checksums.sha256(file));
    }

    private static ObjectNode subject(ObjectNode statement, String name) {
        for (var s : statement.path("subject")) {
            if (s.path("name").asText().equals(name)) {
                return (ObjectNode) s;
            }
        }
        throw new AssertionError("no subject " + name);
    }

    private static void removeSubject(ObjectNode statement, String name) {
        ArrayNode subjects = (ArrayNode) statement.path("subject");
        for (int i = 0; i < subjects.size(); i++) {
            if (subjects.get(i).path("name").asText().equals(name)) {
                subjects.remove(i);
                return;
            }
        }
        throw new AssertionError("no subject " + name);
    }

    private static byte[] dir(Path dir, String file) throws IOException {
        return Files.readAllBytes(dir.resolve(file));
    }

    /**
     * {@code file} replaced by {@code bytes} as a mirror serving unsigned files can: its signatures and checksum files
     * gone, its manifest record following it, and the signed index (which would still bind the old bytes) gone too.
     */
    private static void replaceUnsigned(Path dir, String file, byte[] bytes) throws IOException {
        Path path = dir.resolve(file);
        Files.write(path, bytes);
        for (String suffix : List.of(".asc", ".sigstore.json", ".md5", ".sha1", ".sha256", ".sha512")) {
            Files.deleteIfExists(Artifacts.sibling(path, suffix));
        }
        editRecord(dir, file, path);
        Files.delete(dir.resolve(ReleaseIndex.FILE_NAME));
        Files.deleteIfExists(Artifacts.sibling(dir.resolve(ReleaseIndex.FILE_NAME), ".asc"));
        Files.deleteIfExists(Artifacts.sibling(dir.resolve(ReleaseIndex.FILE_NAME), ".sigstore.json"));
    }

    private static void editRecord(Path dir, String file, Path now) throws IOException {
        ReleaseManifest m = ManifestStore.read(dir);
        long size = Files.size(now);
        String sha = Checksums.sha256(now);
        ManifestStore.write(dir, m.withArtifacts(m.artifacts().stream().map(a -> !a.file().equals(file) ? a
                : new ArtifactRecord(a.groupId(), a.artifactId(), a.version(), a.classifier(), a.extension(), a.target(),
                        a.file(), size, sha, a.signatures())).toList()));
    }

    private static ProvenanceExpectations expect(String builder, String source, String ref) {
        return new ProvenanceExpectations(true, builder, source, ref);
    }

    private static Map<String, List<FailureReason>> every(FailureReason reason) {
        return every(reason, ROWS);
    }

    private static Map<String, List<FailureReason>> every(FailureReason reason, List<String> rows) {
        Map<String, List<FailureReason>> all = new TreeMap<>();
        rows.forEach(r -> all.put(r, List.of(reason)));
        return all;
    }

    private static Arguments c(String name, Consumer<Build> build, Change change,
            Consumer<VerificationPolicy.Builder> policy, Map<String, List<FailureReason>> expected) {
        return Arguments.of(Named.of(name, new Case(build, change, policy, expected)));
    }

}
