package dev.forgeline.release.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Where the repository and the test fixtures are, and copies of fixtures to work on. */
public final class TestProjects {
    private TestProjects() {}

    /** The root of this repository: the nearest directory above the working directory with release.yaml. */
    public static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("release.yaml")) && Files.isDirectory(dir.resolve("release-tool"))) {
                return dir.normalize();
            }
        }
        throw new IllegalStateException("cannot find the repository root (release.yaml) above " + Path.of("").toAbsolutePath());
    }

    /**
     * Where a consumer gets third-party dependencies: Maven Central (reachable from these machines;
     * FORGELINE_TEST_UPSTREAM overrides it, e.g. with a mirror).
     */
    public static java.net.URI mavenUpstreamRepository() {
        String configured = System.getenv("FORGELINE_TEST_UPSTREAM");
        return java.net.URI.create(configured != null ? configured : "https://repo.maven.apache.org/maven2/");
    }

    /** A fresh copy of the sample project fixture (its own crate, Maven module and release.yaml). */
    public static Path copySampleProject(Path into) throws IOException {
        Path target = into.resolve("sample-project");
        copyTree(repositoryRoot().resolve("release-tool/src/test/resources/sample-project"), target);
        return target;
    }

    /** Copies a directory tree; the target must not hold any of its files yet. */
    public static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path destination = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(file, destination);
                }
            }
        }
    }
}
