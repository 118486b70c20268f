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

    /** The commit time of {@link #copySampleProject}'s one commit (2025-06-01T00:00:00Z): the release's SOURCE_DATE_EPOCH. */
    public static final long SAMPLE_COMMIT_EPOCH = 1748736000L;

    /**
     * A fresh copy of the sample project fixture (its own crate, Maven module and release.yaml) as a git checkout of one
     * commit, as a release is built from: same content, same date, same commit id every time.
     */
    public static Path copySampleProject(Path into) throws IOException {
        Path target = copySampleProjectOutsideGit(into);
        try {
            git(target, "init", "-q");
            // Ignored as the repository's own .gitignore does, without a file of its own in the fixture's tree.
            Files.writeString(target.resolve(".git/info/exclude"), "target/\n/dist/\n/.forgeline/\n");
            git(target, "add", "-A");
            git(target, "-c", "user.name=Forgeline Tests", "-c", "user.email=tests@forgeline.invalid", "-c",
                    "commit.gpgsign=false", "commit", "-q", "-m", "sample project");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return target;
    }

    /** The sample project as plain files, not a git checkout (builds of it need --outside-git). */
    public static Path copySampleProjectOutsideGit(Path into) throws IOException {
        Path target = into.resolve("sample-project");
        copyTree(repositoryRoot().resolve("release-tool/src/test/resources/sample-project"), target);
        return target;
    }

    /** Runs git in {@code dir} with the fixed dates of the sample commit; its output, or an exception saying why not. */
    public static String git(Path dir, String... args) throws IOException, InterruptedException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("git", "-C", dir.toString()));
        command.addAll(java.util.List.of(args));
        String date = SAMPLE_COMMIT_EPOCH + " +0000";
        return dev.forgeline.release.io.ProcessRunner.query(command, java.util.Map.of("GIT_COMMITTER_DATE", date,
                "GIT_AUTHOR_DATE", date));
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
