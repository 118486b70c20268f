package dev.forgeline.release.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.common.FileDigest;
import dev.forgeline.release.common.Jobs;
import dev.forgeline.release.maven.central.CentralOptions;
import dev.forgeline.release.maven.central.CentralRulesException;
import dev.forgeline.release.maven.central.CentralViolation;
import dev.forgeline.release.maven.central.PublishingType;
import dev.forgeline.release.sign.PgpSigner;
import dev.forgeline.release.testing.CentralPortalStandIn;
import dev.forgeline.release.testing.TestKeys;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishing to Maven Central's Publisher API, against {@link CentralPortalStandIn} on loopback (Central itself
 * cannot be reached from here): the states a deployment goes through, Central's own validation errors, 401, 5xx,
 * slow transitions, a run stopped while polling, an upload whose answer is lost; never a second deployment, never
 * the token in any output.
 */
class CentralPublishTest {
    private static final String USER = "portal-user";
    private static final String PASSWORD = "tok-" + Long.toHexString(new java.security.SecureRandom().nextLong());
    private static final String TOKEN = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD)
            .getBytes(StandardCharsets.UTF_8));
    private static final String GROUP = "org.example.central";
    private static final String VERSION = "1.0.0";

    @TempDir
    Path work;

    private CentralPortalStandIn central;
    private Jobs jobs;
    private final List<String> progress = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        central = CentralPortalStandIn.start(USER, PASSWORD).stepDelay(Duration.ofMillis(60));
        jobs = Jobs.serial();
    }

    @AfterEach
    void stop() {
        jobs.close();
        central.close();
    }

    @Test
    void publish_automatic_reachesPublished_andARerunUploadsNothing() throws Exception {
        List<PublishedArtifact> release = release(Map.of());

        PublishResult result = publish(release, PublishingType.AUTOMATIC, Duration.ofSeconds(20), null, false);

        assertEquals(1, central.deployments().size());
        CentralPortalStandIn.Deployment deployment = central.deployments().get(0);
        assertEquals("PUBLISHED", central.state(deployment));
        assertEquals(Map.of(), deployment.errors);
        // Every file and its .md5/.sha1/.sha256/.sha512, no maven-metadata.xml: 7 artifacts x 5 + 7 signatures.
        assertEquals(7 * 5 + 7, deployment.files.size(), deployment.files.keySet().toString());
        assertFalse(deployment.files.keySet().stream().anyMatch(p -> p.contains("maven-metadata")));
        assertEquals(deployment.files.size(), result.published().size());
        PublishJournal.Entry entry = PublishJournal.open(journal(), centralUri())
                .get(CentralPublishTarget.JOURNAL_KEY).orElseThrow();
        assertEquals(deployment.id, entry.deploymentId());
        assertEquals("PUBLISHED", entry.deploymentState());
        assertEquals(PublishJournal.State.verified, entry.state());

        PublishResult again = publish(release, PublishingType.AUTOMATIC, Duration.ofSeconds(20), null, false);

        assertEquals(1, central.uploadRequests(), "a rerun of a finished publish uploads nothing");
        assertTrue(again.nothingPublished());
        assertNoSecretIn(String.join("\n", progress) + Files.readString(journal()));
    }

    @Test
    void publish_userManaged_stopsAtValidated_andSaysHowToPublishOrDrop() throws Exception {
        publish(release(Map.of()), PublishingType.USER_MANAGED, Duration.ofSeconds(20), null, false);

        CentralPortalStandIn.Deployment deployment = central.deployments().get(0);
        Thread.sleep(300); // longer than the steps to PUBLISHED: a USER_MANAGED deployment stays VALIDATED
        assertEquals("VALIDATED", central.state(deployment));
        String said = String.join("\n", progress);
        String url = central.url().resolve("api/v1/publisher/deployment/" + deployment.id).toString();
        assertTrue(said.contains("curl -X POST -H \"Authorization: Bearer $TOKEN\" " + url), said);
        assertTrue(said.contains("curl -X DELETE -H \"Authorization: Bearer $TOKEN\" " + url), said);
        assertTrue(said.contains("deployment " + deployment.id + ": PENDING"), said);
        assertTrue(said.contains("deployment " + deployment.id + ": VALIDATED"), said);
        assertNoSecretIn(said);
    }

    @Test
    void publish_signatureCentralRejects_failsWithCentralsPerFileErrors() throws Exception {
        // Present (the local rules check presence) but no PGP signature: Central's validation finds it.
        List<PublishedArtifact> release = release(Map.of("core-1.0.0.jar", "not a signature"));

        ForgelineException e = assertThrows(ForgelineException.class,
                () -> publish(release, PublishingType.AUTOMATIC, Duration.ofSeconds(20), null, false));

        assertEquals(ExitCode.CHECK_FAILED, e.exitCode());
        assertTrue(e.getMessage().contains("FAILED"), e.getMessage());
        assertTrue(e.getMessage().contains("pkg:maven/" + GROUP + "/core@" + VERSION
                + ": Invalid signature for file: core-1.0.0.jar"), e.getMessage());
        assertEquals("FAILED", central.state(central.deployments().get(0)));
    }

    @Test
    void publish_releaseBreakingCentralsRules_listsEveryViolation_andUploadsNothing() throws Exception {
        List<PublishedArtifact> release = new ArrayList<>(release(Map.of()));
        release.removeIf(a -> "sources".equals(a.coordinates().classifier()));

        CentralRulesException e = assertThrows(CentralRulesException.class,
                () -> publish(release, PublishingType.AUTOMATIC, Duration.ofSeconds(20), null, false));

        assertEquals(ExitCode.CHECK_FAILED, e.exitCode());
        assertEquals(List.of(CentralViolation.Rule.SOURCES_OR_JAVADOC_MISSING),
                e.violations().stream().map(CentralViolation::rule).toList());
        assertEquals(0, central.uploadRequests());
    }

    @Test
    void publish_stoppedWhilePolling_nextRunPollsTheSameDeployment() throws Exception {
        central.stepDelay(Duration.ofSeconds(2));
        List<PublishedArtifact> release = release(Map.of());

        ForgelineException e = assertThrows(ForgelineException.class,
                () -> publish(release, PublishingType.USER_MANAGED, Duration.ofMillis(400), null, false));

        assertEquals(ExitCode.PUBLISH_FAILED, e.exitCode());
        String id = central.deployments().get(0).id;
        assertTrue(e.getMessage().contains("Central deployment " + id), e.getMessage());
        assertTrue(e.hint().contains("polls it and uploads nothing"), e.hint());
        assertEquals(id, PublishJournal.open(journal(), centralUri()).get(CentralPublishTarget.JOURNAL_KEY)
                .orElseThrow().deploymentId(), "the id is journaled the moment it is known");

        central.stepDelay(Duration.ofMillis(60));
        progress.clear();
        publish(release, PublishingType.USER_MANAGED, Duration.ofSeconds(20), null, false);

        assertEquals(1, central.uploadRequests(), "resumed by polling, not uploading");
        assertEquals(1, central.deployments().size());
        assertTrue(String.join("\n", progress).contains("polling it, not uploading again"), progress.toString());
    }

    @Test
    void publish_uploadAnswerLost_neverMakesASecondDeployment() throws Exception {
        central.dropNextUploadAnswer(Duration.ofSeconds(3));
        List<PublishedArtifact> release = release(Map.of());

        ForgelineException lost = assertThrows(ForgelineException.class,
                () -> publish(release, PublishingType.USER_MANAGED, Duration.ofSeconds(20), null, false));

        assertEquals(ExitCode.PUBLISH_FAILED, lost.exitCode());
        assertTrue(lost.getMessage().contains("got no answer"), lost.getMessage());
        assertTrue(lost.hint().contains("--central-deployment-id"), lost.hint());
        assertEquals(1, central.deployments().size(), "the stand-in accepted it");

        // A plain rerun does not upload blind.
        ForgelineException again = assertThrows(ForgelineException.class,
                () -> publish(release, PublishingType.USER_MANAGED, Duration.ofSeconds(20), null, false));
        assertTrue(again.getMessage().contains("got no answer"), again.getMessage());
        assertEquals(1, central.uploadRequests());

        // With the id found in the portal, the run polls that deployment.
        String id = central.deployments().get(0).id;
        publish(release, PublishingType.USER_MANAGED, Duration.ofSeconds(20), id, false);

        assertEquals(1, central.uploadRequests());
        assertEquals(1, central.deployments().size());
        assertEquals(id, PublishJournal.open(journal(), centralUri()).get(CentralPublishTarget.JOURNAL_KEY)
                .orElseThrow().deploymentId());
    }

    @Test
    void publish_automaticUploadAnswerLost_endsWhenCentralHasPublishedIt() throws Exception {
        // The answer is held for 3 s, the client gives up after 1 s; by then the stand-in has published it.
        central.dropNextUploadAnswer(Duration.ofSeconds(3));
        List<PublishedArtifact> release = release(Map.of());

        publish(release, PublishingType.AUTOMATIC, Duration.ofSeconds(20), null, false);

        assertEquals(1, central.uploadRequests());
        assertEquals(1, central.deployments().size());
        assertTrue(String.join("\n", progress).contains("is published on Maven Central"), progress.toString());
        assertEquals("PUBLISHED", PublishJournal.open(journal(), centralUri()).get(CentralPublishTarget.JOURNAL_KEY)
                .orElseThrow().deploymentState());
    }

    @Test
    void publish_5xxOnUploadAndStatus_areRetried() throws Exception {
        central.failNextUploads(2);
        central.failNextStatusRequests(2);

        publish(release(Map.of()), PublishingType.AUTOMATIC, Duration.ofSeconds(20), null, false);

        assertEquals(3, central.uploadRequests());
        assertEquals(1, central.deployments().size());
        assertEquals("PUBLISHED", central.state(central.deployments().get(0)));
    }

    @Test
    void publish_wrongToken_fails401AtOnce_withoutTheSecret() throws Exception {
        String wrong = "wrong-" + PASSWORD;
        ForgelineException e = assertThrows(ForgelineException.class, () -> publish(release(Map.of()),
                PublishingType.AUTOMATIC, Duration.ofSeconds(20), null, false,
                RepositoryCredentials.basic(USER, wrong, "test")));

        assertEquals(ExitCode.PUBLISH_FAILED, e.exitCode());
        assertTrue(e.getMessage().contains("HTTP 401"), e.getMessage());
        assertTrue(e.hint().contains("user token"), e.hint());
        assertEquals(1, central.unauthorizedRequests(), "401 is not retried");
        assertEquals(0, central.deployments().size());
        String everything = e.getMessage() + e.hint() + String.join("\n", progress) + stackTrace(e)
                + (Files.exists(journal()) ? Files.readString(journal()) : "");
        assertFalse(everything.contains(wrong), everything);
        assertFalse(everything.contains(Base64.getEncoder().encodeToString((USER + ":" + wrong)
                .getBytes(StandardCharsets.UTF_8))), everything);
        assertTrue(PublishJournal.open(journal(), centralUri()).get(CentralPublishTarget.JOURNAL_KEY).isEmpty(),
                "a refused upload leaves nothing to resume");
    }

    private PublishResult publish(List<PublishedArtifact> release, PublishingType type, Duration wait,
            String deploymentId, boolean uploadAgain) throws Exception {
        return publish(release, type, wait, deploymentId, uploadAgain, RepositoryCredentials.basic(USER, PASSWORD,
                "test"));
    }

    private PublishResult publish(List<PublishedArtifact> release, PublishingType type, Duration wait,
            String deploymentId, boolean uploadAgain, RepositoryCredentials credentials) throws Exception {
        RepositoryAccess access = RepositoryAccess.defaults()
                .withRetry(new RetryPolicy(4, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(10)))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(1));
        CentralOptions central = new CentralOptions(type, wait, Duration.ofMillis(40), deploymentId, uploadAgain,
                progress::add);
        return new MavenPublisher().publish(new PublishRequest(centralUri(), release),
                new PublishOptions(access, credentials, journal(), jobs, central));
    }

    private URI centralUri() {
        return URI.create(CentralPublishTarget.SCHEME_PREFIX + central.url());
    }

    private Path journal() {
        return work.resolve(PublishJournal.FILE_NAME);
    }

    /**
     * A parent POM with Central's metadata, and a module with a main jar, its sources and javadoc jars and a platform
     * jar; each file signed with the test PGP key, but {@code badSignatures} (file name to content).
     */
    private List<PublishedArtifact> release(Map<String, String> badSignatures) throws Exception {
        Path dir = Files.createDirectories(work.resolve("build"));
        List<PublishedArtifact> files = new ArrayList<>();
        files.add(artifact(dir, "parent", null, "pom", "<?xml version=\"1.0\"?>\n<project xmlns=\"http://maven.apache.org/POM/4.0.0\">"
                + "<modelVersion>4.0.0</modelVersion><groupId>" + GROUP + "</groupId><artifactId>parent</artifactId>"
                + "<version>" + VERSION + "</version><packaging>pom</packaging>"
                + dev.forgeline.release.maven.central.CentralRulesTestData.PARENT_METADATA + "</project>\n"));
        files.add(artifact(dir, "core", null, "pom", "<?xml version=\"1.0\"?>\n<project xmlns=\"http://maven.apache.org/POM/4.0.0\">"
                + "<modelVersion>4.0.0</modelVersion><parent><groupId>" + GROUP + "</groupId><artifactId>parent"
                + "</artifactId><version>" + VERSION + "</version></parent><artifactId>core</artifactId>"
                + "<name>Core</name></project>\n"));
        files.add(artifact(dir, "core", null, "jar", "core classes"));
        files.add(artifact(dir, "core", "sources", "jar", "core sources"));
        files.add(artifact(dir, "core", "javadoc", "jar", "core javadoc"));
        files.add(artifact(dir, "core", "linux-x86_64", "jar", "native library"));
        files.add(artifact(dir, "core", "cyclonedx", "json", "{\"bomFormat\":\"CycloneDX\"}"));
        PgpSigner signer = TestKeys.trusted().pgp();
        List<PublishedArtifact> signed = new ArrayList<>(files);
        for (PublishedArtifact a : files) {
            String name = a.file().getFileName().toString();
            byte[] signature = badSignatures.containsKey(name)
                    ? badSignatures.get(name).getBytes(StandardCharsets.UTF_8)
                    : signer.sign(FileDigest.of(a.file()));
            Path asc = Files.write(dir.resolve(name + ".asc"), signature);
            signed.add(new PublishedArtifact(GROUP, a.coordinates().artifactId(), VERSION, a.coordinates().classifier(),
                    a.coordinates().extension() + ".asc", asc));
        }
        return signed;
    }

    private static PublishedArtifact artifact(Path dir, String artifactId, String classifier, String extension,
            String content) throws Exception {
        String name = artifactId + "-" + VERSION + (classifier == null ? "" : "-" + classifier) + "." + extension;
        return new PublishedArtifact(GROUP, artifactId, VERSION, classifier, extension,
                Files.writeString(dir.resolve(name), content));
    }

    private static void assertNoSecretIn(String text) {
        assertFalse(text.contains(PASSWORD), "the password leaked: " + text);
        assertFalse(text.contains(TOKEN), "the token leaked: " + text);
    }

    private static String stackTrace(Throwable e) {
        java.io.StringWriter text = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }
}
