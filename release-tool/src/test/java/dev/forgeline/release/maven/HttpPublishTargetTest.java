package dev.forgeline.release.maven;

import static dev.forgeline.release.maven.Fixtures.GROUP;
import static dev.forgeline.release.maven.Fixtures.bytes;
import static dev.forgeline.release.maven.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.common.Jobs;
import dev.forgeline.release.common.MavenCoordinates;
import dev.forgeline.release.testing.FaultInjectingProxy;
import dev.forgeline.release.testing.FaultInjectingProxy.Fault;
import dev.forgeline.release.testing.FaultInjectingProxy.Plan;
import dev.forgeline.release.testing.NginxMavenRepository;
import java.util.concurrent.atomic.AtomicInteger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishing into a real nginx with WebDAV uploads and basic auth for writes, on loopback: what lands where, in which
 * order (nginx's access log), what a rerun does, and what is refused.
 */
class HttpPublishTargetTest {
    private static final String USER = "deployer";
    private static final String PASSWORD = "pw-" + Long.toHexString(new java.security.SecureRandom().nextLong());
    private static final String VERSION_DIR = "dev/forgeline/test/%s/%s";

    @TempDir
    Path work;

    private NginxMavenRepository nginx;
    private Jobs jobs;

    @BeforeEach
    void start() throws Exception {
        nginx = NginxMavenRepository.serveWritable(work.resolve("served"), work.resolve("nginx"), USER, PASSWORD);
        jobs = Jobs.fromEnvironment(Map.of(Jobs.JOBS_ENV, "4"));
    }

    @AfterEach
    void stop() throws Exception {
        jobs.close();
        nginx.close();
    }

    @Test
    void publish_threeModules_everyFileInPlaceVerifiedAndResolvable() throws Exception {
        List<PublishedArtifact> release = release("1.0.0");
        PublishResult result = publish(release, RepositoryCredentials.basic(USER, PASSWORD, "test"));

        for (PublishedArtifact a : release) {
            Path served = nginx.root().resolve(a.coordinates().repositoryPath());
            assertEquals(-1, Files.mismatch(a.file(), served), a.coordinates().toString());
            for (Checksums.Algorithm algorithm : Checksums.Algorithm.values()) {
                assertEquals(Checksums.digest(a.file(), algorithm),
                        Checksums.readChecksumFile(algorithm.sidecarOf(served)), a + " " + algorithm);
            }
        }
        for (String artifactId : List.of("parent", "core", "app")) {
            assertEquals(Set.of("1.0.0"), MavenMetadata.read(nginx.root()
                    .resolve("dev/forgeline/test/" + artifactId + "/maven-metadata.xml")).versions());
        }
        // 3 modules: parent pom; core pom, jar, 2 classifier jars; app pom, jar = 7 files, 5 files each + 3 x 5 metadata
        assertEquals(7 * 5 + 3 * 5, result.published().size(), result.published().toString());
        PublishJournal journal = PublishJournal.open(work.resolve(PublishJournal.FILE_NAME), nginx.url());
        assertEquals(result.published().size(), journal.entries().size());
        assertTrue(journal.entries().values().stream().allMatch(e -> e.state() == PublishJournal.State.verified),
                journal.entries().toString());

        // A consumer resolves the app with its dependency over HTTP, checksums enforced.
        ResolutionResult resolved = new MavenArtifactResolver().resolve(new ResolutionRequest(
                new MavenCoordinates(GROUP, "app", "1.0.0", null, "jar"), nginx.url(), work.resolve("local")));
        assertEquals(List.of("app", "core"), resolved.artifacts().stream().map(r -> r.coordinates().artifactId())
                .toList());
    }

    @Test
    void publish_order_everyFileBeforeAnyPomPomsInDependencyOrderMetadataLast() throws Exception {
        publish(release("1.0.0"), RepositoryCredentials.basic(USER, PASSWORD, "test"));
        List<String> puts = puts();
        int lastPlain = -1;
        List<String> poms = new ArrayList<>();
        int firstPom = Integer.MAX_VALUE;
        int lastPom = -1;
        int firstMetadata = Integer.MAX_VALUE;
        for (int i = 0; i < puts.size(); i++) {
            String path = puts.get(i);
            if (path.contains("maven-metadata.xml")) {
                firstMetadata = Math.min(firstMetadata, i);
            } else if (path.endsWith(".pom")) {
                poms.add(path.substring(path.lastIndexOf('/') + 1));
                firstPom = Math.min(firstPom, i);
                lastPom = i;
            } else {
                lastPlain = i;
            }
        }
        assertTrue(lastPlain < firstPom, "a POM was uploaded before every other file: " + puts);
        // app depends on core, both have parent as parent: the order comes from the POMs, not from the names.
        assertEquals(List.of("parent-1.0.0.pom", "core-1.0.0.pom", "app-1.0.0.pom"), poms);
        assertTrue(lastPom < firstMetadata, "metadata before a POM: " + puts);
        assertTrue(puts.get(firstMetadata).endsWith("maven-metadata.xml"), "the metadata before its checksums: " + puts);
    }

    @Test
    void publish_rerunOfFinishedPublish_uploadsNothing() throws Exception {
        List<PublishedArtifact> release = release("1.0.0");
        publish(release, RepositoryCredentials.basic(USER, PASSWORD, "test"));
        int putsBefore = puts().size();

        PublishResult rerun = publish(release, RepositoryCredentials.basic(USER, PASSWORD, "test"));

        assertTrue(rerun.nothingPublished(), rerun.published().toString());
        assertEquals(putsBefore, puts().size(), "no PUT on the rerun");
        assertTrue(rerun.skipped().stream().anyMatch(s -> s.reason().equals(HttpPublishTarget.VERIFIED_EARLIER)));
        assertTrue(rerun.skipped().stream().anyMatch(s -> s.reason().equals(MavenPublisher.METADATA_UP_TO_DATE)));
    }

    @Test
    void publish_secondVersion_metadataKeepsTheOlderOne() throws Exception {
        publish(release("1.0.0"), RepositoryCredentials.basic(USER, PASSWORD, "test"));
        publish(release("1.1.0"), RepositoryCredentials.basic(USER, PASSWORD, "test"));
        Path xml = nginx.root().resolve("dev/forgeline/test/core/maven-metadata.xml");
        assertEquals(Set.of("1.0.0", "1.1.0"), MavenMetadata.read(xml).versions());
        assertEquals(Checksums.digest(xml, Checksums.Algorithm.SHA1), Checksums.readChecksumFile(xml.resolveSibling("maven-metadata.xml.sha1")));
    }

    @Test
    void publish_halfOfAModuleAlreadyThere_uploadsOnlyTheRest() throws Exception {
        List<PublishedArtifact> release = release("1.0.0");
        // The repository holds core's jars and checksums from an earlier, interrupted publish (no journal here).
        String core = VERSION_DIR.formatted("core", "1.0.0");
        Path elsewhere = work.resolve("elsewhere");
        new MavenPublisher().publish(PublishRequest.toDirectory(elsewhere, release));
        try (var files = Files.list(elsewhere.resolve(core))) {
            for (Path file : files.filter(f -> f.getFileName().toString().contains(".jar")).toList()) {
                Files.createDirectories(nginx.root().resolve(core));
                Files.copy(file, nginx.root().resolve(core).resolve(file.getFileName()));
            }
        }

        PublishResult result = publish(release, RepositoryCredentials.basic(USER, PASSWORD, "test"));

        long alreadyThere = result.skipped().stream().filter(s -> s.reason().equals(HttpPublishTarget.ALREADY_THERE))
                .count();
        assertEquals(3 * 5, alreadyThere, result.skipped().toString()); // 3 jars, each with 4 checksums
        assertTrue(puts().stream().noneMatch(p -> p.startsWith(core) && p.contains(".jar")), puts().toString());
        assertTrue(Files.isRegularFile(nginx.root().resolve(core + "/core-1.0.0.pom")));
    }

    @Test
    void publish_fileAlreadyThereWithOtherBytes_stopsAndNamesIt() throws Exception {
        List<PublishedArtifact> release = release("1.0.0");
        Path other = write(nginx.root().resolve(VERSION_DIR.formatted("core", "1.0.0")), "core-1.0.0-linux-x86_64.jar",
                bytes(99, 1000));
        byte[] before = Files.readAllBytes(other);

        PublishException e = assertThrows(PublishException.class,
                () -> publish(release, RepositoryCredentials.basic(USER, PASSWORD, "test")));

        assertEquals(PublishException.Reason.VERSION_CONFLICT, e.reason());
        assertEquals(ExitCode.PUBLISH_CONFLICT, e.exitCode());
        assertTrue(e.getMessage().contains(nginx.url() + "dev/forgeline/test/core/1.0.0/core-1.0.0-linux-x86_64.jar"),
                e.getMessage());
        assertTrue(e.getMessage().contains("nothing was overwritten"), e.getMessage());
        assertEquals(List.of(), puts(), "checked before anything was uploaded");
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(other)));
    }

    @Test
    void publish_wrongPassword_failsAtOnceWith401NamingTheUrlNotThePassword() throws Exception {
        String wrong = PASSWORD + "-wrong";
        PublishException e = assertThrows(PublishException.class,
                () -> publish(release("1.0.0"), RepositoryCredentials.basic(USER, wrong, "test")));

        assertEquals(PublishException.Reason.TRANSFER_FAILED, e.reason());
        assertTrue(e.getMessage().startsWith("PUT " + nginx.url() + "dev/forgeline/test/"), e.getMessage());
        assertTrue(e.getMessage().contains("HTTP 401"), e.getMessage());
        assertFalse(e.getMessage().contains("tries"), "401 is not retried: " + e.getMessage());
        assertTrue(e.hint().contains("--server-id"), e.hint());
        // Refused at once: no file was tried twice (uploads in flight in parallel were refused too).
        List<String> refused = nginx.accessLog().stream().filter(l -> l.contains("\"PUT ")).toList();
        assertTrue(refused.stream().allMatch(l -> l.contains("\" 401 ")), refused.toString());
        // Sent without "Expect: 100-continue", so a refusal leaves the connection in step: no garbled request (400).
        assertTrue(refused.stream().allMatch(l -> l.endsWith("expect=\"-\"")), refused.toString());
        assertTrue(nginx.accessLog().stream().noneMatch(l -> l.contains("\" 400 ")), nginx.accessLog().toString());
        assertEquals(refused.size(), refused.stream().map(l -> l.substring(l.indexOf("\"PUT "), l.indexOf(" HTTP/")))
                .distinct().count(), refused.toString());
        String everything = e + " " + e.hint() + " " + stackTrace(e);
        assertFalse(everything.contains(wrong), everything);
    }

    @Test
    void publish_503sAndResetsOnTheWay_retriedWithBackoffAndTheReleaseCompletes() throws Exception {
        List<PublishedArtifact> release = release("1.0.0");
        AtomicInteger connections = new AtomicInteger();
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(nginx.port(), 0)) {
            // The first three connections answer 503, the next two are reset mid-request; the rest work.
            proxy.faults(() -> switch (connections.incrementAndGet()) {
                case 1, 2, 3 -> new Plan(Fault.SERVICE_UNAVAILABLE, 0);
                case 4, 5 -> new Plan(Fault.RESET_REQUEST, 200);
                default -> Plan.NONE;
            });
            PublishResult result = new MavenPublisher().publish(new PublishRequest(proxy.url(), release),
                    options(RepositoryCredentials.basic(USER, PASSWORD, "test"), 6, 1));
            assertEquals(7 * 5 + 3 * 5, result.published().size());
            assertEquals(3, proxy.injected().get(Fault.SERVICE_UNAVAILABLE));
            assertEquals(2, proxy.injected().get(Fault.RESET_REQUEST));
        }
        for (PublishedArtifact a : release) {
            assertEquals(-1, Files.mismatch(a.file(), nginx.root().resolve(a.coordinates().repositoryPath())));
        }
    }

    @Test
    void publish_503UntilTheRetriesRunOut_failsNamingTheUrlTheStatusAndTheTries() throws Exception {
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(nginx.port(), 0)) {
            proxy.faults(() -> new Plan(Fault.SERVICE_UNAVAILABLE, 0));
            PublishException e = assertThrows(PublishException.class, () -> new MavenPublisher().publish(
                    new PublishRequest(proxy.url(), release("1.0.0")),
                    options(RepositoryCredentials.basic(USER, PASSWORD, "test"), 3, 1)));
            assertEquals(PublishException.Reason.TRANSFER_FAILED, e.reason());
            assertEquals(ExitCode.PUBLISH_FAILED, e.exitCode());
            assertTrue(e.getMessage().matches("GET " + java.util.regex.Pattern.quote(proxy.url().toString())
                    + "dev/forgeline/test/\\S+ failed: HTTP 503 \\(after 3 tries in \\d+ s\\)"), e.getMessage());
            assertTrue(e.hint().contains("resumes"), e.hint());
            assertEquals(3, proxy.injected().get(Fault.SERVICE_UNAVAILABLE), "exactly the 3 tries, no more");
        }
    }

    @Test
    void publish_credentialsInTheUrl_refusedWithoutEchoingThem() throws Exception {
        java.net.URI url = java.net.URI.create("http://" + USER + ":" + PASSWORD + "@127.0.0.1:" + nginx.port() + "/");
        PublishException e = assertThrows(PublishException.class, () -> new MavenPublisher()
                .publish(new PublishRequest(url, release("1.0.0")), options(RepositoryCredentials.none())));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
        assertTrue(e.getMessage().contains("***@127.0.0.1"), e.getMessage());
    }

    private PublishResult publish(List<PublishedArtifact> release, RepositoryCredentials credentials) {
        return new MavenPublisher().publish(new PublishRequest(nginx.url(), release), options(credentials));
    }

    private PublishOptions options(RepositoryCredentials credentials) {
        return options(credentials, 3, RepositoryAccess.DEFAULT_PARALLEL_UPLOADS);
    }

    private PublishOptions options(RepositoryCredentials credentials, int attempts, int parallelUploads) {
        RepositoryAccess access = RepositoryAccess.defaults()
                .withRetry(new RetryPolicy(attempts, java.time.Duration.ofMillis(50), java.time.Duration.ofMillis(200),
                        java.time.Duration.ofSeconds(20)))
                .withParallelUploads(parallelUploads);
        return new PublishOptions(access, credentials, work.resolve(PublishJournal.FILE_NAME), jobs);
    }

    /** The paths of the successful PUTs, in the order nginx completed them. */
    private List<String> puts() throws IOException {
        List<String> paths = new ArrayList<>();
        for (String line : nginx.accessLog()) {
            int start = line.indexOf("\"PUT /");
            if (start >= 0 && (line.contains("\" 201 ") || line.contains("\" 204 "))) {
                paths.add(line.substring(start + 6, line.indexOf(' ', start + 6)));
            }
        }
        return paths;
    }

    /** {@link Fixtures#parentCoreApp}: parent, core (two classifier jars) and app, in path order not dependency order. */
    private List<PublishedArtifact> release(String version) throws IOException {
        return Fixtures.parentCoreApp(work, version, 50_000, 80_000, 30_000, "linux-x86_64", "osx-aarch_64");
    }

    private static String stackTrace(Throwable e) {
        java.io.StringWriter text = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }
}
