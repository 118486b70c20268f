package dev.forgeline.release.maven;

import dev.forgeline.release.common.Checksums;

import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A Maven repository in a local directory ({@code file:} URL). Staging happens in a sibling directory, so every
 * move into the repository is a rename on one file system: each new version directory appears whole in one atomic
 * rename, and each metadata file is replaced atomically. Every move is recorded in an undo log that is played back
 * if a later one fails, so a failed publish leaves the repository exactly as it was.
 *
 * <p>Not guarded against two publishes into the same repository at the same moment beyond this: a version
 * directory cannot be renamed over a non-empty one, and metadata that changed since it was seeded is not replaced.
 */
final class FilePublishTarget implements PublishTarget {

    private final URI uri;
    private final Path root;
    private final PromotionHook hook;

    FilePublishTarget(URI uri, Path root, PromotionHook hook) {
        this.uri = Objects.requireNonNull(uri, "uri");
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.hook = Objects.requireNonNull(hook, "hook");
    }

    /**
     * The target for a {@code file:} URL. An existing repository path is resolved to its real path, so that a
     * symlinked repository gets its staging directory on the file system the files really live on.
     *
     * @throws IllegalArgumentException when the URL is not a local absolute path (e.g. it has a host)
     */
    static FilePublishTarget forUri(URI uri, PromotionHook hook) {
        Path root = Path.of(uri);
        if (Files.exists(root)) {
            try {
                root = root.toRealPath();
            } catch (IOException e) {
                // Keep the path as given; moving into it will report the problem.
            }
        }
        return new FilePublishTarget(uri, root, hook);
    }

    @Override
    public URI uri() {
        return uri;
    }

    Path root() {
        return root;
    }

