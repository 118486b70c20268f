package dev.forgeline.release.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.forgeline.release.io.FileTrees;
import java.nio.file.Path;

/**
 * This repository's own release with its OCI image, for the registry tests: {@code release --local --target
 * linux-x86_64}, built once per test JVM, fresh, into {@code target/test-fixtures/image-release} and shared by the
 * test classes of that JVM. (Not resumed from an earlier JVM's: a source changed since then rebuilds the release, whose
 * new bytes its own file repository then refuses, as it must.) Tests copy it before changing anything in it.
 */
public final class ImageRelease {
    private static Path dir;

    private ImageRelease() {}

    /** The development Sigstore key the release was signed with (the project's, made on first use). */
    public static Path sigstoreKey() {
        dir();
        return TestProjects.repositoryRoot().resolve(".forgeline/development-keys/sigstore-private-DEVELOPMENT-ONLY.pem");
    }

    public static synchronized Path dir() {
        if (dir == null) {
            Prerequisites.command("unshare", "sudo apt-get install -y util-linux");
            if (!"root".equals(System.getProperty("user.name"))) {
                Prerequisites.missing("the image smoke test runs images in a chroot, which needs root",
                        "run the tests as root");
            }
            Path out = Path.of("target/test-fixtures/image-release").toAbsolutePath();
            try {
                FileTrees.deleteTree(out);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            CliRun run = CliRun.of("release", "--local", "--config", TestProjects.repositoryRoot().resolve("release.yaml")
                    .toString(), "--target", "linux-x86_64", "--out", out.toString());
            assertEquals(0, run.exitCode(), "release --local failed:\n" + run.err() + run.out());
            dir = out;
        }
        return dir;
    }
}
