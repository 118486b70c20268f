package dev.forgeline.release.verify;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.common.MavenCoordinates;
import dev.forgeline.release.common.ReleaseIndex;
import dev.forgeline.release.common.Sidecars;
import dev.forgeline.release.maven.ResolutionException;
import dev.forgeline.release.maven.SignedArtifactFetcher;
import dev.forgeline.release.common.SignatureKind;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** Turns what the user names (files, a release directory, coordinates in a repository) into verifier inputs. */
public final class VerificationInputs {
    /** Fetched with each file: its signatures and all four checksum files (resolver itself checks only one). */
    static final List<String> SIDECAR_SUFFIXES = java.util.stream.Stream.concat(
            Arrays.stream(SignatureKind.values()).map(SignatureKind::suffix), Sidecars.CHECKSUM_SUFFIXES.stream()).toList();

    private VerificationInputs() {}

    /**
     * Every artifact of a release directory's manifest, with the SHA-256 it records. The manifest is unsigned, so each
     * path it names is confined to {@code dir} ({@link ConfinedPath}): one that leaves it becomes an input carrying
     * why, and its file is never read.
     */
    public static List<Verifier.Input> release(Path dir) {
        return release(dir, readManifest(dir));
    }

    /**
     * A release directory as one batch: every artifact of its manifest, bound by {@code DIR/release-index.json} when
     * present, which must then list exactly those files, for the manifest's group and version.
     */
    public static VerificationBatch releaseBatch(Path dir) {
        ReleaseManifest manifest = readManifest(dir);
        return new VerificationBatch(release(dir, manifest), new ReleaseIndexCheck.Source(
                dir.resolve(ReleaseIndex.FILE_NAME), manifest.project().groupId(), manifest.project().version(),
                path -> true), ReleaseFiles.ofManifest(dir, manifest));
    }

    static List<Verifier.Input> release(Path dir, ReleaseManifest manifest) {
        List<Verifier.Input> inputs = new ArrayList<>();
        for (ReleaseManifest.ArtifactRecord a : manifest.artifacts()) {
            String entry = a.file() == null ? "" : a.file();
            String name = ConfinedPath.printable(entry.substring(entry.lastIndexOf('/') + 1));
            ConfinedPath path = ConfinedPath.resolve(dir, entry);
            inputs.add((path.refused()
                    ? Verifier.Input.unfetched(name, dir.toAbsolutePath().normalize(), path.refusal())
                    : new Verifier.Input(name, path.file(), a.sha256())).indexedAs(indexPathOf(a)));
        }
        return inputs;
    }

    /** The release manifest of {@code dir}, refused unread when it is larger than any real manifest. */
    public static ReleaseManifest readManifest(Path dir) {
        Path file = dir.resolve(ReleaseManifest.FILE_NAME);
        try {
            if (Files.size(file) > Limits.MANIFEST_BYTES) {
                throw new ForgelineException(ExitCode.CHECK_FAILED, file + " is " + Files.size(file) + " bytes, more "
                        + "than verify reads for a manifest (" + Limits.MANIFEST_BYTES + ")",
                        "this is not a release manifest forgeline wrote; get the release again from its source", null);
            }
        } catch (IOException e) {
            // absent or unreadable: ManifestStore says which
        }
        return ManifestStore.read(dir);
    }