    /**
     * A sibling of the repository directory ({@code .<name>.forgeline-staging-*}), so that moves are renames. When
     * the repository directory is itself a mount point (its parent is another file system), the staging directory
     * goes inside it instead, as a dot-directory that exists only while the publish runs.
     */
    @Override
    public Path createStagingDirectory() throws IOException {
        Path parent = root.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new NoSuchFileException(String.valueOf(parent), null, "the directory that is to hold the repository "
                    + root + " does not exist");
        }
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new IOException("The repository path " + root + " exists but is not a directory");
        }
        if (Files.isDirectory(root) && !Files.getFileStore(root).equals(Files.getFileStore(parent))) {
            return Files.createTempDirectory(root, ".forgeline-staging-");
        }
        return Files.createTempDirectory(parent, "." + root.getFileName() + ".forgeline-staging-");
    }

    @Override
    public boolean copyIfExists(String relativePath, Path destination) throws IOException {
        Path source = root.resolve(relativePath);
        if (!Files.isRegularFile(source)) {
            return false;
        }
        Files.createDirectories(destination.getParent());
        Files.copy(source, destination, StandardCopyOption.REPLACE_EXISTING);
        return true;
    }

    @Override
    public Promotion promote(StagedRelease staged, Path workDirectory) throws PublishException {
        List<PublishResult.Skipped> skipped = new ArrayList<>();

        // Plan, and refuse conflicts before anything moves.
        List<String> newVersionDirs = new ArrayList<>();
        for (String versionDir : staged.versionDirectories()) {
            Path existing = root.resolve(versionDir);
            if (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
                newVersionDirs.add(versionDir);
                continue;
            }
            Optional<String> difference;
            try {
                difference = firstDifference(staged.repository().resolve(versionDir), existing);
            } catch (IOException e) {
                throw promotionFailed("Cannot compare the existing " + versionDir + " with the release: "
                        + e.getMessage(), e);
            }
            if (difference.isPresent()) {
                String version = versionDir.substring(versionDir.lastIndexOf('/') + 1);
                String ga = gaOf(versionDir);
                throw new PublishException(
                        PublishException.Reason.VERSION_CONFLICT,
                        "version " + version + " of " + ga + " is already published with different content: file "
                                + difference.get() + " (repository " + root + ")",
                        "Released versions are immutable: release under a new version number. Nothing was changed."
                                + " If the published copy is known to be broken and no one can have fetched it,"
                                + " remove " + existing + " by hand and publish again.");
            }
            skipped.add(new PublishResult.Skipped(versionDir, MavenPublisher.ALREADY_PUBLISHED_IDENTICAL));
        }

        List<String> metadataToReplace = new ArrayList<>();
        for (Map.Entry<String, List<String>> entry : staged.metadataFiles().entrySet()) {
            String gaPath = entry.getKey();
            String xmlPath = gaPath + "/" + MavenMetadata.FILE_NAME;
            boolean gainsVersion = newVersionDirs.stream().anyMatch(v -> v.startsWith(gaPath + "/")
                    && v.indexOf('/', gaPath.length() + 1) < 0);
            boolean listsAll;
            try {
                listsAll = MavenMetadata.readIfExists(root.resolve(xmlPath))
                        .versions()
                        .containsAll(staged.versionsByGaPath().get(gaPath));
            } catch (IOException e) {
                throw promotionFailed("Cannot read " + root.resolve(xmlPath) + ": " + e.getMessage(), e);
            }
            if (!gainsVersion && listsAll) {
                skipped.add(new PublishResult.Skipped(xmlPath, MavenPublisher.METADATA_UP_TO_DATE));
            } else {
                metadataToReplace.addAll(entry.getValue());
            }
        }

        // Move, recording how to undo each step.
        Deque<Undo> undoLog = new ArrayDeque<>();
        List<PublishResult.PublishedFile> published = new ArrayList<>();
        try {
            createDirectories(root, undoLog);
            for (String versionDir : newVersionDirs) {
                Path source = staged.repository().resolve(versionDir);
                Path destination = root.resolve(versionDir);
                hook.beforeMove(versionDir);
                createDirectories(destination.getParent(), undoLog);
                Files.move(source, destination, StandardCopyOption.ATOMIC_MOVE);
                undoLog.push(new Undo("move " + destination + " back to " + source,
                        () -> Files.move(destination, source, StandardCopyOption.ATOMIC_MOVE)));
                staged.filesUnder(versionDir).forEach((path, digests) ->
                        published.add(new PublishResult.PublishedFile(path, digests.size(), digests.sha256())));
            }
            Set<String> checkedUnchanged = new TreeSet<>();
            for (String metadataFile : metadataToReplace) {
                String xmlPath = metadataFile.substring(0, metadataFile.lastIndexOf('/') + 1) + MavenMetadata.FILE_NAME;
                if (checkedUnchanged.add(xmlPath)) {
                    requireUnchangedSinceSeeded(staged, xmlPath);
                }
                Path source = staged.repository().resolve(metadataFile);
                Path destination = root.resolve(metadataFile);
                hook.beforeMove(metadataFile);
                if (Files.exists(destination, LinkOption.NOFOLLOW_LINKS)) {
                    Path backup = workDirectory.resolve(metadataFile);
                    Files.createDirectories(backup.getParent());
                    Files.copy(destination, backup, StandardCopyOption.COPY_ATTRIBUTES);
                    Files.move(source, destination, StandardCopyOption.ATOMIC_MOVE);
                    undoLog.push(new Undo("restore " + destination + " from " + backup,
                            () -> Files.move(backup, destination, StandardCopyOption.ATOMIC_MOVE)));
                } else {
                    Files.move(source, destination, StandardCopyOption.ATOMIC_MOVE);
                    undoLog.push(new Undo("delete " + destination, () -> Files.delete(destination)));
                }
                Checksums.Digests digests = staged.files().get(metadataFile);
                published.add(new PublishResult.PublishedFile(metadataFile, digests.size(), digests.sha256()));
            }
        } catch (IOException | RuntimeException e) {
            throw rollBack(undoLog, e);
        }
        published.sort((a, b) -> a.path().compareTo(b.path()));
        skipped.sort((a, b) -> a.path().compareTo(b.path()));
        return new Promotion(published, skipped);
    }

    /** Another publish may have changed the metadata since it was seeded: then merging again is needed. */
    private void requireUnchangedSinceSeeded(StagedRelease staged, String xmlPath) throws IOException, PublishException {
        Path seeded = staged.seedDirectory().resolve(xmlPath);
        Path current = root.resolve(xmlPath);
        boolean seededExists = Files.exists(seeded);
        boolean currentExists = Files.exists(current);
        if (seededExists != currentExists || (currentExists && Files.mismatch(seeded, current) != -1)) {
            throw new PublishException(
                    PublishException.Reason.PROMOTION_FAILED,
                    current + " changed while this publish was running",
                    "Another publish into the same repository probably ran at the same time. Run the publish again:"
                            + " versions already in place are skipped and the metadata is merged anew.");
        }
    }

    /** Creates {@code directory} and its missing parents, logging how to remove each one created. */
    private static void createDirectories(Path directory, Deque<Undo> undoLog) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = directory; p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            missing.push(p);
        }
        for (Path p : missing) {
            Files.createDirectory(p);
            undoLog.push(new Undo("remove the directory " + p, () -> {
                try {
                    Files.delete(p);
                } catch (DirectoryNotEmptyException e) {
                    // Something else put content there meanwhile: it is not ours to remove.
                }
            }));
        }
    }

    private PublishException rollBack(Deque<Undo> undoLog, Exception failure) {
        List<String> notUndone = new ArrayList<>();
        while (!undoLog.isEmpty()) {
            Undo undo = undoLog.pop();
            try {
                undo.action().run();
            } catch (IOException | RuntimeException e) {
                notUndone.add(undo.description() + " (" + e + ")");
                failure.addSuppressed(e);
            }
        }
        if (failure instanceof PublishException publishException && notUndone.isEmpty()) {
            return publishException;
        }
        if (notUndone.isEmpty()) {
            return promotionFailed("Moving the staged release into " + root + " failed: " + failure
                    + ". Everything moved so far was moved back; the repository is unchanged.", failure);
        }
        return new PublishException(
                PublishException.Reason.ROLLBACK_FAILED,
                "Moving the staged release into " + root + " failed (" + failure + ") and undoing it failed too; "
                        + "these steps were NOT undone: " + String.join("; ", notUndone),
                "Do these steps by hand before anyone resolves from the repository, then publish again.",
                failure);
    }

    /**
     * The first file (relative to the version directory) whose presence or content differs, or empty when the two
     * directories hold the same regular files with the same bytes.
     */
    static Optional<String> firstDifference(Path staged, Path existing) throws IOException {
        if (!Files.isDirectory(existing, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(". (" + existing + " is not a directory)");
        }
        Set<String> stagedNames = listing(staged);
        Set<String> existingNames = listing(existing);
        Set<String> all = new TreeSet<>(stagedNames);
        all.addAll(existingNames);
        for (String name : all) {
            if (!existingNames.contains(name)) {
                return Optional.of(name + " (not in the published version)");
            }
            if (!stagedNames.contains(name)) {
                return Optional.of(name + " (published, but not part of this release)");
            }
            if (name.endsWith("/")) {
                continue;
            }
            Path a = staged.resolve(name);
            Path b = existing.resolve(name);
            if (!Files.isRegularFile(b, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of(name + " (not a regular file in the repository)");
            }
            if (Files.mismatch(a, b) != -1) {
                return Optional.of(name + " (sha256 " + Checksums.sha256(b) + " published, " + Checksums.sha256(a)
                        + " in this release)");
            }
        }
        return Optional.empty();
    }

    private static Set<String> listing(Path directory) throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            Set<String> names = new TreeSet<>();
            walk.filter(p -> !p.equals(directory))
                    .forEach(p -> names.add(ReleaseStager.relative(directory, p)
                            + (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "/" : "")));
            return names;
        }
    }

    private static String gaOf(String versionDir) {
        String gaPath = versionDir.substring(0, versionDir.lastIndexOf('/'));
        int slash = gaPath.lastIndexOf('/');
        return gaPath.substring(0, slash).replace('/', '.') + ":" + gaPath.substring(slash + 1);
    }

    private PublishException promotionFailed(String message, Throwable cause) {
        return new PublishException(
                PublishException.Reason.PROMOTION_FAILED,
                message,
                "The repository is unchanged. Check that " + root + " is writable and has free space, then publish"
                        + " again.",
                cause);
    }

    private record Undo(String description, IoAction action) {}

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }
}
