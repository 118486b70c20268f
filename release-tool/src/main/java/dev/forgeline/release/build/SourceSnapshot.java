package dev.forgeline.release.build;

import dev.forgeline.release.io.ProcessRunner;

import dev.forgeline.release.common.Checksums;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A private copy of the project's sources to build from. Building a copy keeps the user's
 * {@code target/} directories (which may hold a source-built library) out of the release, and keeps
 * a build running beside another build of the same tree from disturbing it. In a git checkout the
 * copy holds the files git tracks plus untracked ones it does not ignore; elsewhere, every file but
 * build output.
 */
public final class SourceSnapshot {
    private static final Set<String> SKIPPED_DIRS = Set.of("target", ".git", "node_modules", ".forgeline", "dist");

    private SourceSnapshot() {}

    public static void copy(Path projectDir, Path destination, Path excluded) throws IOException {
        Files.createDirectories(destination);
        for (Path relative : files(projectDir, excluded)) {
            Path target = destination.resolve(relative.toString());
            Files.createDirectories(target.getParent());
            Files.copy(projectDir.resolve(relative), target, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    /**
     * The SHA-256 of what {@link #copy} would copy: every file's relative path and content, in path order. Two trees
     * with the same digest build the same release, so a build whose manifest records it need not run again.
     */
    public static String treeSha256(Path projectDir, Path excluded) throws IOException {
        java.security.MessageDigest tree = Checksums.Algorithm.SHA256.newDigest();
        List<Path> files = new ArrayList<>(files(projectDir, excluded));
        files.sort(java.util.Comparator.comparing(p -> p.toString().replace('\\', '/')));
        for (Path relative : files) {
            String line = relative.toString().replace('\\', '/') + "\0" + Checksums.sha256(projectDir.resolve(relative)) + "\n";
            tree.update(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return java.util.HexFormat.of().formatHex(tree.digest());
    }

    /** The files of the snapshot, relative to {@code projectDir}: what git tracks or would track, else every file but build output. */
    static List<Path> files(Path projectDir, Path excluded) throws IOException {
        List<Path> files = gitFiles(projectDir);
        if (files == null) {
            files = walk(projectDir, excluded);
        }
        Path excludedAbs = excluded == null ? null : excluded.toAbsolutePath().normalize();
        List<Path> kept = new ArrayList<>();
        for (Path relative : files) {
            Path source = projectDir.resolve(relative);
            if (excludedAbs != null && source.toAbsolutePath().normalize().startsWith(excludedAbs)) {
                continue;
            }
            if (Files.isRegularFile(source)) { // not deleted in the work tree, not a submodule
                kept.add(relative);
            }
        }
        return kept;
    }

    private static List<Path> gitFiles(Path projectDir) {
        try {
            String listing = ProcessRunner.query(
                    List.of("git", "-C", projectDir.toString(), "ls-files", "-z", "--cached", "--others", "--exclude-standard"),
                    Map.of());
            // A set: during a merge git lists an unmerged path once per stage.
            java.util.Set<Path> files = new java.util.LinkedHashSet<>();
            for (String name : listing.split("\0")) {
                if (!name.isEmpty()) {
                    files.add(Path.of(name));
                }
            }
            return new ArrayList<>(files);
        } catch (Exception e) {
            return null;
        }
    }

    private static List<Path> walk(Path projectDir, Path excluded) throws IOException {
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(projectDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                boolean skip = !dir.equals(projectDir)
                        && (SKIPPED_DIRS.contains(dir.getFileName().toString())
                                || (excluded != null && dir.toAbsolutePath().normalize().equals(excluded.toAbsolutePath().normalize())));
                return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                files.add(projectDir.relativize(file));
                return FileVisitResult.CONTINUE;
            }
        });
        return files;
    }
}
