package dev.forgeline.release.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.forgeline.release.io.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * This repository's own release with its OCI image, {@code release --local --target linux-x86_64} of the root's
 * release.yaml: built once per test JVM, lazily, fresh, into {@code target/test-fixtures/project-release}, and shared
 * read-only by the test classes of that JVM (registry, publish and consumer tests need the same release; each building
 * its own cost a minute apiece). A test that writes into a release (a publish journal, a smoke record) works on its own
 * {@link #copy}. (Never resumed from an earlier JVM's: a source changed since then rebuilds the release, whose new bytes
 * its own file repository then refuses, as it must.)
 */
public final class ProjectRelease {
    public static final String TARGET = "linux-x86_64";
    private static Path dir;

    private ProjectRelease() {}

    /** The shared release: read it, never write into it (use {@link #copy}). */
    public static synchronized Path dir() {
        if (dir == null) {
            Path out = Path.of("target/test-fixtures/project-release").toAbsolutePath();
            try {
                FileTrees.deleteTree(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            CliRun run = CliRun.of("release", "--local", "--config", config().toString(), "--target", TARGET,
                    "--out", out.toString());
            assertEquals(0, run.exitCode(), "release --local failed:\n" + run.err() + run.out());
            dir = out;
        }
        return dir;
    }

    /**
     * The shared release for the registry tests, which need its image smoke-tested in a chroot (root and unshare);
     * without them the test is skipped (failed on CI) before anything is built.
     */
    public static Path withImageSmokedInChroot() {
        Prerequisites.command("unshare", "sudo apt-get install -y util-linux");
        if (!"root".equals(System.getProperty("user.name"))) {
            Prerequisites.missing("the image smoke test runs images in a chroot, which needs root", "run the tests as root");
        }
        return dir();
    }

    /** A private, writable copy of the shared release at {@code target} (which must not exist yet). */
    public static Path copy(Path target) throws IOException {
        TestProjects.copyTree(dir(), target);
        return target;
    }

    /** The release.yaml it is built from (this repository's). */
    public static Path config() {
        return TestProjects.repositoryRoot().resolve("release.yaml");
    }

    /** The development Sigstore key the release was signed with (the project's, made on first use). */
    public static Path sigstoreKey() {
        dir();
        return TestProjects.repositoryRoot().resolve(".forgeline/development-keys/sigstore-private-DEVELOPMENT-ONLY.pem");
    }
}
