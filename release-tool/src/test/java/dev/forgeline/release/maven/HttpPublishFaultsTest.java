package dev.forgeline.release.maven;

import static dev.forgeline.release.maven.Fixtures.GROUP;
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
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * At least 100 publishes through the suite's fault-injecting proxy in front of a real nginx, each ended by a fault at a
 * random point (a connection reset mid-upload, a stalled answer, a 503) and then resumed, the resumes themselves
 * meeting faults too (answers cut short as well), until complete. A consumer polls nginx directly the whole time.
 * Every run must end complete or resumable (never a conflict, never a read-back mismatch), the consumer must never
 * resolve a version with a missing or wrong file, every file finally served must have the release's digest, and no
 * file a run verified in place is uploaded again by a later one. A run is cheap (a small release, in-process, short
 * timeouts and backoffs), so the hundred fit in about a minute. The seed is printed;
 * {@code -Dforgeline.faults.seed=N} replays one, {@code -Dforgeline.faults.publishes=N} changes the count.
 */
class HttpPublishFaultsTest {
    private static final String USER = "deployer";
    private static final String PASSWORD = "pw-" + Long.toHexString(new java.security.SecureRandom().nextLong());
    private static final int PUBLISHES = Integer.getInteger("forgeline.faults.publishes", 100);
    /** Outcomes a publish through faults may have: the transfer failed after its retries, and the run is resumable. */
    private static final Set<PublishException.Reason> RESUMABLE = EnumSet.of(PublishException.Reason.TRANSFER_FAILED,
            PublishException.Reason.TARGET_METADATA_INVALID);
    private static final java.util.regex.Pattern PUT = java.util.regex.Pattern.compile("\"PUT /([^ ]+) HTTP");

    @TempDir
    Path work;

