package dev.forgeline.release.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.maven.CredentialsSource;
import dev.forgeline.release.maven.PublishJournal;
import dev.forgeline.release.maven.ReleaseFiles;
import dev.forgeline.release.maven.PublishedArtifact;
import dev.forgeline.release.testing.CliRun;
import dev.forgeline.release.testing.FaultInjectingProxy;
import dev.forgeline.release.testing.ForgelineProcess;
import dev.forgeline.release.testing.NginxMavenRepository;
import dev.forgeline.release.testing.PgpverifyConsumer;
import dev.forgeline.release.testing.Prerequisites;
import dev.forgeline.release.testing.ProjectRelease;
import dev.forgeline.release.testing.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forgeline's own release (host target) published over HTTP into a real nginx (WebDAV uploads, basic auth for
 * writes), the CLI run as a child process with its credentials in the environment or a settings.xml: a stock
 * {@code mvn} consumer resolves {@code dev.forgeline:gateway} from it with checksum policy {@code fail}; the secret is
 * nowhere; a publish killed with {@code kill -9} is finished by the next run; {@code smoke --repository} resolves
 * from a remote staging repository.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpPublishEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "release-bot";
    private final String password = "secret-" + Long.toHexString(new java.security.SecureRandom().nextLong());

    private Path temp;
    private Path release;
    private ReleaseManifest manifest;
    private final List<AutoCloseable> servers = new ArrayList<>();

    @BeforeAll
    void releaseLocally(@TempDir Path dir) throws Exception {
        temp = dir;
        NginxMavenRepository.nginx(); // skip (fail on CI) before the release when nginx is missing
        // The JVM's shared release, copied: publish writes its journal and smoke its record into the release.
        release = ProjectRelease.copy(temp.resolve("release"));
        manifest = ManifestStore.read(release);
    }

    @AfterEach
    void stopServers() throws Exception {
        for (AutoCloseable server : servers) {
            server.close();
        }
        servers.clear();
        Files.deleteIfExists(release.resolve(PublishJournal.FILE_NAME));
    }

    @Test
    void publish_credentialsFromTheEnvironment_stockMavenResolvesGatewayWithChecksumPolicyFail() throws Exception {
        NginxMavenRepository nginx = writableNginx("env");
        CliRun first = ForgelineProcess.run(temp, credentials(), "publish", "--from", release.toString(),
                "--repository", nginx.url().toString());
        assertEquals(0, first.exitCode(), first.err() + first.out() + nginx.log());
        assertServedAsInTheManifest(nginx);
        assertTrue(first.err().contains("user '" + USER + "' (environment " + CredentialsSource.USERNAME_ENV + ")"),
                first.err());

        long puts = puts(nginx).size();
        CliRun again = ForgelineProcess.run(temp, credentials(), "publish", "--from", release.toString(),
                "--repository", nginx.url().toString());
        assertEquals(0, again.exitCode(), again.err() + again.out());
        assertEquals(puts, puts(nginx).size(), "a rerun of a finished publish uploads nothing");
        assertTrue(again.out().contains("(0 files written"), again.out());

        assertStockMavenResolvesGateway(nginx);
        assertPgpverifyAcceptsTheReleaseKeyAndOnlyIt(nginx);
        assertNoSecretIn(List.of(first.out(), first.err(), again.out(), again.err(), nginx.log(),
                String.join("\n", nginx.accessLog())));
        assertNoSecretInTheReleaseDirectory();
    }

    @Test
    void publish_settingsServerWithEncryptedPassword_publishesAndAWrongOneFailsWith401WithoutTheSecret()
            throws Exception {
        Prerequisites.command("mvn", "sudo apt-get install -y maven");
        NginxMavenRepository nginx = writableNginx("settings");
        Path m2 = temp.resolve("m2-settings");
        Files.createDirectories(m2);
        // Encrypted the way a Maven user does it, by stock mvn itself.
        String master = encrypt(m2, "--encrypt-master-password", "master-" + password);
        Files.writeString(m2.resolve("settings-security.xml"),
                "<settingsSecurity><master>" + master + "</master></settingsSecurity>\n");
        String encrypted = encrypt(m2, "--encrypt-password", password);
        String wrongEncrypted = encrypt(m2, "--encrypt-password", password + "-wrong");
        Files.writeString(m2.resolve("settings.xml"), "<settings><servers>"
                + "<server><id>releases</id><username>" + USER + "</username><password>" + encrypted + "</password></server>"
                + "<server><id>wrong</id><username>" + USER + "</username><password>" + wrongEncrypted + "</password></server>"
                + "</servers></settings>\n");

        CliRun wrong = ForgelineProcess.run(temp, Map.of(), "publish", "--from", release.toString(),
                "--repository", nginx.url().toString(), "--server-id", "wrong", "--settings",
                m2.resolve("settings.xml").toString(), "--settings-security", m2.resolve("settings-security.xml").toString());
        assertEquals(5, wrong.exitCode(), wrong.err() + wrong.out());
        assertTrue(wrong.err().contains("failed: HTTP 401"), wrong.err());
        assertTrue(wrong.err().contains("PUT " + nginx.url()), "names the URL: " + wrong.err());

        CliRun right = ForgelineProcess.run(temp, Map.of(), "publish", "--from", release.toString(),
                "--repository", nginx.url().toString(), "--server-id", "releases", "--settings",
                m2.resolve("settings.xml").toString(), "--settings-security", m2.resolve("settings-security.xml").toString());
        assertEquals(0, right.exitCode(), right.err() + right.out());
        assertTrue(right.err().contains("settings.xml server 'releases'"), right.err());
        assertServedAsInTheManifest(nginx);
        assertNoSecretIn(List.of(wrong.out(), wrong.err(), right.out(), right.err(), nginx.log(),
                String.join("\n", nginx.accessLog())));
        assertNoSecretInTheReleaseDirectory();
    }

    @Test
    void publish_killedWithKill9MidUpload_nextRunFinishesItAndUploadsNothingTwice() throws Exception {
        NginxMavenRepository nginx = writableNginx("kill");
        // A slow link, so that the kill lands while uploads are under way.
        FaultInjectingProxy slow = FaultInjectingProxy.start(nginx.port(), 400_000);
        servers.add(0, slow);
        Path journalFile = release.resolve(PublishJournal.FILE_NAME);
        int total = ReleaseFiles.toDeploy(release, manifest).size() * 5; // each file with its 4 checksum files, roughly
        ForgelineProcess child = ForgelineProcess.start(temp, credentials(), "publish", "--from", release.toString(),
                "--repository", slow.url().toString(), "--parallel-uploads", "2");
        Set<String> verifiedAtKill = new TreeSet<>();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (child.isAlive() && System.nanoTime() < deadline) {
            Set<String> verified = verified(journalFile);
            if (verified.size() >= 4) {
                child.kill9();
                verifiedAtKill.addAll(verified(journalFile));
                break;
            }
            Thread.sleep(20);
        }
        assertFalse(child.isAlive());
        assertFalse(verifiedAtKill.isEmpty(), "killed after some files were verified: " + child.await().err());
        assertTrue(verifiedAtKill.size() < total / 2, "killed mid-way, not at the end: " + verifiedAtKill.size());
        assertOnlyCompleteModulesVisible(nginx);

        CliRun resumed = ForgelineProcess.run(temp, credentials(), "publish", "--from", release.toString(),
                "--repository", nginx.url().toString());
        assertEquals(0, resumed.exitCode(), resumed.err() + resumed.out());
        assertServedAsInTheManifest(nginx);
        List<String> puts = puts(nginx);
        for (String path : verifiedAtKill) {
            assertEquals(1, puts.stream().filter(path::equals).count(), path + " was verified before the kill: " + puts);
        }
        assertTrue(verified(journalFile).containsAll(puts), "every uploaded file is verified in the journal");
        System.out.println("[kill -9] verified before the kill: " + verifiedAtKill.size() + ", uploaded in all: "
                + puts.size() + ", resumed run: " + resumed.out().strip());
    }

    @Test
    void stage_toHttp_thenSmokeResolvesTheReleaseFromThere() throws Exception {
        NginxMavenRepository nginx = writableNginx("staging");
        CliRun staged = ForgelineProcess.run(temp, credentials(), "stage", "--from", release.toString(),
                "--repository", nginx.url().toString());
        assertEquals(0, staged.exitCode(), staged.err() + staged.out());

        CliRun smoke = CliRun.of("smoke", "--config", config().toString(), "--from", release.toString(),
                "--repository", nginx.url().toString(), "--out", temp.resolve("smoke-results").toString());
        assertEquals(0, smoke.exitCode(), smoke.err() + smoke.out());
        String nativeJar = manifest.artifacts().stream()
                .filter(a -> "linux-x86_64".equals(a.classifier())).findFirst().orElseThrow().file();
        String jarName = nativeJar.substring(nativeJar.lastIndexOf('/') + 1);
        assertTrue(nginx.accessLog().stream().anyMatch(l -> l.contains("GET /") && l.contains(jarName + " ")
                && l.contains("\" 200 ")), "smoke resolved " + jarName + " over HTTP: " + nginx.accessLog());
    }

    private static Path config() {
        return ProjectRelease.config();
    }

    private NginxMavenRepository writableNginx(String name) throws IOException, InterruptedException {
        NginxMavenRepository nginx = NginxMavenRepository.serveWritable(temp.resolve("served-" + name),
                temp.resolve("nginx-" + name), USER, password);
        servers.add(nginx);
        return nginx;
    }

    private Map<String, String> credentials() {
        return Map.of(CredentialsSource.USERNAME_ENV, USER, CredentialsSource.PASSWORD_ENV, password);
    }

    private String encrypt(Path m2, String option, String secret) throws IOException, InterruptedException {
        Tools.Run run = Tools.run(m2, Map.of("MAVEN_OPTS", "-Dsettings.security=" + m2.resolve("settings-security.xml")),
                List.of("mvn", "-q", option, secret));
        assertEquals(0, run.exitCode(), run.output());
        java.util.regex.Matcher encrypted = java.util.regex.Pattern.compile("\\{[A-Za-z0-9+/=]+\\}").matcher(run.output());
        assertTrue(encrypted.find(), run.output());
        return encrypted.group();
    }

    private void assertServedAsInTheManifest(NginxMavenRepository nginx) throws IOException {
        for (PublishedArtifact artifact : ReleaseFiles.toDeploy(release, manifest)) {
            Path served = nginx.root().resolve(artifact.coordinates().repositoryPath());
            assertTrue(Files.isRegularFile(served), "served: " + served);
            assertEquals(artifact.expectedSha256(), Checksums.sha256(served), served.toString());
        }
    }

    /** A module whose POM can be read has every file of the release in place with its digest. */
    private void assertOnlyCompleteModulesVisible(NginxMavenRepository nginx) throws IOException {
        Map<String, List<PublishedArtifact>> byModule = new HashMap<>();
        for (PublishedArtifact a : ReleaseFiles.toDeploy(release, manifest)) {
            byModule.computeIfAbsent(a.coordinates().versionPath(), k -> new ArrayList<>()).add(a);
        }
        for (List<PublishedArtifact> module : byModule.values()) {
            PublishedArtifact pom = module.stream().filter(a -> a.classifier() == null && a.extension().equals("pom"))
                    .findFirst().orElseThrow();
            if (Files.exists(nginx.root().resolve(pom.coordinates().repositoryPath()))) {
                for (PublishedArtifact a : module) {
                    Path served = nginx.root().resolve(a.coordinates().repositoryPath());
                    assertTrue(Files.isRegularFile(served) && a.expectedSha256().equals(Checksums.sha256(served)),
                            "the POM of " + pom.coordinates() + " is visible but " + a.coordinates() + " is not in place");
                }
            }
        }
    }

    private void assertStockMavenResolvesGateway(NginxMavenRepository nginx) throws Exception {
        Prerequisites.command("mvn", "sudo apt-get install -y maven");
        String version = manifest.project().version();
        Path consumer = temp.resolve("consumer");
        Files.createDirectories(consumer);
        Files.writeString(consumer.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>org.example</groupId>
                  <artifactId>consumer</artifactId>
                  <version>1</version>
                  <repositories>
                    <repository><id>forgeline</id><url>%s</url></repository>
                  </repositories>
                  <dependencies>
                    <dependency><groupId>dev.forgeline</groupId><artifactId>gateway</artifactId><version>%s</version></dependency>
                  </dependencies>
                </project>
                """.formatted(nginx.url(), version));
        Files.writeString(consumer.resolve("settings.xml"), "<settings/>\n");
        // Plugins and third-party jars stay cached between runs; forgeline's own artifacts must come from nginx.
        Path localRepository = Path.of(System.getProperty("user.home"), ".cache", "forgeline-test", "consumer-m2");
        dev.forgeline.release.io.FileTrees.deleteTree(localRepository.resolve("dev/forgeline"));
        Tools.Run mvn = Tools.run(consumer, Map.of(), List.of("mvn", "-B", "-ntp", "-C", "-s", "settings.xml",
                "-Dmaven.repo.local=" + localRepository, "dependency:resolve", "-DincludeScope=runtime"));
        assertEquals(0, mvn.exitCode(), mvn.output());
        assertTrue(mvn.output().contains("dev.forgeline:gateway:jar:" + version), mvn.output());
        ReleaseManifest.ArtifactRecord gatewayJar = manifest.artifacts().stream()
                .filter(a -> a.artifactId().equals("gateway") && a.classifier() == null && a.extension().equals("jar"))
                .findFirst().orElseThrow();
        Path resolved = localRepository.resolve("dev/forgeline/gateway/" + version + "/gateway-" + version + ".jar");
        assertEquals(gatewayJar.sha256(), Checksums.sha256(resolved), "mvn resolved the published gateway jar");
        assertTrue(nginx.accessLog().stream().anyMatch(l -> l.contains("GET /dev/forgeline/gateway/" + version
                + "/gateway-" + version + ".jar ") && l.contains("\" 200 ")), "mvn fetched it from nginx");
    }

    /**
     * pgpverify-maven-plugin, offline from a pre-filled key cache, checks the signature of every forgeline file Maven
     * resolved (jars, classifier jars, POMs) and accepts them with the release's key; with another key allowed for
     * dev.forgeline it refuses the same files.
     */
    private void assertPgpverifyAcceptsTheReleaseKeyAndOnlyIt(NginxMavenRepository nginx) throws Exception {
        String version = manifest.project().version();
        Path releaseKey = release.resolve("keys/pgp-public.asc");
        Path localRepository = Path.of(System.getProperty("user.home"), ".cache", "forgeline-test", "consumer-m2");
        dev.forgeline.release.io.FileTrees.deleteTree(localRepository.resolve("dev/forgeline"));
        Tools.Run ok = PgpverifyConsumer.check(temp.resolve("pgpverify-ok"), nginx.url(), version, releaseKey,
                releaseKey, localRepository);
        assertEquals(0, ok.exitCode(), ok.output());
        for (String artifact : List.of("dev.forgeline:gateway:jar:" + version, "dev.forgeline:gateway:pom:" + version,
                "dev.forgeline:native-core:jar:" + version,
                "dev.forgeline:native-core:jar:linux-x86_64:" + version)) {
            assertTrue(ok.output().contains(artifact + " PGP Signature OK"), artifact + ":\n" + ok.output());
        }

        Path otherKey = Files.writeString(temp.resolve("other-pgp-public.asc"),
                dev.forgeline.release.testing.TestKeys.untrusted().pgpPublicKeyArmored());
        Tools.Run refused = PgpverifyConsumer.check(temp.resolve("pgpverify-other-key"), nginx.url(), version,
                releaseKey, otherKey, localRepository);
        assertTrue(refused.exitCode() != 0, refused.output());
        assertTrue(refused.output().contains("Not allowed artifact dev.forgeline:gateway:jar:" + version),
                refused.output());
    }

    private void assertNoSecretIn(List<String> texts) {
        for (String text : texts) {
            assertFalse(text.contains(password), "the password leaked into: " + text);
        }
    }

    private void assertNoSecretInTheReleaseDirectory() throws IOException {
        assertTrue(Files.isRegularFile(release.resolve(PublishJournal.FILE_NAME)), "a journal was written");
        try (Stream<Path> files = Files.walk(release)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] content = Files.readAllBytes(file);
                assertFalse(new String(content, StandardCharsets.ISO_8859_1).contains(password),
                        "the password is in " + file);
            }
        }
    }

    private static Set<String> verified(Path journalFile) {
        Set<String> verified = new TreeSet<>();
        try {
            if (!Files.isRegularFile(journalFile)) {
                return verified;
            }
            JsonNode repositories = JSON.readTree(journalFile.toFile()).get("repositories");
            repositories.fields().forEachRemaining(repo -> repo.getValue().fields().forEachRemaining(file -> {
                if ("verified".equals(file.getValue().get("state").asText())) {
                    verified.add(file.getKey());
                }
            }));
        } catch (IOException e) {
            // renamed into place meanwhile: read it next time
        }
        return verified;
    }

    private static List<String> puts(NginxMavenRepository nginx) throws IOException {
        List<String> paths = new ArrayList<>();
        for (String line : nginx.accessLog()) {
            int start = line.indexOf("\"PUT /");
            if (start >= 0 && (line.contains("\" 201 ") || line.contains("\" 204 "))) {
                paths.add(line.substring(start + 6, line.indexOf(' ', start + 6)));
            }
        }
        return paths;
    }
}
