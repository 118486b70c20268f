package dev.forgeline.release.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.maven.CredentialsSource;
import dev.forgeline.release.maven.PublishJournal;
import dev.forgeline.release.testing.CentralPortalStandIn;
import dev.forgeline.release.testing.CliRun;
import dev.forgeline.release.testing.ForgelineProcess;
import dev.forgeline.release.testing.ProjectRelease;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forgeline's own release ({@code release --local}, the JVM's shared {@link ProjectRelease}, copied) published with {@code forgeline publish --central} in a child
 * process, to {@link CentralPortalStandIn} (the stand-in for Central's Publisher API): it passes Central's rules and
 * the stand-in's own validation, and a publish killed with {@code kill -9} while polling is finished by the next run
 * without a second upload. The portal token appears in no output.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CentralPublishEndToEndTest {
    private static final String USER = "forgeline-portal";
    private final String password = "portal-" + Long.toHexString(new java.security.SecureRandom().nextLong());

    private Path temp;
    private Path release;
    private CentralPortalStandIn central;

    @BeforeAll
    void releaseLocally(@TempDir Path dir) throws Exception {
        temp = dir;
        release = ProjectRelease.copy(temp.resolve("release")); // the JVM's shared release; publish journals into it
    }

    @AfterEach
    void stop() throws Exception {
        if (central != null) {
            central.close();
        }
        Files.deleteIfExists(release.resolve(PublishJournal.FILE_NAME));
    }

    @Test
    void publishCentral_forgelinesOwnRelease_automatic_isPublished_andTheTokenIsInNoOutput() throws Exception {
        central = CentralPortalStandIn.start(USER, password).stepDelay(Duration.ofMillis(100));

        CliRun run = ForgelineProcess.run(temp, credentials(), "publish", "--from", release.toString(), "--central",
                "--central-url", central.url().toString(), "--central-publishing-type", "AUTOMATIC",
                "--central-poll-interval", "100ms");

        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertEquals(1, central.deployments().size());
        CentralPortalStandIn.Deployment deployment = central.deployments().get(0);
        assertEquals(Map.of(), deployment.errors, "the stand-in's validation, as Central's");
        assertEquals("PUBLISHED", central.state(deployment));
        for (String module : new String[] {"native-core", "gateway"}) {
            for (String classifier : new String[] {"sources", "javadoc"}) {
                String path = "dev/forgeline/" + module + "/0.1.0/" + module + "-0.1.0-" + classifier + ".jar";
                assertTrue(deployment.files.containsKey(path), path + " in " + deployment.files.keySet());
                assertTrue(deployment.files.containsKey(path + ".asc"), path + ".asc");
            }
        }
        assertTrue(run.err().contains("deployment " + deployment.id + ": PUBLISHED"), run.err());
        String token = Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
        String everything = run.out() + run.err() + Files.readString(release.resolve(PublishJournal.FILE_NAME))
                + String.join("\n", central.requestLines());
        assertFalse(everything.contains(password), everything);
        assertFalse(everything.contains(token), everything);
    }

    @Test
    void publishCentral_killedWhilePolling_nextRunPollsAndUploadsNothing() throws Exception {
        central = CentralPortalStandIn.start(USER, password).stepDelay(Duration.ofSeconds(4));
        Path journal = release.resolve(PublishJournal.FILE_NAME);
        ForgelineProcess child = ForgelineProcess.start(temp, credentials(), "publish", "--from", release.toString(),
                "--central", "--central-url", central.url().toString(), "--central-poll-interval", "100ms");
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        boolean journaled = false;
        while (child.isAlive() && System.nanoTime() < deadline) {
            if (Files.exists(journal) && Files.readString(journal).contains("\"deploymentId\"")) {
                journaled = true;
                child.kill9();
                break;
            }
            Thread.sleep(20);
        }
        assertTrue(journaled, "the deployment id is journaled while the run polls: " + child.await().err());
        assertFalse(child.isAlive());
        assertEquals("PENDING", central.state(central.deployments().get(0)), "killed while polling");

        central.stepDelay(Duration.ofMillis(100));
        CliRun resumed = ForgelineProcess.run(temp, credentials(), "publish", "--from", release.toString(),
                "--central", "--central-url", central.url().toString(), "--central-poll-interval", "100ms");

        assertEquals(0, resumed.exitCode(), resumed.err() + resumed.out());
        assertEquals(1, central.uploadRequests(), "resumed by polling, not uploading");
        assertEquals(1, central.deployments().size());
        assertTrue(resumed.err().contains("polling it, not uploading again"), resumed.err());
        assertTrue(resumed.err().contains("VALIDATED and waits for you"), resumed.err());
    }

    private Map<String, String> credentials() {
        return Map.of(CredentialsSource.CENTRAL_USERNAME_ENV, USER, CredentialsSource.CENTRAL_PASSWORD_ENV, password);
    }
}
