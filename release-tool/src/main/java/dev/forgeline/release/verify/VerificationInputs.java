package dev.forgeline.release.verify;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.common.MavenCoordinates;
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
    private VerificationInputs() {}

    /**
     * Every artifact of a release directory's manifest, with the SHA-256 it records. The manifest is unsigned, so each
     * path it names is confined to {@code dir} ({@link ConfinedPath}): one that leaves it becomes an input carrying
     * why, and its file is never read.
     */
    public static List<Verifier.Input> release(Path dir) {
        return release(dir, readManifest(dir));
    }

    static List<Verifier.Input> release(Path dir, ReleaseManifest manifest) {
        List<Verifier.Input> inputs = new ArrayList<>();
        for (ReleaseManifest.ArtifactRecord a : manifest.artifacts()) {
            String entry = a.file() == null ? "" : a.file();
            String name = ConfinedPath.printable(entry.substring(entry.lastIndexOf('/') + 1));
            ConfinedPath path = ConfinedPath.resolve(dir, entry);
            inputs.add(path.refused()
                    ? Verifier.Input.unfetched(name, dir.toAbsolutePath().normalize(), path.refusal())
                    : new Verifier.Input(name, path.file(), a.sha256()).indexedAs(indexPathOf(a)));
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
        try {
            Path file = new SignedArtifactFetcher().fetch(repository, coordinates,
                    Arrays.stream(SignatureKind.values()).map(SignatureKind::suffix).toList(), localRepository);
            return new Verifier.Input(coordinates.toString(), file, null);
        } catch (ResolutionException e) {
            if (e.reason() == ResolutionException.Reason.UNSUPPORTED_REPOSITORY) {
                throw e;
            }
            FailureReason reason = e.reason() == ResolutionException.Reason.CHECKSUM_MISMATCH
                    ? FailureReason.CHECKSUM_MISMATCH : FailureReason.NOT_RESOLVED;
            String detail = "(" + e.getMessage() + ")";
            return Verifier.Input.unfetched(coordinates.toString(), localRepository.resolve(coordinates.repositoryPath()),
                    CheckResult.failed(reason, detail, null, e));
        }
    }

    /** Every file of one version in a file repository (signature and checksum files go with their file). */
    public static List<Verifier.Input> version(URI repository, String groupArtifactVersion) {
        MavenCoordinates gav = MavenCoordinates.parse(groupArtifactVersion);
        if (!"file".equals(repository.getScheme())) {
            // A Maven repository served over HTTP has no standard listing of a version's files (maven-metadata.xml
            // lists versions, not classifiers), so guessing which files exist would verify less than asked.
            throw new ForgelineException(ExitCode.USAGE, "--all-of needs a file: repository: it lists the version"
                    + " directory, and a " + repository.getScheme() + ": repository has no listing of a version's files",
                    "name each file with --coordinate G:A:V[:CLASSIFIER][@EXT] (repeatable), or verify the release"
                            + " directory with --release DIR", null);
        }
        Path dir = Path.of(repository).resolve(gav.versionPath());
        List<Verifier.Input> inputs = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (Files.isRegularFile(file) && !Sidecars.isSidecar(name)
                        && !name.startsWith("maven-metadata") && !name.startsWith("_")) {
                    inputs.add(new Verifier.Input(name, file, null));
                }
            }
        } catch (IOException e) {
            throw new ForgelineException(ExitCode.CHECK_FAILED, gav + " is not in " + repository + " (" + dir + ")",
                    "check the coordinate and the repository URL", e);
        }
        return inputs;
    }
}