    /**
     * The name a release index binds the record's digest to: the Maven repository path of its coordinates, or null
     * when they are not valid coordinates (then no index entry can match it).
     */
    static String indexPathOf(ReleaseManifest.ArtifactRecord a) {
        try {
            return new MavenCoordinates(a.groupId(), a.artifactId(), a.version(), a.classifier(), a.extension())
                    .repositoryPath();
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }

    /**
     * One coordinate fetched from a repository with its signatures. A coordinate that cannot be fetched becomes
     * an input that carries why (not in the repository: {@link FailureReason#NOT_RESOLVED}; the download does not
     * match its checksum files: {@link FailureReason#CHECKSUM_MISMATCH}), so the report says so instead of the run
     * stopping.
     */
    public static Verifier.Input coordinate(URI repository, MavenCoordinates coordinates, Path localRepository) {
        return coordinate(repository, coordinates, localRepository, new SignedArtifactFetcher());
    }

    /** As {@link #coordinate(URI, MavenCoordinates, Path)}, fetched by {@code fetcher} (a repository read with a login). */
    public static Verifier.Input coordinate(URI repository, MavenCoordinates coordinates, Path localRepository,
            SignedArtifactFetcher fetcher) {
        try {
            Path file = fetcher.fetch(repository, coordinates, SIDECAR_SUFFIXES, localRepository);
            return new Verifier.Input(coordinates.toString(), file, null).indexedAs(coordinates.repositoryPath());
        } catch (ResolutionException e) {
            if (e.reason() == ResolutionException.Reason.UNSUPPORTED_REPOSITORY) {
                throw e;
            }
            FailureReason reason = e.reason() == ResolutionException.Reason.CHECKSUM_MISMATCH
                    ? FailureReason.CHECKSUM_MISMATCH : FailureReason.NOT_RESOLVED;
            String detail = "(" + e.getMessage() + ")";
            return Verifier.Input.unfetched(coordinates.toString(), localRepository.resolve(coordinates.repositoryPath()),
                    CheckResult.failed(reason, detail, null, e)).indexedAs(coordinates.repositoryPath());
        }
    }

    /**
     * The release index of {@code groupId:version} fetched (with its signatures) from the repository, or a path that
     * does not exist when the repository has none. Any other failure (a download that fails its checksums, a server
     * error) stops the run: taking it for "no index" would let an attacker unbind names by breaking one file.
     */
    public static Path coordinateIndex(URI repository, String groupId, String version, Path localRepository) {
        return coordinateIndex(repository, groupId, version, localRepository, new SignedArtifactFetcher());
    }

    /** As {@link #coordinateIndex(URI, String, String, Path)}, fetched by {@code fetcher}. */
    public static Path coordinateIndex(URI repository, String groupId, String version, Path localRepository,
            SignedArtifactFetcher fetcher) {
        MavenCoordinates index = ReleaseIndex.coordinates(groupId, version);
        try {
            return fetcher.fetch(repository, index, SIDECAR_SUFFIXES, localRepository);
        } catch (ResolutionException e) {
            if (e.reason() == ResolutionException.Reason.NOT_FOUND) {
                return localRepository.resolve(index.repositoryPath());
            }
            throw new ForgelineException(ExitCode.CHECK_FAILED, "the release index " + index + " cannot be fetched from "
                    + repository + ": " + e.getMessage(), "check the repository; the index binds the files' names",
                    e);
        }
    }

    /**
     * Every file of one version of one artifact in a file repository (signature and checksum files go with their
     * file), as one batch bound by the release's index ({@code G:forgeline-release-index:V@json}) when the repository
     * has it: then every file the index lists in this version's directory must be there, and nothing else.
     */
    public static VerificationBatch version(URI repository, String groupArtifactVersion) {
        MavenCoordinates gav;
        try {
            gav = MavenCoordinates.parse(groupArtifactVersion);
        } catch (IllegalArgumentException e) {
            throw ForgelineException.usage("--all-of " + groupArtifactVersion + ": " + e.getMessage(),
                    "use --all-of group:artifact:version");
        }
        if (!"file".equals(repository.getScheme())) {
            // A Maven repository served over HTTP has no standard listing of a version's files (maven-metadata.xml
            // lists versions, not classifiers), so guessing which files exist would verify less than asked.
            throw new ForgelineException(ExitCode.USAGE, "--all-of needs a file: repository: it lists the version"
                    + " directory, and a " + repository.getScheme() + ": repository has no listing of a version's files",
                    "name each file with --coordinate G:A:V[:CLASSIFIER][@EXT] (repeatable), or verify the release"
                            + " directory with --release DIR", null);
        }
        Path root = Path.of(repository);
        Path dir = root.resolve(gav.versionPath());
        List<Verifier.Input> inputs = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (Files.isRegularFile(file) && !Sidecars.isSidecar(name)
                        && !name.startsWith("maven-metadata") && !name.startsWith("_")) {
                    inputs.add(new Verifier.Input(name, file, null).indexedAs(gav.versionPath() + "/" + name));
                }
            }
        } catch (IOException e) {
            throw new ForgelineException(ExitCode.CHECK_FAILED, gav + " is not in " + repository + " (" + dir + ")",
                    "check the coordinate and the repository URL", e);
        }
        String prefix = gav.versionPath() + "/";
        Path index = root.resolve(ReleaseIndex.coordinates(gav.groupId(), gav.version()).repositoryPath());
        return new VerificationBatch(inputs, new ReleaseIndexCheck.Source(index, gav.groupId(), gav.version(),
                path -> path.startsWith(prefix) && path.indexOf('/', prefix.length()) < 0),
                ReleaseFiles.inFileRepository(root, gav.groupId(), index));
    }
}
