package dev.forgeline.release.maven;

import static dev.forgeline.release.maven.Fixtures.GROUP;
import static dev.forgeline.release.maven.Fixtures.bytes;
import static dev.forgeline.release.maven.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.common.Jobs;
import dev.forgeline.release.common.MavenCoordinates;
import dev.forgeline.release.testing.FaultInjectingProxy;
import dev.forgeline.release.testing.FaultInjectingProxy.Fault;
import dev.forgeline.release.testing.FaultInjectingProxy.Plan;
import dev.forgeline.release.testing.NginxMavenRepository;
import dev.forgeline.release.io.FileTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many publishes through the suite's fault-injecting proxy in front of a real nginx (connections reset mid-upload,
 * stalled answers, 503s, answers cut short, at random points), each followed by resumes until it is complete. A
 * consumer polls nginx directly the whole time. Every run must end complete or resumable (never a conflict, never a
 * read-back mismatch), and the consumer must never resolve a version with a missing or wrong file.
 */
class HttpPublishFaultsTest {
    private static final String USER = "deployer";
    private static final String PASSWORD = "pw-" + Long.toHexString(new java.security.SecureRandom().nextLong());
    private static final int VERSIONS = 8;
    /** Outcomes a publish through faults may have: the transfer failed after its retries, and the run is resumable. */
    private static final Set<PublishException.Reason> RESUMABLE = EnumSet.of(PublishException.Reason.TRANSFER_FAILED,
            PublishException.Reason.TARGET_METADATA_INVALID);

    @TempDir
    Path work;

