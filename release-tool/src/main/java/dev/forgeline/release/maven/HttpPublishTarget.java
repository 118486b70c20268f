package dev.forgeline.release.maven;

import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.common.Sidecars;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishing into an HTTP(S) repository (a WebDAV server, a repository manager) so that a consumer sees a version
 * whole or not at all, although HTTP has no atomic rename:
 *
 * <ol>
 *   <li>Check every file of the release against the repository first: absent (to upload), present with the same
 *       bytes (left alone), or present with other bytes: then nothing is uploaded and the run stops naming it
 *       ({@link PublishException.Reason#VERSION_CONFLICT}): a published file is never overwritten.
 *   <li>Upload, in parallel, every file that no consumer looks up first: artifacts, classifier jars, signatures,
 *       checksum files, and each POM's own checksums and signatures. Each is read back and compared by SHA-256.
 *   <li>Upload the POMs one by one in dependency order ({@link PomOrder}: parent and dependencies first), each read
 *       back. A consumer resolves a module through its POM, so the module becomes visible only now, complete.
 *   <li>Last, each artifact's {@code maven-metadata.xml} (merged with the one already there: older versions kept),
 *       then its checksum files; unchanged when it already lists the release.
 * </ol>
 *
 * <p>Every step is recorded in the {@link PublishJournal} as it happens, so a run that failed or was killed is
 * resumed by the next: what is verified in place is skipped, the rest finished.
 */
final class HttpPublishTarget implements PublishTarget {
    static final String ALREADY_THERE = "already in the repository, identical";
    static final String VERIFIED_EARLIER = "verified in place by an earlier run (publish-journal.json)";

    private final URI uri;
    private final PublishOptions options;
    private final ResolverSupplier resolver;
    private final AtomicLong downloads = new AtomicLong();
    /** The metadata files fetched to seed the staging repository, by repository path. */
    private final Map<String, Path> fetchedMetadata = new ConcurrentHashMap<>();
    /** Metadata whose checksum files a killed run left stale: rewritten even when the versions are all listed. */
    private final Set<String> repairedMetadata = ConcurrentHashMap.newKeySet();
    private Path workDirectory;
    private RemoteRepositoryClient client;
    private PublishJournal journal;

    HttpPublishTarget(URI uri, PublishOptions options, ResolverSupplier resolver) {
        this.uri = uri;
        this.options = options;
        this.resolver = resolver;
    }

    @Override
    public URI uri() {
        return uri;
    }

    @Override
    public Path createStagingDirectory() throws IOException {
        workDirectory = Files.createTempDirectory("forgeline-publish-");
        journal = PublishJournal.open(options.journal() != null ? options.journal()
                : workDirectory.resolve(PublishJournal.FILE_NAME), uri);
        client = RemoteRepositoryClient.open(uri, options.credentials(), options.access(), resolver,
                workDirectory.resolve("transport"));
        return workDirectory;
    }

    @Override
    public boolean copyIfExists(String relativePath, Path destination) throws IOException {
        String xmlPath = stripChecksumSuffix(relativePath);
        if (!xmlPath.equals(relativePath) && fetchedMetadata.containsKey(xmlPath)) {
            return copyMetadataChecksum(relativePath, xmlPath, destination);
        }
        boolean found = client.fetch(relativePath, destination);
        if (found && relativePath.endsWith("/" + MavenMetadata.FILE_NAME)) {
            fetchedMetadata.put(relativePath, destination);
        }
        return found;
    }

    /**
     * A checksum file of the repository's metadata. When a run was killed between the metadata and its checksum
     * files, the metadata is the one this journal recorded writing and its checksum files are stale or missing: then
     * the checksum is taken from the metadata itself (and rewritten after the merge), instead of refusing to merge.
     */
    private boolean copyMetadataChecksum(String relativePath, String xmlPath, Path destination) throws IOException {
        boolean found = client.fetch(relativePath, destination);
        Path xml = fetchedMetadata.get(xmlPath);
        Checksums.Digests digests = Checksums.of(xml);
        Checksums.Algorithm algorithm = algorithmOf(relativePath);
        boolean right = found && Checksums.readChecksumFile(destination).equals(digests.get(algorithm));
        Optional<PublishJournal.Entry> written = journal.get(xmlPath);
        if (!right && written.isPresent() && written.get().sha256().equals(digests.sha256())) {
            Files.writeString(destination, digests.get(algorithm));
            repairedMetadata.add(xmlPath);
            return true;
        }
        return found;
    }

    @Override
    public Promotion promote(StagedRelease staged, Path workDirectory) throws PublishException {
        List<PublishResult.PublishedFile> published = Collections.synchronizedList(new ArrayList<>());
        List<PublishResult.Skipped> skipped = Collections.synchronizedList(new ArrayList<>());
        try {
            Map<String, Path> poms = new TreeMap<>();
            List<Item> items = new ArrayList<>();
            for (String versionDir : staged.versionDirectories()) {
                String[] parts = versionDir.split("/");
                String pomPath = versionDir + "/" + parts[parts.length - 2] + "-" + parts[parts.length - 1] + ".pom";
                for (Map.Entry<String, Checksums.Digests> file : staged.filesUnder(versionDir).entrySet()) {
                    Path local = staged.repository().resolve(file.getKey());
                    items.add(new Item(file.getKey(), local, file.getValue().sha256(), Files.size(local)));
                    if (file.getKey().equals(pomPath)) {
                        poms.put(pomPath, local);
                    }
                }
            }
            int parallel = options.access().parallelUploads();
            // 1. Check everything before anything is uploaded: a conflict stops the run with the repository untouched.
            List<Boolean> needed = options.jobs().mapBlocking(items, parallel, item -> needsUpload(item, skipped));
            Map<String, Item> toUpload = new LinkedHashMap<>();
            for (int i = 0; i < items.size(); i++) {
                if (needed.get(i)) {
                    toUpload.put(items.get(i).path(), items.get(i));
                }
            }
            // 2. Everything a POM vouches for, in parallel.
            List<Item> beforePoms = toUpload.values().stream().filter(i -> !poms.containsKey(i.path())).toList();
            published.addAll(options.jobs().mapBlocking(beforePoms, parallel, this::upload));
            // 3. The POMs, in dependency order: each module becomes visible complete.
            for (String pom : PomOrder.of(poms)) {
                Item item = toUpload.get(pom);
                if (item != null) {
                    published.add(upload(item));
                }
            }
            // 4. The metadata, last.
            for (String gaPath : staged.metadataFiles().keySet()) {
                publishMetadata(staged, gaPath, published, skipped);
            }
        } catch (PublishException e) {
            throw e;
        } catch (IOException e) {
            throw new PublishException(PublishException.Reason.PROMOTION_FAILED,
                    "Publishing to " + uri + " failed: " + e.getMessage(),
                    "Publish again: the run resumes where this one stopped (" + PublishJournal.FILE_NAME + ").", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException(PublishException.Reason.PROMOTION_FAILED, "Publishing to " + uri
                    + " was interrupted", "Publish again: the run resumes where this one stopped.", e);
        }
        List<PublishResult.PublishedFile> sortedPublished = new ArrayList<>(published);
        sortedPublished.sort(java.util.Comparator.comparing(PublishResult.PublishedFile::path));
        List<PublishResult.Skipped> sortedSkipped = new ArrayList<>(skipped);
        sortedSkipped.sort(java.util.Comparator.comparing(PublishResult.Skipped::path));
        return new Promotion(sortedPublished, sortedSkipped);
    }

    /** One file of the release: where it goes, its staged copy, its digest. */
    private record Item(String path, Path local, String sha256, long size) {}

    /** Whether {@code item} must be uploaded: false when it is in place; a conflict when it is there with other bytes. */
    private boolean needsUpload(Item item, List<PublishResult.Skipped> skipped) throws IOException {
        Optional<PublishJournal.Entry> entry = journal.get(item.path());
        if (entry.isPresent() && entry.get().state() == PublishJournal.State.verified
                && item.sha256().equals(entry.get().sha256()) && client.exists(item.path())) {
            skipped.add(new PublishResult.Skipped(item.path(), VERIFIED_EARLIER));
            return false;
        }
        Optional<String> remote = confirmedSha256(item.path(), item.sha256());
        if (remote.isEmpty()) {
            return true;
        }
        if (!remote.get().equals(item.sha256())) {
            throw new PublishException(PublishException.Reason.VERSION_CONFLICT,
                    "Cannot publish " + client.urlOf(item.path()) + ": the repository already holds it with other"
                            + " bytes (sha256 " + remote.get() + ", this release has " + item.sha256()
                            + "); nothing was overwritten",
                    "A released file is immutable: publish a new version, or, if that file is a broken upload no"
                            + " consumer can have seen, delete it from the repository by hand and publish again.");
        }
        journal.record(item.path(), PublishJournal.State.verified, item.sha256(), item.size());
        skipped.add(new PublishResult.Skipped(item.path(), ALREADY_THERE));
        return false;
    }

    private PublishResult.PublishedFile upload(Item item) throws IOException {
        journal.record(item.path(), PublishJournal.State.uploading, item.sha256(), item.size());
        client.put(item.path(), item.local());
        journal.record(item.path(), PublishJournal.State.uploaded, item.sha256(), item.size());
        Optional<String> back = confirmedSha256(item.path(), item.sha256());
        if (back.isEmpty() || !back.get().equals(item.sha256())) {
            throw new PublishException(PublishException.Reason.READBACK_MISMATCH,
                    "Uploaded " + client.urlOf(item.path()) + ", but reading it back gave "
                            + back.map(s -> "sha256 " + s).orElse("nothing (404)") + " instead of sha256 "
                            + item.sha256(),
                    "Something between forgeline and the repository changes or drops uploads (a proxy, a full disk);"
                            + " fix that, delete the file from the repository, and publish again.");
        }
        journal.record(item.path(), PublishJournal.State.verified, item.sha256(), item.size());
        return new PublishResult.PublishedFile(item.path(), item.size(), item.sha256());
    }

    private void publishMetadata(StagedRelease staged, String gaPath, List<PublishResult.PublishedFile> published,
            List<PublishResult.Skipped> skipped) throws IOException {
        String xmlPath = gaPath + "/" + MavenMetadata.FILE_NAME;
        Path seedXml = staged.seedDirectory().resolve(xmlPath);
        boolean complete = Files.isRegularFile(seedXml) && !repairedMetadata.contains(xmlPath)
                && ReleaseStager.metadataFileNames(xmlPath).stream()
                        .allMatch(f -> Files.isRegularFile(staged.seedDirectory().resolve(f)))
                && MavenMetadata.read(seedXml).versions().containsAll(staged.versionsByGaPath().get(gaPath));
        if (complete) {
            skipped.add(new PublishResult.Skipped(xmlPath, MavenPublisher.METADATA_UP_TO_DATE));
            return;
        }
        // The merge started from the metadata as it was when staging began: refuse to replace a newer one.
        Path now = download();
        try {
            boolean exists = client.fetch(xmlPath, now);
            if (exists != Files.isRegularFile(seedXml) || (exists && Files.mismatch(now, seedXml) != -1)) {
                throw new PublishException(PublishException.Reason.TARGET_METADATA_INVALID,
                        client.urlOf(xmlPath) + " changed while this release was being published (another publish?)",
                        "Publish again: the versions list is merged anew and the files already uploaded are kept.");
            }
        } finally {
            Files.deleteIfExists(now);
        }
        for (String file : ReleaseStager.metadataFileNames(xmlPath)) { // maven-metadata.xml first, then its checksums
            Path local = staged.repository().resolve(file);
            published.add(upload(new Item(file, local, Checksums.sha256(local), Files.size(local))));
        }
    }

    /**
     * The SHA-256 of the repository's file at {@code path}, if it has one; when it is not {@code expected}, only once
     * two downloads agree. An answer cut short at the end of a header line, before its {@code Content-Length}, looks to
     * HTTP clients like a complete answer with an empty body (the fault tests meet it): such an answer must neither
     * fail a read-back nor pass for a file already published with other bytes.
     */
    private Optional<String> confirmedSha256(String path, String expected) throws IOException {
        Optional<String> previous = remoteSha256(path);
        for (int download = 2; download <= 3; download++) {
            if (previous.isEmpty() || previous.get().equals(expected)) {
                return previous;
            }
            Optional<String> again = remoteSha256(path);
            if (again.equals(previous)) {
                return again;
            }
            previous = again;
        }
        if (previous.isEmpty() || previous.get().equals(expected)) {
            return previous;
        }
        throw new PublishException(PublishException.Reason.TRANSFER_FAILED,
                "GET " + client.urlOf(path) + " gave other content on each of 3 downloads",
                "The connection to the repository breaks answers: publish again later, it resumes where this run"
                        + " stopped (" + PublishJournal.FILE_NAME + ").");
    }

    /** The SHA-256 of the repository's file at {@code path} (downloaded to a temporary file, streamed), if it has one. */
    private Optional<String> remoteSha256(String path) throws IOException {
        Path temp = download();
        try {
            return client.fetch(path, temp) ? Optional.of(Checksums.sha256(temp)) : Optional.empty();
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private Path download() throws IOException {
        Path dir = workDirectory.resolve("downloads");
        Files.createDirectories(dir);
        return dir.resolve("download-" + downloads.incrementAndGet());
    }

    private static String stripChecksumSuffix(String path) {
        for (String suffix : Sidecars.CHECKSUM_SUFFIXES) {
            if (path.endsWith(suffix)) {
                return path.substring(0, path.length() - suffix.length());
            }
        }
        return path;
    }

    private static Checksums.Algorithm algorithmOf(String path) {
        for (Checksums.Algorithm algorithm : Checksums.Algorithm.values()) {
            if (path.endsWith("." + algorithm.fileExtension())) {
                return algorithm;
            }
        }
        throw new IllegalArgumentException("not a checksum file: " + path);
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