    @Test
    void publish_faultsAtRandomPoints_everyRunEndsCompleteOrResumableAndNoConsumerSeesAPartialVersion()
            throws Exception {
        long seed = Long.getLong("forgeline.faults.seed", new Random().nextLong());
        Random random = new Random(seed);
        Map<String, Map<MavenCoordinates, String>> expected = new ConcurrentHashMap<>();
        List<String> violations = new CopyOnWriteArrayList<>();
        List<String> reuploads = new ArrayList<>();
        AtomicInteger complete = new AtomicInteger();
        AtomicInteger invisible = new AtomicInteger();
        AtomicInteger failedRuns = new AtomicInteger();
        AtomicInteger faultedThenResumed = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger puts = new AtomicInteger();
        AtomicBoolean polling = new AtomicBoolean(true);
        AtomicReference<String> latest = new AtomicReference<>();
        long started = System.nanoTime();
        try (NginxMavenRepository nginx = NginxMavenRepository.serveWritable(work.resolve("served"),
                        work.resolve("nginx"), USER, PASSWORD);
                FaultInjectingProxy proxy = FaultInjectingProxy.start(nginx.port(), 0);
                Jobs jobs = Jobs.fromEnvironment(Map.of(Jobs.JOBS_ENV, "6"))) {
            Thread poller = new Thread(() -> poll(nginx, expected, latest, polling, complete, invisible, violations));
            poller.setDaemon(true);
            poller.start();

            // A first run the fault did not end (an answer cut short that still read whole) is no faulted publish:
            // another version is published then, so that the count is reached.
            int versions = 0;
            for (int v = 0; faultedThenResumed.get() < PUBLISHES && v < PUBLISHES + 20; v++) {
                versions++;
                String version = "1.0." + v;
                List<PublishedArtifact> release = release(version);
                Map<MavenCoordinates, String> digests = new ConcurrentHashMap<>();
                for (PublishedArtifact a : release) {
                    digests.put(a.coordinates(), Checksums.sha256(a.file()));
                }
                expected.put(version, digests);
                latest.set(version);
                Path journal = work.resolve("journal-" + version + ".json");
                // The first run has no retries and its first connection breaks at a random point: it ends by a fault.
                AtomicBoolean first = new AtomicBoolean(true);
                proxy.faults(() -> first.getAndSet(false) ? forcedPlan(random) : randomPlan(random));
                Set<String> verified = new java.util.HashSet<>();
                boolean done = false;
                for (int attempt = 0; attempt < 12 && !done; attempt++) {
                    if (attempt == 1) {
                        proxy.faults(() -> randomPlan(random)); // the resumes meet faults too, and retry them
                    }
                    if (attempt == 10) {
                        proxy.faults(() -> Plan.NONE); // the network heals: the last resumes must finish it
                    }
                    runs.incrementAndGet();
                    int logBefore = nginx.accessLog().size();
                    try {
                        new MavenPublisher().publish(new PublishRequest(proxy.url(), release),
                                options(jobs, journal, attempt == 0 ? 1 : 3));
                        done = true;
                        if (attempt > 0) {
                            faultedThenResumed.incrementAndGet();
                        }
                    } catch (PublishException e) {
                        failedRuns.incrementAndGet();
                        assertTrue(RESUMABLE.contains(e.reason()), () -> "not resumable (seed " + seed + "): "
                                + e.reason() + ": " + e.getMessage() + "\n" + diagnose(nginx, e.getMessage()));
                    }
                    List<String> log = nginx.accessLog();
                    for (String line : log.subList(logBefore, log.size())) {
                        java.util.regex.Matcher m = PUT.matcher(line);
                        if (m.find()) {
                            puts.incrementAndGet();
                            if (verified.contains(m.group(1))) {
                                reuploads.add(version + " run " + attempt + ": " + m.group(1));
                            }
                        }
                    }
                    // What this run left verified in place must never be uploaded again (the metadata, merged anew
                    // when a run was cut between it and its checksum files, aside).
                    PublishJournal.open(journal, proxy.url()).entries().forEach((path, entry) -> {
                        if (entry.state() == PublishJournal.State.verified && !path.contains("maven-metadata.xml")) {
                            verified.add(path);
                        }
                    });
                }
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
            System.out.printf("[faults] seed %d: %d versions published, %d ended by a fault and resumed to completion; %d publish"
                            + " runs (%d ended by a fault), %d uploads reached nginx, %d of a file already verified;"
                            + " faults injected %s; consumer polls: %d saw a version whole, %d saw none, %d saw part;"
                            + " %d s%n", seed, versions, faultedThenResumed.get(), runs.get(), failedRuns.get(),
                    puts.get(), reuploads.size(), proxy.injected(), complete.get(), invisible.get(), violations.size(),
                    Duration.ofNanos(System.nanoTime() - started).toSeconds());
            assertEquals(List.of(), violations, "seed " + seed);
            assertEquals(List.of(), reuploads, "nothing verified was uploaded twice (seed " + seed + ")");
            assertEquals(PUBLISHES, faultedThenResumed.get(), "every publish was ended by a fault, then resumed (seed "
                    + seed + ")");
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
     * A fault that ends a run without retries at a random point of its first connection: a reset after up to 12 kB
     * of requests (mid-upload), a 503, or (one in ten) a stalled answer.
     */
    private static Plan forcedPlan(Random random) {
        synchronized (random) {
            int pick = random.nextInt(10);
            return pick == 0 ? new Plan(Fault.STALL_RESPONSE, 0)
                    : pick < 6 ? new Plan(Fault.RESET_REQUEST, 100 + random.nextInt(12_000))
                    : new Plan(Fault.SERVICE_UNAVAILABLE, 0);
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
            long at = fault == Fault.RESET_REQUEST ? random.nextInt(20_000) : random.nextInt(4_000);
            return new Plan(fault, at);
        }
    }

    /**
     * A consumer resolving, over and over, straight from nginx with checksums enforced, the version being published and
     * one published before it (picked at random: the metadata of later versions must not break earlier ones).
     */
    private void poll(NginxMavenRepository nginx, Map<String, Map<MavenCoordinates, String>> expected,
            AtomicReference<String> latest, AtomicBoolean polling, AtomicInteger complete, AtomicInteger invisible,
            List<String> violations) {
        int n = 0;
        Random pick = new Random(0);
        while (polling.get()) {
            try {
                Thread.sleep(20); // leave the publisher some of this machine's two cores
            } catch (InterruptedException e) {
                return;
            }
            List<String> started = List.copyOf(expected.keySet());
            if (latest.get() == null) {
                continue;
            }
            for (String version : List.of(latest.get(), started.get(pick.nextInt(started.size())))) {
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
        // Short backoffs and a short silence allowed (a stall costs that much): nginx on loopback answers in
        // milliseconds, and a timeout that fires on a slow moment is one more fault, retried or resumed.
        RepositoryAccess access = new RepositoryAccess(CredentialsSource.environment(),
                new RetryPolicy(attempts, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(2)), 6,
                Duration.ofSeconds(1), Duration.ofMillis(300));
        return new PublishOptions(access, RepositoryCredentials.basic(USER, PASSWORD, "test"), journal, jobs);
    }

    /** parent (pom), core (jar + a classifier jar, parent as parent), app (jar, depends on core). */
    private List<PublishedArtifact> release(String version) throws Exception {
        return Fixtures.parentCoreApp(work, version, 8_000, 12_000, 4_000, "linux-x86_64");
    }
}
