package dev.forgeline.release.maven;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.forgeline.release.io.AtomicFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code publish-journal.json} in the release directory: for each remote repository (its URL, which never holds
 * credentials) and each file of the release, the state the upload reached and the SHA-256 it was uploaded with. It is
 * written whole through a rename after every change, so a run killed at any point (even {@code kill -9}) leaves the
 * last complete journal; the next run trusts a {@code verified} entry with the same digest (after a HEAD shows the
 * file is still there) and checks everything else against the repository itself, so the journal is a record and a
 * shortcut, never the only source of truth.
 *
 * <pre>
 * {"formatVersion": 1, "repositories": {"https://repo.example/releases/": {
 *     "dev/forgeline/gateway/1.0.0/gateway-1.0.0.jar": {"state": "verified", "sha256": "…", "size": 1234}}}}
 * </pre>
 */
public final class PublishJournal {
    public static final String FILE_NAME = "publish-journal.json";
    static final int FORMAT_VERSION = 1;

    /** How far one file's upload got. */
    public enum State {
        /** A PUT was started (it may or may not have reached the server). */
        uploading,
        /** The server accepted the PUT. */
        uploaded,
        /** Read back from the server with the right SHA-256: in place. */
        verified
    }

    /**
     * One file's entry; for a Maven Central deployment bundle also the deployment's name, id (once known) and last
     * state ({@code uploading}: the upload was started, its id not received yet).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(State state, String sha256, Long size, String deploymentName, String deploymentId,
            String deploymentState) {
        public Entry(State state, String sha256, Long size) {
            this(state, sha256, size, null, null, null);
        }
    }

    /** The file's JSON form. */
    record Document(int formatVersion, Map<String, Map<String, Entry>> repositories) {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final Path file;
    private final String repository;
    private final Map<String, Map<String, Entry>> repositories;

    private PublishJournal(Path file, String repository, Map<String, Map<String, Entry>> repositories) {
        this.file = file;
        this.repository = repository;
        this.repositories = repositories;
    }

    /**
     * The journal in {@code file} (a new one when absent), for uploads to {@code repository}.
     *
     * @throws IOException when the file exists but is not a journal of this format
     */
    public static PublishJournal open(Path file, URI repository) throws IOException {
        Map<String, Map<String, Entry>> repositories = new TreeMap<>();
        if (Files.isRegularFile(file)) {
            Document document;
            try {
                document = JSON.readValue(file.toFile(), Document.class);
            } catch (IOException e) {
                throw new IOException("Not a publish journal: " + file + " (" + e.getMessage() + ")", e);
            }
            if (document.formatVersion() != FORMAT_VERSION) {
                throw new IOException(file + " has format version " + document.formatVersion() + ", this forgeline"
                        + " reads " + FORMAT_VERSION);
            }
            if (document.repositories() != null) {
                document.repositories().forEach((url, files) -> repositories.put(url, new TreeMap<>(files)));
            }
        }
        return new PublishJournal(file, repository.toString(), repositories);
    }

    public Path file() {
        return file;
    }

    /** This repository's entry for {@code path}, if any. */
    public synchronized Optional<Entry> get(String path) {
        return Optional.ofNullable(repositories.getOrDefault(repository, Map.of()).get(path));
    }

    /** This repository's entries, by path. */
    public synchronized Map<String, Entry> entries() {
        return Map.copyOf(repositories.getOrDefault(repository, Map.of()));
    }

    /** Records a Central deployment's entry under {@code key} and writes the journal. */
    public synchronized void recordDeployment(String key, Entry entry) throws IOException {
        repositories.computeIfAbsent(repository, k -> new TreeMap<>()).put(key, entry);
        write();
    }

    /** Removes this repository's entry for {@code key} (an upload that was refused) and writes the journal. */
    public synchronized void forget(String key) throws IOException {
        Map<String, Entry> entries = repositories.get(repository);
        if (entries != null && entries.remove(key) != null) {
            if (entries.isEmpty()) {
                repositories.remove(repository);
            }
            write();
        }
    }

    private void write() throws IOException {
        AtomicFiles.writeIfChanged(file, JSON.writeValueAsBytes(new Document(FORMAT_VERSION, repositories)));
    }

    /** Records {@code path}'s state and writes the journal (whole, through a rename). */
    public synchronized void record(String path, State state, String sha256, long size) throws IOException {
        repositories.computeIfAbsent(repository, k -> new TreeMap<>()).put(path, new Entry(state, sha256, size));
        AtomicFiles.writeIfChanged(file, JSON.writeValueAsBytes(new Document(FORMAT_VERSION, repositories)));
    }
}