    @Test
    void publish_faultsAtRandomPoints_everyRunEndsCompleteOrResumableAndNoConsumerSeesAPartialVersion()
            throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        Map<String, Map<MavenCoordinates, String>> expected = new ConcurrentHashMap<>();
        List<String> violations = new CopyOnWriteArrayList<>();
        AtomicInteger complete = new AtomicInteger();
        AtomicInteger invisible = new AtomicInteger();
        AtomicInteger failedRuns = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        AtomicBoolean polling = new AtomicBoolean(true);
        try (NginxMavenRepository nginx = NginxMavenRepository.serveWritable(work.resolve("served"),
                        work.resolve("nginx"), USER, PASSWORD);
                FaultInjectingProxy proxy = FaultInjectingProxy.start(nginx.port(), 0);
                Jobs jobs = Jobs.fromEnvironment(Map.of(Jobs.JOBS_ENV, "3"))) {
            Thread poller = new Thread(() -> poll(nginx, expected, polling, complete, invisible, violations));
            poller.setDaemon(true);
            poller.start();

            for (int v = 0; v < VERSIONS; v++) {
                String version = "1.0." + v;
                List<PublishedArtifact> release = release(version);
                Map<MavenCoordinates, String> digests = new ConcurrentHashMap<>();
                for (PublishedArtifact a : release) {
                    digests.put(a.coordinates(), Checksums.sha256(a.file()));
                }
                expected.put(version, digests);
                // Every other version without retries, so that faults end runs and resuming is exercised as well.
                PublishOptions options = options(jobs, work.resolve("journal-" + version + ".json"), v % 2 == 0 ? 1 : 3);
                if (v % 2 == 0) {
                    // Without retries, the first connection's fault ends the first run: resuming is always exercised.
                    AtomicBoolean first = new AtomicBoolean(true);
                    proxy.faults(() -> first.getAndSet(false)
                            ? new Plan(Fault.RESET_REQUEST, 100 + random.nextInt(20_000)) : randomPlan(random));
                }
                boolean done = false;
                for (int attempt = 0; attempt < 12 && !done; attempt++) {
                    if (attempt == 10) {
                        proxy.faults(() -> Plan.NONE); // the network heals: the last resumes must finish it
                    }
                    runs.incrementAndGet();
                    try {
                        new MavenPublisher().publish(new PublishRequest(proxy.url(), release), options);
                        done = true;
                    } catch (PublishException e) {
                        failedRuns.incrementAndGet();
                        assertTrue(RESUMABLE.contains(e.reason()), () -> "not resumable (seed " + seed + "): "
                                + e.reason() + ": " + e.getMessage() + "\n" + diagnose(nginx, e.getMessage()));
                    }
                }
                proxy.faults(() -> randomPlan(random));
                assertTrue(done, version + " never completed (seed " + seed + ")");
            }
            polling.set(false);
            poller.join(30_000);

            // Everything finally served has the release's digest, and every version resolves whole.
            for (Map.Entry<String, Map<MavenCoordinates, String>> version : expected.entrySet()) {
                for (Map.Entry<MavenCoordinates, String> file : version.getValue().entrySet()) {
                    assertEquals(file.getValue(), Checksums.sha256(nginx.root().resolve(file.getKey().repositoryPath())),
                            file.getKey().toString());
                }
            }
            assertEquals(Set.copyOf(expected.keySet()), MavenMetadata.read(nginx.root()
                    .resolve("dev/forgeline/test/app/maven-metadata.xml")).versions());
            System.out.printf("[faults] seed %d: %d versions, %d publish runs (%d ended by a fault, resumed), "
                            + "faults injected %s; consumer polls: %d saw a version whole, %d saw none, %d saw part%n",
                    seed, VERSIONS, runs.get(), failedRuns.get(), proxy.injected(), complete.get(), invisible.get(),
                    violations.size());
            assertEquals(List.of(), violations, "seed " + seed);
            assertTrue(failedRuns.get() > 0, "the faults interrupted some runs (seed " + seed + ")");
        }
    }

    private static String diagnose(NginxMavenRepository nginx, String message) {
        try {
            String path = message.substring(message.indexOf("/dev/") + 1, message.indexOf(',')) ;
            return "served size " + (Files.exists(nginx.root().resolve(path)) ? Files.size(nginx.root().resolve(path)) : -1)
                    + "\n" + String.join("\n", nginx.accessLog().stream().filter(l -> l.contains(path)).toList());
        } catch (Exception e) {
            return e.toString();
        }
    }

    /**
     * About one connection in three breaks, at a random point: reset, 503 or cut short, three in ten each; stalled one
     * in ten (a stall costs the client's whole wait, for an upload its 3 s wait for {@code 100 Continue} too).
     */
    private static Plan randomPlan(Random random) {
        synchronized (random) {
            if (random.nextInt(3) != 0) {
                return Plan.NONE;
            }
            int pick = random.nextInt(10);
            Fault fault = pick == 0 ? Fault.STALL_RESPONSE
                    : List.of(Fault.RESET_REQUEST, Fault.SERVICE_UNAVAILABLE, Fault.TRUNCATE_RESPONSE).get(pick % 3);
            long at = fault == Fault.RESET_REQUEST ? random.nextInt(60_000) : random.nextInt(4_000);
            return new Plan(fault, at);
        }
    }

    /** A consumer resolving each version started so far, over and over, straight from nginx, checksums enforced. */
    private void poll(NginxMavenRepository nginx, Map<String, Map<MavenCoordinates, String>> expected,
            AtomicBoolean polling, AtomicInteger complete, AtomicInteger invisible, List<String> violations) {
        int n = 0;
        while (polling.get()) {
            try {
                Thread.sleep(10); // leave the publisher some of this machine's two cores
            } catch (InterruptedException e) {
                return;
            }
            for (String version : List.copyOf(expected.keySet())) {
                Path local = work.resolve("consumer-" + n++);
                try {
                    ResolutionResult result = new MavenArtifactResolver().resolve(new ResolutionRequest(
                            new MavenCoordinates(GROUP, "app", version, null, "jar"), nginx.url(), local));
                    for (ResolutionResult.ResolvedArtifact artifact : result.artifacts()) {
                        String want = expected.get(version).get(artifact.coordinates());
                        if (want == null || !want.equals(Checksums.sha256(artifact.file()))) {
                            violations.add(version + ": " + artifact.coordinates() + " resolved with other bytes");
                        }
                    }
                    if (result.artifacts().size() == 2) {
                        complete.incrementAndGet();
                    } else {
                        violations.add(version + ": resolved " + result.artifacts());
                    }
                } catch (ResolutionException e) {
                    if (e.coordinate().orElse("").startsWith(GROUP + ":app:")) {
                        invisible.incrementAndGet(); // app's POM is not up yet: the version is not there
                    } else {
                        violations.add(version + ": " + e.getMessage());
                    }
                } catch (Exception e) {
                    violations.add(version + ": " + e);
                } finally {
                    try {
                        FileTrees.deleteTree(local);
                    } catch (java.io.IOException ignored) {
                        // a temp dir
                    }
                }
            }
        }
    }

    private PublishOptions options(Jobs jobs, Path journal, int attempts) {
        RepositoryAccess access = new RepositoryAccess(CredentialsSource.environment(),
                new RetryPolicy(attempts, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(2)), 3,
                Duration.ofSeconds(1), Duration.ofMillis(500));
        return new PublishOptions(access, RepositoryCredentials.basic(USER, PASSWORD, "test"), journal, jobs);
    }

    /** parent (pom), core (jar + a classifier jar, parent as parent), app (jar, depends on core). */
    private List<PublishedArtifact> release(String version) throws Exception {
        Path dir = work.resolve("build-" + version);
        String parentRef = "<parent><groupId>" + GROUP + "</groupId><artifactId>parent</artifactId><version>" + version
                + "</version></parent>";
        List<PublishedArtifact> artifacts = new ArrayList<>();
        artifacts.add(new PublishedArtifact(GROUP, "parent", version, null, "pom", write(dir, "parent.pom",
                "<project><modelVersion>4.0.0</modelVersion><groupId>" + GROUP + "</groupId><artifactId>parent"
                        + "</artifactId><version>" + version + "</version><packaging>pom</packaging></project>\n")));
        artifacts.add(new PublishedArtifact(GROUP, "core", version, null, "pom", write(dir, "core.pom",
                "<project><modelVersion>4.0.0</modelVersion>" + parentRef + "<artifactId>core</artifactId></project>\n")));
        artifacts.add(new PublishedArtifact(GROUP, "core", version, null, "jar", write(dir, "core.jar",
                bytes(version.hashCode(), 40_000))));
        artifacts.add(new PublishedArtifact(GROUP, "core", version, "linux-x86_64", "jar", write(dir, "core-linux.jar",
                bytes(("linux" + version).hashCode(), 60_000))));
        artifacts.add(new PublishedArtifact(GROUP, "app", version, null, "pom", write(dir, "app.pom",
                "<project><modelVersion>4.0.0</modelVersion>" + parentRef + "<artifactId>app</artifactId>"
                        + "<dependencies><dependency><groupId>" + GROUP + "</groupId><artifactId>core</artifactId>"
                        + "<version>" + version + "</version></dependency></dependencies></project>\n")));
        artifacts.add(new PublishedArtifact(GROUP, "app", version, null, "jar", write(dir, "app.jar",
                bytes(("app" + version).hashCode(), 20_000))));
        return artifacts;
    }
}
