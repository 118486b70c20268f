package dev.forgeline.release.workflow;

import dev.forgeline.release.testing.TestProjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The commit the test releases: this repository's working tree (tracked and new files, as they are now), with
 * release.yaml's targets narrowed to what this machine runs plus the runner-only ones marked optional, committed at
 * a given time and tagged {@code v<version>}.
 */
final class TestRepository {
    private static final Pattern TARGETS = Pattern.compile("(?m)^targets:\\n(?:  - .*\\n)+");

    private TestRepository() {}

    record Commit(Path repository, String tag, String sha) {}

    static Commit create(Path dir, List<String> targets, List<String> optionalTargets, String version, Instant committed)
            throws IOException, InterruptedException {
        Path source = TestProjects.repositoryRoot();
        Path log = dir.resolveSibling("test-repository.log");
        Path list = dir.resolveSibling("files");
        Files.createDirectories(dir);
        Commands.Result listed = Commands.run(List.of("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"),
                source, Map.of(), list);
        if (listed.exitCode() != 0) {
            throw new IllegalStateException("git ls-files failed in " + source);
        }
        for (String file : Files.readString(list, StandardCharsets.UTF_8).split("\0")) {
            Path from = source.resolve(file);
            if (file.isEmpty() || !Files.isRegularFile(from)) {
                continue;
            }
            Path to = dir.resolve(file);
            Files.createDirectories(to.getParent());
            Files.copy(from, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
        Path releaseYaml = dir.resolve("release.yaml");
        String yaml = Files.readString(releaseYaml);
        Matcher m = TARGETS.matcher(yaml);
        if (!m.find()) {
            throw new IllegalStateException("release.yaml has no targets: list this test can narrow");
        }
        StringBuilder replaced = new StringBuilder("targets:\n");
        targets.forEach(t -> replaced.append("  - ").append(t).append('\n'));
        replaced.append("# The targets this test cannot run (macOS, Windows): optional, so the release is complete without them.\n");
        replaced.append("optionalTargets:\n");
        optionalTargets.forEach(t -> replaced.append("  - ").append(t).append('\n'));
        Files.writeString(releaseYaml, yaml.substring(0, m.start()) + replaced + yaml.substring(m.end()));

        String date = committed.getEpochSecond() + " +0000";
        Map<String, String> env = Map.of("GIT_AUTHOR_DATE", date, "GIT_COMMITTER_DATE", date, "GIT_AUTHOR_NAME", "Forgeline Test",
                "GIT_AUTHOR_EMAIL", "test@forgeline.invalid", "GIT_COMMITTER_NAME", "Forgeline Test",
                "GIT_COMMITTER_EMAIL", "test@forgeline.invalid");
        String tag = "v" + version;
        for (List<String> git : List.of(List.of("git", "init", "--quiet", "--initial-branch=main"), List.of("git", "add", "-A"),
                List.of("git", "commit", "--quiet", "--no-verify", "-m", "release " + version), List.of("git", "tag", tag))) {
            Commands.Result result = Commands.run(new ArrayList<>(git), dir, env, log);
            if (result.exitCode() != 0) {
                throw new IllegalStateException(String.join(" ", git) + " failed:\n" + result.tail(20));
            }
        }
        Path head = dir.resolveSibling("head");
        Commands.run(List.of("git", "rev-parse", "HEAD"), dir, Map.of(), head);
        return new Commit(dir, tag, Files.readString(head).strip());
    }
}
