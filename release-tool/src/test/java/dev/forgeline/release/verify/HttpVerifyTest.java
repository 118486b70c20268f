package dev.forgeline.release.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forgeline.release.config.ReleaseConfigLoader;
import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.maven.MavenArtifactResolver;
import dev.forgeline.release.common.MavenCoordinates;
import dev.forgeline.release.maven.ResolutionException;
import dev.forgeline.release.maven.ResolutionRequest;
import dev.forgeline.release.maven.ResolutionResult;
import dev.forgeline.release.pipeline.ReleaseRunner;
import dev.forgeline.release.sign.KeySources;
import dev.forgeline.release.testing.CliRun;
import dev.forgeline.release.testing.NginxMavenRepository;
import dev.forgeline.release.testing.TestKeys;
import dev.forgeline.release.testing.TestProjects;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code forgeline verify --repository http://...}: a signed local release of the sample project, its repository
 * served by a real nginx on loopback, verified as a downstream user would over HTTP. Tampering is done on the
 * served files, as on a compromised mirror.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpVerifyTest {
    private static final String GAV = "org.example.sample:sample-native:2.3.4";
    private static final String LINUX = GAV + ":linux-x86_64";
    private static final String LINUX_JAR = "org/example/sample/sample-native/2.3.4/sample-native-2.3.4-linux-x86_64.jar";
    private static final String INDEX_JSON = "forgeline-release-index-2.3.4.json";
    private static final String INDEX_JSON_DIR = "org/example/sample/forgeline-release-index";

    private Path temp;
    private Path out;
    private NginxMavenRepository nginx;

    @BeforeAll
    void releaseAndServe(@TempDir Path temp) throws Exception {
        this.temp = temp;
        NginxMavenRepository.nginx(); // skip (fail on CI) before the release when nginx is missing
        Path project = TestProjects.copySampleProject(temp);
        out = temp.resolve("out");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put(KeySources.PGP_KEY_ENV, TestKeys.TRUSTED_RSA_PROTECTED);
        env.put(KeySources.PGP_PASSPHRASE_ENV, TestKeys.PASSPHRASE);
        env.put(KeySources.SIGSTORE_KEY_ENV, TestKeys.TRUSTED_SIGSTORE);
        try (PrintStream progress = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)) {
            try (ReleaseRunner runner = new ReleaseRunner(env, progress)) {
                runner.localRelease(new ReleaseConfigLoader().load(project.resolve("release.yaml")), out, java.util.List.of(dev.forgeline.release.platform.TargetCatalog.host().orElseThrow()), null);
            }
        }
        assertTrue(Files.isRegularFile(out.resolve("repository").resolve(LINUX_JAR)), "the release published " + LINUX_JAR);
        nginx = NginxMavenRepository.serve(out.resolve("repository"), temp.resolve("nginx"));
    }

    @AfterAll
    void stop() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
    }

    @Test
    void verify_coordinateOverHttp_exitsZeroAndNamesItVerified() throws Exception {
        CliRun json = verify(nginx, "--coordinate", LINUX, "--json");
        assertEquals(0, json.exitCode(), json.err() + json.out() + nginx.log());
        JsonNode report = new ObjectMapper().readTree(json.out());
        assertTrue(report.get("verified").asBoolean(), json.out());
        JsonNode artifact = report.get("artifacts").get(0);
        assertEquals(LINUX, artifact.get("artifact").asText());
        assertEquals("verified", artifact.get("verdict").asText());
        assertEquals(Checksums.sha256(out.resolve("repository").resolve(LINUX_JAR)), artifact.get("sha256").asText());
        // The name is bound by the release index that publish put in the repository, which verified itself.
        assertEquals("passed", check(artifact, "index").get("status").asText(), json.out());
        assertEquals(LINUX_JAR, check(artifact, "index").get("detail").asText(), json.out());
        JsonNode index = report.get("artifacts").get(1);
        assertEquals(INDEX_JSON, index.get("artifact").asText(), json.out());
        assertEquals("verified", index.get("verdict").asText(), json.out());

        CliRun table = verify(nginx, "--coordinate", LINUX, "--coordinate", GAV + "@pom");
        assertEquals(0, table.exitCode(), table.err() + table.out());
        assertTrue(table.out().contains(TestKeys.trustedRsa().pgp().keyId()), table.out());
        assertTrue(table.out().contains("verified: 3 artifact(s)"), table.out()); // the two and the index

        // It really went over HTTP: nginx served the jar and both signatures.
        List<String> served = nginx.accessLog();
        for (String file : List.of(LINUX_JAR, LINUX_JAR + ".asc", LINUX_JAR + ".sigstore.json")) {
            assertTrue(served.stream().anyMatch(l -> l.contains("GET /" + file + " ") && l.contains("\" 200 ")),
                    file + " not served: " + served);
        }
    }

    @Test
    void verify_jarTamperedOnTheServer_exitsOneWithAChecksumMismatch() throws Exception {
        try (NginxMavenRepository tampered = serveCopy("tampered-jar")) {
            flipAByte(tampered.root().resolve(LINUX_JAR));
            CliRun run = verify(tampered, "--coordinate", LINUX, "--json");
            assertEquals(1, run.exitCode(), run.err() + run.out());
            JsonNode check = onlyFailure(run);
            assertEquals("CHECKSUM_MISMATCH", check.get("reason").asText(), run.out());
            assertTrue(check.get("message").asText().contains(LINUX), run.out());
        }
    }

    @Test
    void verify_anotherSignedFileServedUnderTheJarsName_failsOnEachBindingOfNames() throws Exception {
        try (NginxMavenRepository swapped = serveCopy("swapped-name")) {
            Path jar = swapped.root().resolve(LINUX_JAR);
            Path pom = swapped.root().resolve(LINUX_JAR.replace("-linux-x86_64.jar", ".pom"));
            // The POM with its own valid signatures and checksums, renamed: every signature still matches its content.
            for (String suffix : List.of("", ".asc", ".sigstore.json", ".md5", ".sha1", ".sha256", ".sha512")) {
                Files.copy(Path.of(pom + suffix), Path.of(jar + suffix), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            CliRun run = verify(swapped, "--coordinate", LINUX, "--json");
            assertEquals(1, run.exitCode(), run.err() + run.out());
            // Its signatures and checksums pass; each of the three signed bindings of names refuses it.
            List<String> reasons = new ArrayList<>();
            new ObjectMapper().readTree(run.out()).get("artifacts").get(0).get("checks").forEach(c -> {
                if ("failed".equals(c.get("status").asText())) {
                    reasons.add(c.get("reason").asText());
                }
            });
            assertEquals(List.of("PROVENANCE_SUBJECT_DIGEST_MISMATCH", "SBOM_DIGEST_MISMATCH", "INDEX_DIGEST_MISMATCH"),
                    reasons, run.out());
            assertTrue(run.out().contains("the signed release index records for its name (" + LINUX_JAR), run.out());
        }
    }

    @Test
    void verify_indexRemovedFromTheServer_requireIndexFailsWhereTheDefaultOnlyLosesTheBinding() throws Exception {
        try (NginxMavenRepository unindexed = serveCopy("no-index")) {
            try (var files = Files.walk(unindexed.root().resolve(INDEX_JSON_DIR))) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
            CliRun lenient = verify(unindexed, "--coordinate", LINUX, "--json");
            assertEquals(0, lenient.exitCode(), lenient.err() + lenient.out());
            JsonNode artifact = new ObjectMapper().readTree(lenient.out()).get("artifacts").get(0);
            assertEquals("not_present", check(artifact, "index").get("status").asText(), lenient.out());

            CliRun strict = verify(unindexed, "--coordinate", LINUX, "--require-index", "--json");
            assertEquals(1, strict.exitCode(), strict.err() + strict.out());
            assertEquals("INDEX_MISSING", onlyFailure(strict).get("reason").asText(), strict.out());
        }
    }

    @Test
    void verify_wrongSha1AndMd5OnTheServer_eachFailsThoughResolverChecksOnlyTheFirst() throws Exception {
        try (NginxMavenRepository tampered = serveCopy("tampered-sha1")) {
            Path jar = tampered.root().resolve(LINUX_JAR);
            Files.writeString(jar.resolveSibling(jar.getFileName() + ".sha1"), "0".repeat(40));
            Files.writeString(jar.resolveSibling(jar.getFileName() + ".md5"), "0".repeat(32));
            CliRun run = verify(tampered, "--coordinate", LINUX, "--json");
            assertEquals(1, run.exitCode(), run.err() + run.out());
            List<String> reasons = new ArrayList<>();
            new ObjectMapper().readTree(run.out()).get("artifacts").get(0).get("checks").forEach(c -> {
                if (c.has("reason")) {
                    reasons.add(c.get("reason").asText());
                }
            });
            assertEquals(List.of("MD5_MISMATCH", "SHA1_MISMATCH"), reasons, run.out());
        }
    }

    @Test
    void verify_jarAndChecksumsReplacedOnTheServer_exitsOneBecauseTheSignaturesDoNotMatch() throws Exception {
        try (NginxMavenRepository tampered = serveCopy("tampered-jar-and-checksums")) {
            Path jar = tampered.root().resolve(LINUX_JAR);
            flipAByte(jar);
            for (Checksums.Algorithm algorithm : Checksums.Algorithm.values()) { // as an attacker with write access would
                Files.writeString(jar.resolveSibling(jar.getFileName() + "." + algorithm.fileExtension()),
                        Checksums.digest(jar, algorithm));
            }
            CliRun run = verify(tampered, "--coordinate", LINUX);
            assertEquals(1, run.exitCode(), run.err() + run.out());
            assertTrue(run.out().contains(FailureReason.PGP_SIGNATURE_MISMATCH.text()), run.out());
            assertTrue(run.out().contains(FailureReason.SIGSTORE_DIGEST_MISMATCH.text()), run.out());
            assertTrue(run.out().contains(FailureReason.INDEX_DIGEST_MISMATCH.text()), run.out());
            assertTrue(run.out().contains("FAILED: 1 of 2 artifact(s) did not verify"), run.out()); // the index verified
        }
    }

    @Test
    void verify_withAnUntrustedPgpKey_exitsOneNamingTheSigningKey() throws Exception {
        Path otherKey = temp.resolve("untrusted.asc");
        Files.writeString(otherKey, TestKeys.untrusted().pgpPublicKeyArmored());
        CliRun run = CliRun.of("verify", "--repository", nginx.url().toString(), "--coordinate", LINUX,
                "--pgp-keys", otherKey.toString(), "--sigstore-keys", out.resolve("keys/sigstore-public.pem").toString());
        assertEquals(1, run.exitCode(), run.err() + run.out());
        assertTrue(run.out().contains(FailureReason.PGP_UNTRUSTED_KEY.describe(TestKeys.trustedRsa().pgp().keyId())),
                run.out());
    }

    @Test
    void verify_coordinateNotInTheRepository_exitsOneNamingIt() throws Exception {
        String missing = "org.example.sample:sample-native:9.9.9:linux-x86_64";
        CliRun run = verify(nginx, "--coordinate", missing, "--json");
        assertEquals(1, run.exitCode(), run.err() + run.out());
        JsonNode check = onlyFailure(run);
        assertEquals("NOT_RESOLVED", check.get("reason").asText(), run.out());
        String message = check.get("message").asText();
        assertTrue(message.contains(missing + " is not in " + nginx.url()), message);

        CliRun table = verify(nginx, "--coordinate", missing);
        assertTrue(table.out().contains(missing) && table.out().contains("cannot be resolved from the repository"),
                table.out());
    }

    @Test
    void verify_wholeVersionOverHttp_isBadUsageSayingItNeedsAFileRepositoryOrCoordinates() {
        CliRun run = verify(nginx, "--all-of", GAV);
        assertEquals(2, run.exitCode(), run.err() + run.out());
        assertTrue(run.err().contains("--all-of needs a file: repository"), run.err());
        assertTrue(run.err().contains("--coordinate"), run.err());
    }

    @Test
    void resolver_resolvesFromTheHttpRepository() throws Exception {
        Path local = temp.resolve("m2-resolver");
        ResolutionResult result = new MavenArtifactResolver().resolve(
                new ResolutionRequest(MavenCoordinates.parse(LINUX), nginx.url(), local));
        assertEquals(List.of(MavenCoordinates.parse(LINUX)), result.coordinates());
        Path file = result.files().get(0);
        assertTrue(file.startsWith(local), file.toString());
        assertEquals(Checksums.sha256(out.resolve("repository").resolve(LINUX_JAR)), Checksums.sha256(file));
    }

    @Test
    void resolver_tamperedJarOverHttp_failsWithAChecksumMismatchNamingIt() throws Exception {
        try (NginxMavenRepository tampered = serveCopy("tampered-for-resolver")) {
            flipAByte(tampered.root().resolve(LINUX_JAR));
            ResolutionException e = assertThrows(ResolutionException.class, () -> new MavenArtifactResolver().resolve(
                    new ResolutionRequest(MavenCoordinates.parse(LINUX), tampered.url(), temp.resolve("m2-tampered"))));
            assertEquals(ResolutionException.Reason.CHECKSUM_MISMATCH, e.reason(), e.getMessage());
            assertEquals(LINUX, e.coordinate().orElseThrow());
        }
    }

    private CliRun verify(NginxMavenRepository server, String... args) {
        List<String> all = new ArrayList<>(List.of("verify", "--repository", server.url().toString(),
                "--pgp-keys", out.resolve("keys/pgp-public.asc").toString(),
                "--sigstore-keys", out.resolve("keys/sigstore-public.pem").toString()));
        all.addAll(List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    /** A second nginx serving a copy of the released repository, to damage without touching the shared one. */
    private NginxMavenRepository serveCopy(String name) throws Exception {
        Path copy = temp.resolve(name).resolve("repository");
        TestProjects.copyTree(out.resolve("repository"), copy);
        return NginxMavenRepository.serve(copy, temp.resolve(name).resolve("nginx"));
    }

    private static void flipAByte(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file, bytes);
    }

    /** The one failed check of the one artifact named in a JSON report (the index's own row, when present, follows). */
    private static JsonNode onlyFailure(CliRun run) throws Exception {
        JsonNode report = new ObjectMapper().readTree(run.out());
        JsonNode artifacts = report.get("artifacts");
        assertTrue(artifacts.size() == 1 || artifacts.size() == 2 && artifacts.get(1).get("artifact").asText()
                .equals(INDEX_JSON) && artifacts.get(1).get("verdict").asText().equals("verified"), run.out());
        List<JsonNode> failed = new ArrayList<>();
        report.get("artifacts").get(0).get("checks").forEach(c -> {
            if ("failed".equals(c.get("status").asText())) {
                failed.add(c);
            }
        });
        assertEquals(1, failed.size(), run.out());
        return failed.get(0);
    }

    private static JsonNode check(JsonNode artifact, String name) {
        for (JsonNode c : artifact.get("checks")) {
            if (name.equals(c.get("check").asText())) {
                return c;
            }
        }
        throw new AssertionError("no " + name + " check in " + artifact);
    }
}
