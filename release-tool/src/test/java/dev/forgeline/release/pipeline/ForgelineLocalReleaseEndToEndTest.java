package dev.forgeline.release.pipeline;

import dev.forgeline.release.manifest.TargetId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.maven.MavenArtifactResolver;
import dev.forgeline.release.common.MavenCoordinates;
import dev.forgeline.release.maven.ResolutionRequest;
import dev.forgeline.release.maven.ResolutionResult;
import dev.forgeline.release.testing.CliRun;
import dev.forgeline.release.testing.GatewayProcess;
import dev.forgeline.release.testing.JarContents;
import dev.forgeline.release.testing.ProjectRelease;
import dev.forgeline.release.testing.TestProjects;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole local job on this repository: {@code forgeline release --local} (the JVM's shared
 * {@link ProjectRelease}), then a consumer's view of it: a fresh maven-resolver session resolves only
 * {@code dev.forgeline:gateway} from the file repository into an empty local repository, and the
 * gateway runs from exactly those jars. The release is built twice, from clean (the shared one and this class's
 * own, into a fresh directory), to prove it is reproducible.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForgelineLocalReleaseEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCEPT = "application/json, text/event-stream";

    private Path temp;
    private Path first;
    private Path second;
    private ReleaseManifest manifest;
    private GatewayProcess gateway;
    private final java.util.Set<String> resolvedForgeline = new java.util.TreeSet<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void releaseTwiceAndStartTheGateway(@TempDir Path dir) throws Exception {
        temp = dir;
        Path config = ProjectRelease.config();
        // The host platform only: CrossReleaseTest builds the foreign targets, SampleProjectReleaseTest the default
        // selection (every buildable target); this test is about the consumer's view and reproducibility. The first
        // clean build is the JVM's shared one (read only here), the second this class's own, into a fresh directory.
        first = ProjectRelease.dir();
        second = temp.resolve("second");
        CliRun again = CliRun.of("release", "--local", "--config", config.toString(), "--target", "linux-x86_64",
                "--out", second.toString());
        assertEquals(0, again.exitCode(), "second release --local failed:\n" + again.err() + again.out());
        manifest = ManifestStore.read(first);

        // Third-party dependencies (Jackson) come from upstream, as a consumer's Maven Central: here the
        // Maven repository this build filled from Central, used as a plain remote repository.
        ResolutionResult resolved = new MavenArtifactResolver().resolve(ResolutionRequest.fromDirectory(
                MavenCoordinates.parse("dev.forgeline:gateway:" + manifest.project().version()),
                first.resolve("repository"), temp.resolve("empty-local-repository"))
                .withUpstream(TestProjects.mavenUpstreamRepository()));
        Map<String, String> published = new TreeMap<>();
        manifest.artifacts().forEach(a -> published.put(a.groupId() + ":" + a.artifactId() + ":"
                + (a.classifier() == null ? "" : a.classifier()) + ":" + a.extension(), a.sha256()));
        for (ResolutionResult.ResolvedArtifact artifact : resolved.artifacts()) {
            assertTrue(artifact.file().startsWith(temp.resolve("empty-local-repository")),
                    "resolved into the fresh local repository: " + artifact.file());
            MavenCoordinates c = artifact.coordinates();
            if (c.groupId().equals("dev.forgeline")) {
                String key = c.groupId() + ":" + c.artifactId() + ":" + (c.classifier() == null ? "" : c.classifier())
                        + ":" + c.extension();
                assertEquals(published.get(key), JarContents.sha256(java.nio.file.Files.readAllBytes(artifact.file())),
                        "the consumer gets exactly the published bytes of " + key);
                resolvedForgeline.add(key);
            }
        }
        gateway = GatewayProcess.start(resolved.files(), temp.resolve("native-cache"));
    }

    @AfterAll
    void stopGateway() throws InterruptedException {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void twoCleanBuilds_giveIdenticalDigestsForEveryArtifact() {
        ReleaseManifest other = ManifestStore.read(second);
        Map<String, String> a = digests(manifest);
        Map<String, String> b = digests(other);
        assertTrue(a.size() >= 6, "pom, loader, gateway, classifier jar: " + a.keySet());
        String version = manifest.project().version();
        for (String module : java.util.List.of("native-core", "gateway")) {
            for (String classifier : java.util.List.of("sources", "javadoc")) {
                String key = "dev.forgeline:" + module + ":jar:" + classifier + ":" + version;
                assertTrue(a.containsKey(key), "the build attaches " + key + ": " + a.keySet());
            }
        }
        assertEquals(a, b);
    }

    /** What release --local published passes Maven Central's rules: POM metadata, sources/javadoc, .asc, checksums. */
    @Test
    void publishedRepository_passesMavenCentralRules() throws Exception {
        assertEquals(java.util.List.of(), dev.forgeline.release.maven.central.CentralRules.checkDirectory(
                first.resolve("repository")));
    }

    @Test
    void releaseSboms_validateWithTheCycloneDxLibrary() throws Exception {
        java.util.List<Path> files = manifest.artifacts().stream().filter(dev.forgeline.release.sbom.SbomStage::isSbom)
                .map(a -> first.resolve(a.file())).toList();
        assertEquals(4, files.size(), "gateway, loader, platform jar, and the release's on forgeline-parent: " + files);
        dev.forgeline.release.testing.CycloneDxJs.requireValid(files);
    }

    /**
     * The gateway SBOM's Maven components are, as purls, what {@code mvn dependency:list} reports for a consumer of the
     * published gateway in runtime scope (the published POMs: the loader's consumer POM brings the platform jar).
     */
    @Test
    void gatewaySbom_mavenPurls_equalMvnDependencyListOfThePublishedGateway() throws Exception {
        String version = manifest.project().version();
        Path consumer = java.nio.file.Files.createDirectories(temp.resolve("dependency-list"));
        String pluginVersion = java.util.regex.Pattern.compile("<dependency-plugin.version>([^<]+)<")
                .matcher(java.nio.file.Files.readString(TestProjects.repositoryRoot().resolve("pom.xml"))).results()
                .findFirst().orElseThrow().group(1);
        Path m2 = Path.of(System.getProperty("user.home"), ".m2", "repository");
        java.nio.file.Files.writeString(consumer.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>test</groupId><artifactId>consumer</artifactId><version>1</version>
                  <repositories>
                    <repository><id>release</id><url>%s</url></repository>
                    <repository><id>cache</id><url>%s</url></repository>
                  </repositories>
                  <pluginRepositories><pluginRepository><id>cache</id><url>%s</url></pluginRepository></pluginRepositories>
                  <dependencies>
                    <dependency><groupId>dev.forgeline</groupId><artifactId>gateway</artifactId><version>%s</version></dependency>
                  </dependencies>
                  <build><plugins><plugin>
                    <artifactId>maven-dependency-plugin</artifactId><version>%s</version>
                  </plugin></plugins></build>
                </project>
                """.formatted(first.resolve("repository").toUri(), m2.toUri(), m2.toUri(), version, pluginVersion));
        Path listing = consumer.resolve("dependencies.txt");
        dev.forgeline.release.testing.Tools.Run mvn = dev.forgeline.release.testing.Tools.run(consumer, Map.of(),
                java.util.List.of("mvn", "-B", "-ntp", "-q", "-Dmaven.repo.local=" + consumer.resolve("local"),
                        "dependency:list", "-DincludeScope=runtime", "-DoutputFile=" + listing));
        assertEquals(0, mvn.exitCode(), mvn.output());
        java.util.Set<String> fromMaven = new java.util.TreeSet<>();
        fromMaven.add("pkg:maven/dev.forgeline/gateway@" + version); // dependency:list lists the dependencies of its project
        for (String line : java.nio.file.Files.readAllLines(listing)) {
            String[] p = line.strip().split(":");
            if (p.length >= 5) { // group:artifact:type[:classifier]:version:scope[ -- module ...]
                boolean classified = p.length >= 6 && !p[4].contains(" ") && p[5].split(" ")[0].matches("compile|runtime");
                String classifier = classified ? p[3] : null;
                String v = classified ? p[4] : p[3];
                fromMaven.add(new dev.forgeline.sbom.ResolvedArtifact(p[0], p[1], v, classifier, p[2], null,
                        java.util.List.of()).purl());
            }
        }
        ReleaseManifest.ArtifactRecord gatewaySbom = manifest.artifacts().stream()
                .filter(a -> a.artifactId().equals("gateway") && "cyclonedx".equals(a.classifier())).findFirst().orElseThrow();
        JsonNode sbom = JSON.readTree(first.resolve(gatewaySbom.file()).toFile());
        java.util.Set<String> fromSbom = new java.util.TreeSet<>();
        fromSbom.add(sbom.path("metadata").path("component").path("purl").asText());
        sbom.path("components").forEach(c -> {
            if (c.path("purl").asText().startsWith("pkg:maven/")) {
                fromSbom.add(c.path("purl").asText());
            }
        });
        java.util.Set<String> onlyMaven = new java.util.TreeSet<>(fromMaven);
        onlyMaven.removeAll(fromSbom);
        java.util.Set<String> onlySbom = new java.util.TreeSet<>(fromSbom);
        onlySbom.removeAll(fromMaven);
        assertEquals(fromMaven, fromSbom, "only in mvn dependency:list: " + onlyMaven + "; only in the SBOM: " + onlySbom);
        assertTrue(fromSbom.stream().anyMatch(p -> p.startsWith("pkg:maven/com.fasterxml.jackson.core/jackson-databind@")),
                fromSbom.toString());
    }

    /**
     * The gateway SBOM's Maven components are, as purls, what the CycloneDX project's own Maven plugin
     * ({@code cyclonedx-maven-plugin makeBom}, the version the parent POM pins, runtime scope) reports for the gateway
     * module: its published POM as the project, its parent and the loader from the release's repository, the rest from
     * the build's Maven repository (Central when missing there). The plugin writes {@code type=jar}, which purls may
     * leave out for jars (we do); it is dropped before comparing. Differences are listed.
     */
    @Test
    void gatewaySbom_mavenPurls_equalCycloneDxMavenPluginsMakeBomOfTheGatewayModule() throws Exception {
        String version = manifest.project().version();
        String pluginVersion = java.util.regex.Pattern.compile("<cyclonedx-maven-plugin.version>([^<]+)<")
                .matcher(java.nio.file.Files.readString(TestProjects.repositoryRoot().resolve("pom.xml"))).results()
                .findFirst().orElseThrow().group(1);
        Path project = java.nio.file.Files.createDirectories(temp.resolve("make-bom"));
        ReleaseManifest.ArtifactRecord gatewayPom = manifest.artifacts().stream()
                .filter(a -> a.artifactId().equals("gateway") && a.classifier() == null && "pom".equals(a.extension()))
                .findFirst().orElseThrow();
        java.nio.file.Files.copy(first.resolve(gatewayPom.file()), project.resolve("pom.xml"));
        Path m2 = Path.of(System.getProperty("user.home"), ".m2", "repository");
        // Repositories for the project and its parent come from an active settings profile: the POM stays as published.
        Path settings = java.nio.file.Files.writeString(project.resolve("settings.xml"), """
                <settings><profiles><profile><id>release</id>
                  <repositories>
                    <repository><id>release</id><url>%s</url></repository>
                    <repository><id>cache</id><url>%s</url></repository>
                  </repositories>
                  <pluginRepositories><pluginRepository><id>cache</id><url>%s</url></pluginRepository></pluginRepositories>
                </profile></profiles><activeProfiles><activeProfile>release</activeProfile></activeProfiles></settings>
                """.formatted(first.resolve("repository").toUri(), m2.toUri(), m2.toUri()));
        dev.forgeline.release.testing.Tools.Run mvn = dev.forgeline.release.testing.Tools.run(project, Map.of(),
                java.util.List.of("mvn", "-B", "-ntp", "-q", "-s", settings.toString(),
                        "-Dmaven.repo.local=" + project.resolve("local"),
                        "org.cyclonedx:cyclonedx-maven-plugin:" + pluginVersion + ":makeBom",
                        "-DincludeTestScope=false", "-DincludeProvidedScope=false", "-DincludeSystemScope=false",
                        "-DoutputFormat=json", "-DoutputName=bom"));
        assertEquals(0, mvn.exitCode(), mvn.output());
        JsonNode peer = JSON.readTree(project.resolve("target/bom.json").toFile());
        java.util.Set<String> fromPlugin = mavenPurls(peer);
        assertTrue(fromPlugin.stream().anyMatch(p -> p.startsWith("pkg:maven/com.fasterxml.jackson.core/jackson-databind@")),
                "the plugin resolved the gateway's graph: " + fromPlugin);

        ReleaseManifest.ArtifactRecord gatewaySbom = manifest.artifacts().stream()
                .filter(a -> a.artifactId().equals("gateway") && "cyclonedx".equals(a.classifier())).findFirst().orElseThrow();
        java.util.Set<String> fromSbom = mavenPurls(JSON.readTree(first.resolve(gatewaySbom.file()).toFile()));
        java.util.Set<String> onlyPlugin = new java.util.TreeSet<>(fromPlugin);
        onlyPlugin.removeAll(fromSbom);
        java.util.Set<String> onlySbom = new java.util.TreeSet<>(fromSbom);
        onlySbom.removeAll(fromPlugin);
        assertEquals(fromPlugin, fromSbom, "only in cyclonedx-maven-plugin's makeBom: " + onlyPlugin
                + "; only in the gateway SBOM: " + onlySbom);
        assertTrue(fromSbom.contains("pkg:maven/dev.forgeline/gateway@" + version), fromSbom.toString());
        assertTrue(fromSbom.stream().anyMatch(p -> p.startsWith("pkg:maven/dev.forgeline/native-core@" + version
                + "?classifier=linux-x86_64")), "the platform jar, through the loader's consumer POM: " + fromSbom);
    }

    /** The subject's and every component's {@code pkg:maven} purl, without the {@code type=jar} qualifier. */
    private static java.util.Set<String> mavenPurls(JsonNode bom) {
        java.util.Set<String> purls = new java.util.TreeSet<>();
        java.util.List<JsonNode> components = new java.util.ArrayList<>();
        components.add(bom.path("metadata").path("component"));
        bom.path("components").forEach(components::add);
        for (JsonNode c : components) {
            String purl = c.path("purl").asText();
            if (purl.startsWith("pkg:maven/")) {
                purls.add(purl.replace("?type=jar&", "?").replace("&type=jar", "").replace("?type=jar", ""));
            }
        }
        return purls;
    }

    @Test
    void twoCleanBuilds_giveTheSameImageIndexDigest() throws Exception {
        dev.forgeline.release.manifest.ImageRecord a = manifest.image();
        dev.forgeline.release.manifest.ImageRecord b = ManifestStore.read(second).image();
        assertEquals(java.util.Set.of("linux-x86_64"), a.platforms().keySet());
        assertEquals(a.indexDigest(), b.indexDigest());
        a.platforms().forEach((classifier, platform) -> {
            assertEquals(platform.manifestDigest(), b.platforms().get(classifier).manifestDigest());
            assertEquals(platform.layers(), b.platforms().get(classifier).layers());
        });
        assertEquals(java.nio.file.Files.readString(first.resolve("image/index.json")),
                java.nio.file.Files.readString(second.resolve("image/index.json")));
    }

    @Test
    void consumerOfGatewayAlone_receivesLoaderAndHostPlatformJar() {
        assertTrue(resolvedForgeline.contains("dev.forgeline:gateway::jar"), resolvedForgeline.toString());
        assertTrue(resolvedForgeline.contains("dev.forgeline:native-core::jar"), resolvedForgeline.toString());
        assertTrue(resolvedForgeline.contains("dev.forgeline:native-core:linux-x86_64:jar"), resolvedForgeline.toString());
    }

    @Test
    void smoke_ranTheProjectHarnessThroughTheRealLoaderBeforePublishing() {
        ReleaseManifest.Smoke smoke = manifest.target(TargetId.of("linux-x86_64")).smoke();
        assertEquals(ReleaseManifest.Smoke.SmokeStatus.passed, smoke.status(), smoke.toString());
        assertEquals("dev.forgeline.nativecore.SelfTest", smoke.harness());
        assertEquals(manifest.target(TargetId.of("linux-x86_64")).library().sha256(), smoke.testedSha256());
        java.util.Set<String> names = new java.util.TreeSet<>();
        // With several runners (host, baseline CPU) each check is named "<runner>: <check>".
        smoke.checks().forEach(c -> names.add(c.name().substring(c.name().indexOf(':') + 1).trim()));
        assertTrue(names.containsAll(java.util.Set.of("sha256", "target", "version", "jsonrpc", "sse", "release-digest")),
                names.toString());
    }

    @Test
    void health_showsTheHostTargetAndTheDigestOfTheLibraryInTheClassifierJar() throws Exception {
        HttpResponse<String> response = get("/health");
        assertEquals(200, response.statusCode());
        JsonNode health = JSON.readTree(response.body());
        JsonNode nativeCore = health.get("nativeCore");
        String hostTriple = manifest.target(TargetId.of("linux-x86_64")).rustTriple();
        assertEquals(hostTriple, nativeCore.get("target").asText());
        assertEquals("linux-x86_64", nativeCore.get("classifier").asText());

        Path classifierJar = first.resolve("artifacts/native-core-" + manifest.project().version() + "-linux-x86_64.jar");
        byte[] library = JarContents.read(classifierJar, "META-INF/native/linux-x86_64/libforgeline_native_core.so");
        assertEquals(JarContents.sha256(library), nativeCore.get("sha256").asText());
        assertTrue(nativeCore.get("source").asText().contains("native-core-" + manifest.project().version() + "-linux-x86_64.jar"),
                "loaded from the classifier jar: " + nativeCore.get("source"));
        assertTrue(response.headers().firstValue("X-Forgeline-Native").orElse("").contains(hostTriple),
                "every response names the native build: " + response.headers().map());
    }

    @Test
    void mcp_initializeEchoMalformedAndBatch() throws Exception {
        HttpResponse<String> init = post(initialize("2025-11-25"), Map.of());
        assertEquals(200, init.statusCode(), init.body());
        JsonNode initResult = firstMessage(init).get("result");
        assertEquals("2025-11-25", initResult.get("protocolVersion").asText());
        assertTrue(initResult.get("capabilities").has("tools"));
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        Map<String, String> headers = Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-11-25");

        assertEquals(202, post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", headers).statusCode());

        HttpResponse<String> echo = post("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"echo\",\"arguments\":{\"message\":\"hello from the release\"}}}", headers);
        assertEquals(200, echo.statusCode(), echo.body());
        JsonNode echoed = firstMessage(echo);
        assertEquals(7, echoed.get("id").asInt());
        assertEquals("hello from the release", echoed.at("/result/content/0/text").asText());

        HttpResponse<String> malformed = post("{\"jsonrpc\":\"2.0\",\"id\":", headers);
        assertEquals(-32700, firstMessage(malformed).at("/error/code").asInt(), malformed.body());

        // Batches belong to the 2025-03-26 revision; a session that negotiated it gets one answer per request.
        HttpResponse<String> oldInit = post(initialize("2025-03-26"), Map.of());
        String oldSession = oldInit.headers().firstValue("Mcp-Session-Id").orElseThrow();
        Map<String, String> oldHeaders = Map.of("Mcp-Session-Id", oldSession, "MCP-Protocol-Version", "2025-03-26");
        post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", oldHeaders);
        HttpResponse<String> batch = post("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"no/such/method\"}]", oldHeaders);
        assertEquals(200, batch.statusCode(), batch.body());
        JsonNode answers = JSON.readTree(jsonBody(batch));
        assertTrue(answers.isArray() && answers.size() == 2, batch.body());
        Map<Integer, JsonNode> byId = new TreeMap<>();
        answers.forEach(a -> byId.put(a.get("id").asInt(), a));
        assertTrue(byId.get(1).has("result"), batch.body());
        assertEquals(-32601, byId.get(2).at("/error/code").asInt(), batch.body());
    }

    private static Map<String, String> digests(ReleaseManifest manifest) {
        Map<String, String> out = new TreeMap<>();
        manifest.artifacts().forEach(a -> out.put(a.coordinate(), a.sha256()));
        return out;
    }

    private static String initialize(String version) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + version
                + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"forgeline-e2e\",\"version\":\"1\"}}}";
    }

    private HttpResponse<String> get(String path) throws Exception {
        URI uri = gateway.endpoint().resolve(path);
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.endpoint()).timeout(Duration.ofSeconds(10))
                .header("Accept", ACCEPT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The first JSON-RPC message of a response, whether it came as JSON or as an SSE stream. */
    private static JsonNode firstMessage(HttpResponse<String> response) throws Exception {
        return JSON.readTree(jsonBody(response));
    }

    private static String jsonBody(HttpResponse<String> response) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("text/event-stream")) {
            return response.body();
        }
        StringBuilder data = new StringBuilder();
        for (String line : response.body().split("\r\n|\n|\r")) {
            if (line.startsWith("data:")) {
                data.append(line.substring(line.startsWith("data: ") ? 6 : 5)).append('\n');
            } else if (line.isEmpty() && data.length() > 0 && !data.toString().isBlank()) {
                break;
            }
        }
        return data.toString();
    }
}
