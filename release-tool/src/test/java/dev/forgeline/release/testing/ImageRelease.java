package dev.forgeline.release.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

/**
 * This repository's own release with its OCI image, for the registry tests: {@code release --local --target
 * linux-x86_64}, built once per test JVM into {@code target/test-fixtures/image-release}. A later JVM's run resumes it
 * (the release's own rule: a finished release reruns as a no-op, a changed source rebuilds), so only the first
 * build pays for the image. Tests copy it before changing anything in it.
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
            CliRun run = CliRun.of("release", "--local", "--config", TestProjects.repositoryRoot().resolve("release.yaml")
                    .toString(), "--target", "linux-x86_64", "--out", out.toString());
            assertEquals(0, run.exitCode(), "release --local failed:\n" + run.err() + run.out());
            dir = out;
        }
        return dir;
    }
}
