package dev.forgeline.release.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forgeline.release.config.ReleaseConfigLoader;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.manifest.TargetId;
import dev.forgeline.release.pipeline.ReleaseRunner;
import dev.forgeline.release.platform.TargetCatalog;
import dev.forgeline.release.sign.SigningKeys;
import dev.forgeline.release.testing.CliRun;
import dev.forgeline.release.testing.NginxMavenRepository;
import dev.forgeline.release.testing.TestKeys;
import dev.forgeline.release.testing.TestProjects;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code forgeline audit} on real local releases of the sample project, made once for the class: the tagged release
 * audited (table, JSON, a tampered copy, the same release published to a file repository), and compared with two
 * later releases: one of a new version with changed crate sources signed by other keys, and one of the same commit
 * whose library came out different because of a build-shaping variable (CARGO_PROFILE_RELEASE_OPT_LEVEL=s), which the
 * provenance records and the audit names as the change.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleReleaseAuditTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path temp;
    /** v2.3.4, tagged, signed with the trusted keys. */
    private Path tagged;
    /** The same commit built with CARGO_PROFILE_RELEASE_OPT_LEVEL=s: same sources and toolchain, another library. */
    private Path rebuilt;
    /** 2.3.5: the crate's version and code changed, signed with other keys. */
    private Path next;
    private ReleaseManifest manifest;
    private Path keys;

    @BeforeAll
    void release(@TempDir Path dir) throws Exception {
        temp = dir;
        Path project = TestProjects.copySampleProject(dir);
        TestProjects.git(project, "tag", "v2.3.4");
        tagged = release(project, dir.resolve("tagged"), TestKeys.trusted(), Map.of(), "v2.3.4");
        rebuilt = release(project, dir.resolve("rebuilt"), TestKeys.trusted(), Map.of("CARGO_PROFILE_RELEASE_OPT_LEVEL",
                "s"), null);
        for (String file : List.of("release.yaml", "pom.xml", "crate/Cargo.toml", "crate/Cargo.lock")) {
            Path p = project.resolve(file);
            Files.writeString(p, Files.readString(p).replace("2.3.4", "2.3.5"));
        }
        Path lib = project.resolve("crate/src/lib.rs");
        Files.writeString(lib, Files.readString(lib) + "\n/// Added in 2.3.5.\n#[no_mangle]\npub extern \"C\" fn sample_next() -> i32 {\n    235\n}\n");
        TestProjects.git(project, "-c", "user.name=Forgeline Tests", "-c", "user.email=tests@forgeline.invalid", "-c",
                "commit.gpgsign=false", "commit", "-q", "-am", "2.3.5");
        next = release(project, dir.resolve("next"), TestKeys.untrusted(), Map.of(), null);
        manifest = ManifestStore.read(tagged);
        keys = Files.createDirectories(dir.resolve("keys"));
        Files.writeString(keys.resolve("pgp.asc"), TestKeys.trusted().pgpPublicKeyArmored());
        Files.writeString(keys.resolve("sigstore.pem"), TestKeys.trusted().sigstorePublicKeyPem());
        Files.writeString(keys.resolve("other-pgp.asc"), TestKeys.untrusted().pgpPublicKeyArmored());
        Files.writeString(keys.resolve("other-sigstore.pem"), TestKeys.untrusted().sigstorePublicKeyPem());
    }

    private static Path release(Path project, Path out, SigningKeys signing, Map<String, String> extraEnv, String tag)
            throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(extraEnv);
        try (ReleaseRunner runner = new ReleaseRunner(env, new PrintStream(OutputStream.nullOutputStream()))) {
            (tag == null ? runner : runner.withTag(tag)).localRelease(new ReleaseConfigLoader().loadFromProject(project),
                    out, List.of(TargetCatalog.host().orElseThrow()), (e, clock) -> signing);
        }
        return out;
    }

    @Test
    void table_namesCommitTagToolchainsLibraryDigestSmokeResultDependenciesAndSigners() {
        CliRun run = audit(tagged.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        String out = run.out();
        ReleaseManifest.TargetRecord target = manifest.target(TargetId.of("linux-x86_64"));
        assertTrue(out.startsWith("Release org.example.sample 2.3.4: verified"), out);
        assertTrue(out.contains("commit      " + manifest.source().commit()), out);
        assertTrue(out.contains("tag         v2.3.4 (refs/tags/v2.3.4)"), out);
        assertTrue(out.contains("builder     https://forgeline.dev/builders/local/v1"), out);
        assertTrue(out.contains(target.toolchain().rustc()) && out.contains(target.toolchain().rustcSha256()), out);
        assertTrue(out.contains("crate/Cargo.lock") && out.contains("crate/            source tree"), out);
        assertTrue(out.lines().anyMatch(l -> l.contains("linux-x86_64") && l.contains(target.library().sha256())
                && l.contains("passed (host") && l.endsWith("verified")), out);
        assertTrue(out.contains("pkg:cargo/sample-core@2.3.4"), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("  pgp +" + TestKeys.trusted().pgp().keyId() + " .*")), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("  sigstore +" + TestKeys.trusted().sigstore().keyId() + " .*")),
                out);
    }

    @Test
    void json_namesTheSameFacts() throws Exception {
        CliRun run = audit(tagged.toString(), "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode release = JSON.readTree(run.out()).path("release");
        assertTrue(JSON.readTree(run.out()).path("verified").asBoolean(), run.out());
        assertEquals(manifest.source().commit(), release.at("/origin/commit").asText());
        assertEquals("v2.3.4", release.at("/origin/tag").asText());
        assertEquals("verified", release.at("/provenance/status").asText());
        JsonNode target = release.path("targets").get(0);
        assertEquals("linux-x86_64", target.path("classifier").asText());
        assertEquals(manifest.target(TargetId.of("linux-x86_64")).library().sha256(), target.path("sha256").asText());
        assertEquals("passed", target.at("/smoke/status").asText());
        List<String> tools = new ArrayList<>();
        release.path("toolchains").forEach(t -> tools.add(t.path("name").asText()));
        assertTrue(tools.containsAll(List.of("rustc", "cargo")), tools.toString());
        List<String> signers = new ArrayList<>();
        release.path("signers").forEach(s -> signers.add(s.path("kind").asText() + " " + s.path("identity").asText()));
        assertEquals(List.of("pgp " + TestKeys.trusted().pgp().keyId(), "sigstore " + TestKeys.trusted().sigstore()
                .keyId()), signers);
        assertEquals(release.path("files").size(), manifest.artifacts().size() + 1, "every file and the index");
        assertEquals(run.out(), audit(tagged.toString(), "--json").out(), "the same release, the same bytes");
    }

    @Test
    void tamperedJar_isShownFailedWithItsReason_itsLibraryNotShown_exitCode1() throws Exception {
        Path copy = temp.resolve("tampered");
        TestProjects.copyTree(tagged, copy);
        ReleaseManifest.ArtifactRecord jar = manifest.artifacts().stream()
                .filter(a -> "linux-x86_64".equals(a.classifier()) && "jar".equals(a.extension())).findFirst().orElseThrow();
        Path file = ManifestStore.artifactFile(copy, jar);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);

        CliRun run = audit(copy.toString());
        assertEquals(1, run.exitCode(), run.out());
        String library = manifest.target(TargetId.of("linux-x86_64")).library().sha256();
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("  linux-x86_64") && l.endsWith("FAILED")), run.out());
        assertTrue(run.out().contains("FAILED MANIFEST_DIGEST_MISMATCH"), run.out());
        assertFalse(run.out().contains("  linux-x86_64  libsample_core.so  " + library), "a failed library is no fact");

        JsonNode target = JSON.readTree(audit(copy.toString(), "--json").out()).at("/release/targets/0");
        assertEquals("failed", target.path("status").asText());
        assertFalse(target.has("sha256"), target.toString());
        List<String> reasons = new ArrayList<>();
        target.path("failures").forEach(f -> reasons.add(f.path("reason").asText()));
        assertTrue(reasons.contains("MANIFEST_DIGEST_MISMATCH"), reasons.toString());
    }

    @Test
    void since_aNewVersionWithOtherSourcesAndKeys_reportsTheBumpSourcesSignersAndAnUnflaggedLibraryChange()
            throws Exception {
        CliRun run = audit(next.toString(), "--since", tagged.toString(), "--pgp-keys",
                keys.resolve("other-pgp.asc").toString(), "--sigstore-keys", keys.resolve("other-sigstore.pem").toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        String since = run.out().substring(run.out().indexOf("\nSince org.example.sample 2.3.4"));
        assertTrue(since.contains("~ pkg:cargo/sample-core: 2.3.4 -> 2.3.5"), since);
        assertTrue(since.contains("~ crate/: sha256:"), since);
        assertTrue(since.contains("~ commit: "), since);
        assertTrue(since.contains("- pgp " + TestKeys.trusted().pgp().keyId()), since);
        assertTrue(since.contains("+ pgp " + TestKeys.untrusted().pgp().keyId()), since);
        assertTrue(since.contains("linux-x86_64: sha256:") && since.contains("its sources changed"), since);
        assertFalse(since.contains("FLAGGED"), since);
        assertTrue(since.contains("targets: unchanged") && since.contains("toolchains: unchanged"), since);

        JsonNode changes = JSON.readTree(audit(next.toString(), "--json", "--since", tagged.toString(), "--pgp-keys",
                keys.resolve("other-pgp.asc").toString(), "--sigstore-keys", keys.resolve("other-sigstore.pem")
                        .toString()).out()).at("/since/changes");
        assertEquals("changed", changes.at("/dependencies/0/change").asText(), changes.toString());
        assertFalse(changes.at("/libraries/0/flagged").asBoolean(), changes.toString());
    }

    @Test
    void since_theSameSourcesAndToolchainBuiltWithAnotherProfileSetting_namesThatVariableAsTheChange()
            throws Exception {
        CliRun run = audit(rebuilt.toString(), "--since", tagged.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("  linux-x86_64 +CARGO_PROFILE_RELEASE_OPT_LEVEL +s")),
                "the release's own build environment: " + run.out());
        String since = run.out().substring(run.out().indexOf("\nSince "));
        assertTrue(since.contains("linux-x86_64: sha256:" + manifest.target(TargetId.of("linux-x86_64")).library()
                .sha256() + " -> sha256:"), since);
        assertTrue(since.contains("its build environment changed: CARGO_PROFILE_RELEASE_OPT_LEVEL (unset -> s)"), since);
        assertFalse(since.contains("FLAGGED"), "the change is explained by what the provenance records: " + since);
        assertTrue(since.contains("+ linux-x86_64 CARGO_PROFILE_RELEASE_OPT_LEVEL s"), since);
        assertTrue(since.contains("dependencies: unchanged") && since.contains("sources: unchanged")
                && since.contains("toolchains: unchanged"), since);

        JsonNode json = JSON.readTree(audit(rebuilt.toString(), "--json", "--since", tagged.toString()).out());
        JsonNode library = json.at("/since/changes/libraries/0");
        assertFalse(library.path("flagged").asBoolean(), library.toString());
        JsonNode environment = json.at("/since/changes/environment/0");
        assertEquals("linux-x86_64 CARGO_PROFILE_RELEASE_OPT_LEVEL", environment.path("name").asText(), json.toString());
        assertEquals("added", environment.path("change").asText());
        assertEquals("s", environment.path("to").asText());
        assertEquals("s", json.at("/release/buildEnvironment/linux-x86_64/CARGO_PROFILE_RELEASE_OPT_LEVEL").asText());
        assertTrue(json.at("/since/previous/buildEnvironment/linux-x86_64").isObject(), "recorded, and none set: "
                + json.at("/since/previous/buildEnvironment"));
    }

    @Test
    void fileRepository_auditsThePublishedRelease_andSinceAVersionInIt() throws Exception {
        CliRun run = auditPublished(published().toUri().toString(), "fetched-file");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().startsWith("Release org.example.sample 2.3.5: verified"), run.out());
        assertTrue(run.out().contains("commit      " + ManifestStore.read(next).source().commit()), run.out());
        assertTrue(run.out().contains("~ pkg:cargo/sample-core: 2.3.4 -> 2.3.5"), run.out());
    }

    @Test
    void httpRepository_auditsThePublishedRelease_andATamperedJarThereIsShownFailed() throws Exception {
        NginxMavenRepository.nginx(); // skip (fail on CI) when nginx is missing
        try (NginxMavenRepository nginx = NginxMavenRepository.serve(published(), temp.resolve("nginx"))) {
            CliRun run = auditPublished(nginx.url().toString(), "fetched-http");
            assertEquals(0, run.exitCode(), run.out() + run.err());
            assertTrue(run.out().startsWith("Release org.example.sample 2.3.5: verified"), run.out());
            assertTrue(run.out().contains("~ ref: refs/tags/v2.3.4 -> (none)"), "the previous release's origin is "
                    + "audited too, and the tag change shown: " + run.out());
        }
        Path copy = temp.resolve("published-tampered");
        TestProjects.copyTree(published(), copy);
        Path jar = copy.resolve("org/example/sample/sample-native/2.3.5/sample-native-2.3.5-linux-x86_64.jar");
        byte[] bytes = Files.readAllBytes(jar);
        bytes[bytes.length / 3] ^= 1;
        Files.write(jar, bytes);
        try (NginxMavenRepository nginx = NginxMavenRepository.serve(copy, temp.resolve("nginx-tampered"))) {
            CliRun run = auditPublished(nginx.url().toString(), "fetched-tampered");
            assertEquals(1, run.exitCode(), run.out() + run.err());
            assertTrue(run.out().lines().anyMatch(l -> l.startsWith("  linux-x86_64") && l.endsWith("FAILED")), run.out());
            assertTrue(run.out().contains("FAILED CHECKSUM_MISMATCH"), run.out());
        }
    }

    /** 2.3.4 and 2.3.5 published to one file repository (once for the class). */
    private synchronized Path published() throws Exception {
        Path repository = temp.resolve("published");
        if (!Files.isDirectory(repository)) {
            for (Path release : List.of(tagged, next)) {
                CliRun publish = CliRun.of("publish", "--from", release.toString(), "--repository",
                        repository.toUri().toString());
                assertEquals(0, publish.exitCode(), publish.err());
            }
        }
        return repository;
    }

    private CliRun auditPublished(String repository, String local) {
        return audit("--repository", repository, "--version", "org.example.sample:sample-native:2.3.5", "--since",
                "2.3.4", "--pgp-keys", keys.resolve("other-pgp.asc").toString(), "--sigstore-keys",
                keys.resolve("other-sigstore.pem").toString(), "--local-repository", temp.resolve(local).toString());
    }

    /** Audits with the trusted keys (and any more options). */
    private CliRun audit(String... args) {
        List<String> all = new ArrayList<>(List.of("audit"));
        all.addAll(List.of(args));
        all.addAll(List.of("--pgp-keys", keys.resolve("pgp.asc").toString(), "--sigstore-keys",
                keys.resolve("sigstore.pem").toString()));
        return CliRun.of(all.toArray(String[]::new));
    }
}
