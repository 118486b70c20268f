package dev.forgeline.release.workflow;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/**
 * The stand-in for the artifacts of a run ({@code actions/upload-artifact@v4}, {@code actions/download-artifact@v4}):
 * one directory per artifact name. As v4 does, a name is uploaded once; an upload of a directory keeps what is under
 * it; a download by {@code name} unpacks into the path, by {@code pattern} each match into {@code path/<name>}.
 */
final class ArtifactStore {
    private final Path dir;

    ArtifactStore(Path dir) {
        this.dir = dir;
    }

    Path artifact(String name) {
        return dir.resolve(name);
    }

    /** Uploads {@code source} (a directory's contents, or one file) as {@code name}; returns the number of files. */
    long upload(String name, Path source, Path log) throws IOException, InterruptedException {
        Path target = artifact(name);
        if (Files.exists(target)) {
            throw new IllegalStateException("an artifact named " + name + " was uploaded already (upload-artifact@v4 refuses a second)");
        }
        Files.createDirectories(target);
        if (Files.isDirectory(source)) {
            Commands.check(List.of("cp", "-a", source + "/.", target.toString()), null, log);
        } else if (Files.isRegularFile(source)) {
            Commands.check(List.of("cp", "-a", source.toString(), target.toString()), null, log);
        }
        try (Stream<Path> files = Files.walk(target)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    List<String> names(String pattern) throws IOException {
        PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> artifacts = Files.list(dir)) {
            return artifacts.map(p -> p.getFileName().toString()).filter(n -> glob.matches(Path.of(n))).sorted().toList();
        }
    }

    void download(String name, Path into, Path log) throws IOException, InterruptedException {
        Path source = artifact(name);
        if (!Files.isDirectory(source)) {
            throw new IllegalStateException("no artifact named " + name + " (uploaded: " + names("*") + ")");
        }
        Files.createDirectories(into);
        Commands.check(List.of("cp", "-a", source + "/.", into.toString()), null, log);
    }
}
