package dev.forgeline.release.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forgeline.release.config.ReleaseConfigLoader;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.sign.KeySources;
import dev.forgeline.release.testing.CliRun;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole local release signed with a passphrase-protected RSA key and a Sigstore key from the environment, as CI
 * passes them; then verified with {@code forgeline verify} as a downstream user would, from the release directory
 * and from the repository.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignedReleaseTest {
    private Path out;
    private String progress;
    private ReleaseManifest manifest;
    private final List<String> outputs = new ArrayList<>();

    @BeforeAll
    void release(@TempDir Path temp) throws Exception {
        Path project = TestProjects.copySampleProject(temp);
        out = temp.resolve("out");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put(KeySources.PGP_KEY_ENV, TestKeys.TRUSTED_RSA_PROTECTED);
        env.put(KeySources.PGP_PASSPHRASE_ENV, TestKeys.PASSPHRASE);
        env.put(KeySources.SIGSTORE_KEY_ENV, TestKeys.TRUSTED_SIGSTORE);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            try (ReleaseRunner runner = new ReleaseRunner(env, stream)) {
                runner.localRelease(new ReleaseConfigLoader().load(project.resolve("release.yaml")), out, java.util.List.of(dev.forgeline.release.platform.TargetCatalog.host().orElseThrow()), null);
            }
        }
        progress = bytes.toString(StandardCharsets.UTF_8);
        outputs.add(progress);
        manifest = ManifestStore.read(out);
    }

    @Test
    void manifest_recordsBothSignaturesOfEveryArtifactWithTheirDigestAndKey() throws Exception {
        for (ReleaseManifest.ArtifactRecord a : manifest.artifacts()) {
            assertEquals(List.of("pgp", "sigstore"), a.signatures().stream().map(ReleaseManifest.SignatureRecord::kind).toList());
            for (ReleaseManifest.SignatureRecord s : a.signatures()) {
                assertTrue(Files.isRegularFile(out.resolve(s.file())), s.file());
                assertEquals(dev.forgeline.release.common.Checksums.sha256(out.resolve(s.file())), s.sha256());
            }
            assertEquals(TestKeys.trustedRsa().pgp().keyId(), a.signatures().get(0).keyId());
        }
        assertFalse(progress.contains("DEVELOPMENT"), "configured keys are not development keys");
    }

    @Test
    void repository_holdsTheSignaturesAsMavenExpectsThem() {
        Path version = out.resolve("repository/org/example/sample/sample-native/2.3.4");
        for (String name : List.of("sample-native-2.3.4.jar.asc", "sample-native-2.3.4.jar.sigstore.json",
                "sample-native-2.3.4.pom.asc", "sample-native-2.3.4-linux-x86_64.jar.sigstore.json")) {
            assertTrue(Files.isRegularFile(version.resolve(name)), name);
        }
        assertTrue(Files.isRegularFile(out.resolve("keys/pgp-public.asc")));
        assertTrue(Files.isRegularFile(out.resolve("keys/sigstore-public.pem")));
    }

    @Test
    void verify_releaseDirectoryWithExportedKeys_exitsZeroWithATable() {
        CliRun run = cli("verify", "--release", out.toString(), "--pgp-keys", out.resolve("keys/pgp-public.asc").toString(),
                "--sigstore-keys", out.resolve("keys/sigstore-public.pem").toString());
        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertTrue(run.out().contains("ARTIFACT") && run.out().contains("VERDICT"), run.out());
        assertTrue(run.out().contains(TestKeys.trustedRsa().pgp().keyId()), run.out());
        // The three artifacts, their three SBOMs and the release's, the provenance and its bundle, and the signed index
        // that binds their names (the sign stage writes it, attest again with the provenance).
        assertTrue(run.out().contains("verified: 9 artifact(s)"), run.out());
        assertEquals(8, run.out().lines().filter(l -> l.contains("  bound  ")).count(), "every artifact's name is bound: "
                + run.out());
        assertTrue(run.out().contains("release-index.json"), run.out());
    }

    @Test
    void verify_releaseRequiringProvenanceAndSboms_bindsEveryFileToTheProvenanceAndEachJarToItsSbom() throws Exception {
        CliRun run = cli("verify", "--release", out.toString(), "--pgp-keys", out.resolve("keys/pgp-public.asc").toString(),
                "--sigstore-keys", out.resolve("keys/sigstore-public.pem").toString(), "--require-provenance",
                "--require-sbom", "--builder-id", dev.forgeline.release.attest.Provenance.LOCAL_BUILDER_ID, "--json");
        assertEquals(0, run.exitCode(), run.err() + run.out());
        JsonNode json = new ObjectMapper().readTree(run.out());
        int jars = 0;
        for (JsonNode artifact : json.get("artifacts")) {
            String name = artifact.get("artifact").asText();
            Map<String, String> status = new HashMap<>();
            artifact.get("checks").forEach(c -> status.put(c.get("check").asText(), c.get("status").asText()));
            if (!name.equals("release-index.json")) {
                assertEquals("passed", status.get("provenance"), name + ": " + artifact);
            }
            if (name.endsWith(".jar")) {
                assertEquals("passed", status.get("sbom"), name + ": " + artifact);
                jars++;
            }
        }
        assertEquals(2, jars, "the loader jar and the platform jar: " + run.out());

        CliRun otherBuilder = cli("verify", "--release", out.toString(), "--pgp-keys",
                out.resolve("keys/pgp-public.asc").toString(), "--sigstore-keys",
                out.resolve("keys/sigstore-public.pem").toString(), "--builder-id",
                "https://github.com/example/sample/.github/workflows/release.yml");
        assertEquals(1, otherBuilder.exitCode(), otherBuilder.out());
        assertTrue(otherBuilder.out().contains("provenance names another builder " + dev.forgeline.release.attest
                .Provenance.LOCAL_BUILDER_ID), otherBuilder.out());
    }

    @Test
    void verify_coordinateFromTheFileRepository_verifiesItAsJson() throws Exception {
        CliRun run = cli("verify", "--repository", out.resolve("repository").toUri().toString(),
                "--coordinate", "org.example.sample:sample-native:2.3.4:linux-x86_64", "--json",
                "--pgp-keys", out.resolve("keys/pgp-public.asc").toString(),
                "--sigstore-keys", out.resolve("keys/sigstore-public.pem").toString());
        assertEquals(0, run.exitCode(), run.err() + run.out());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertTrue(json.get("verified").asBoolean());
        assertEquals("verified", json.get("artifacts").get(0).get("verdict").asText());
        // The provenance and the jar's SBOM are fetched from the repository too (the index names the provenance).
        Map<String, String> status = new HashMap<>();
        json.get("artifacts").get(0).get("checks").forEach(c -> status.put(c.get("check").asText(), c.get("status").asText()));
        assertEquals("passed", status.get("provenance"), run.out());
        assertEquals("passed", status.get("sbom"), run.out());
    }

    @Test
    void verify_wholeVersionInTheRepositoryWithAnUntrustedKey_exitsOneNamingTheKey() {
        Path otherKey = out.getParent().resolve("other.asc");
        try {
            Files.writeString(otherKey, TestKeys.untrusted().pgpPublicKeyArmored());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        CliRun run = cli("verify", "--repository", out.resolve("repository").toUri().toString(),
                "--all-of", "org.example.sample:sample-native:2.3.4", "--pgp-keys", otherKey.toString(),
                "--sigstore-keys", out.resolve("keys/sigstore-public.pem").toString());
        assertEquals(1, run.exitCode(), run.err() + run.out());
        assertTrue(run.out().contains("signature made by untrusted key " + TestKeys.trustedRsa().pgp().keyId()), run.out());
    }

    @Test
    void verify_withoutTrustedKeys_isBadUsage() {
        CliRun run = cli("verify", "--release", out.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("no key is trusted"), run.err());
    }

    @Test
    void noOutput_containsThePassphraseOrPrivateKeyMaterial() throws Exception {
        cli("verify", "--release", out.toString(), "--pgp-keys", out.resolve("keys/pgp-public.asc").toString(),
                "--sigstore-keys", out.resolve("keys/sigstore-public.pem").toString(), "--json");
        List<String> secrets = new ArrayList<>();
        secrets.add(TestKeys.PASSPHRASE);
        // Lines of the secret key that are not also lines of the public key (the public part is meant to be seen).
        List<String> publicLines = bodyLines(TestKeys.trustedRsa().pgpPublicKeyArmored());
        bodyLines(TestKeys.TRUSTED_RSA_PROTECTED).stream().filter(l -> !publicLines.contains(l)).forEach(secrets::add);
        secrets.addAll(bodyLines(TestKeys.TRUSTED_SIGSTORE));
        List<String> texts = new ArrayList<>(outputs);
        try (Stream<Path> files = Files.walk(out)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                texts.add(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        assertTrue(texts.size() > 20, "scanned " + texts.size() + " outputs");
        for (String text : texts) {
            for (String secret : secrets) {
                assertFalse(text.contains(secret), "secret material (" + secrets.indexOf(secret) + ") in an output");
            }
            assertFalse(text.contains("PRIVATE KEY"), "a private key block in an output");
        }
    }

    private CliRun cli(String... args) {
        CliRun run = CliRun.of(args);
        outputs.add(run.out());
        outputs.add(run.err());
        return run;
    }

    /** The base64 lines of a PEM or armored block (its key material), without headers and short lines. */
    private static List<String> bodyLines(String block) {
        return block.lines().filter(l -> l.length() >= 40 && !l.startsWith("-----") && !l.contains(":")).toList();
    }
}
