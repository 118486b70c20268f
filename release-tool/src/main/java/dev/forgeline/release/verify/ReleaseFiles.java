package dev.forgeline.release.verify;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.common.InTotoProvenance;
import dev.forgeline.release.common.MavenCoordinates;
import dev.forgeline.release.common.ReleaseIndex;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.maven.ResolutionException;
import dev.forgeline.release.maven.SignedArtifactFetcher;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a batch's release keeps the files that vouch for its artifacts (each artifact's SBOM, the provenance), by Maven
 * coordinates: a release directory's manifest, a file repository, or a repository they are fetched from. Nothing found
 * here is trusted for being found: the provenance carries its own signature, and an SBOM is verified like an artifact.
 */
public abstract class ReleaseFiles {
    private final String groupId;

    private ReleaseFiles(String groupId) {
        this.groupId = groupId;
    }

    /** The file at these coordinates, or empty when the release has none. */
    public abstract Optional<Path> find(MavenCoordinates coordinates);

    /**
     * The coordinates of the release's provenance envelope ({@code .intoto.jsonl}), when the release has one;
     * {@code artifacts} are the coordinates being verified, from which a repository finds it.
     */
    public abstract Optional<MavenCoordinates> provenance(List<MavenCoordinates> artifacts);

    /** The group of the release, with which a repository path reads back as coordinates. */
    public String groupId() {
        return groupId;
    }

    /**
     * The coordinates of a repository path of this release's group ({@code g/a/v/a-v[-classifier].ext}), or null when the
     * path is not one. The extension is everything after the first dot that follows the version and classifier.
     */
    public MavenCoordinates coordinatesOf(String path) {
        if (path == null || groupId == null) {
            return null;
        }
        String prefix = groupId.replace('.', '/') + "/";
        String[] parts = path.startsWith(prefix) ? path.substring(prefix.length()).split("/", -1) : new String[0];
        if (parts.length != 3 || !parts[2].startsWith(parts[0] + "-" + parts[1])) {
            return null;
        }
        String rest = parts[2].substring(parts[0].length() + 1 + parts[1].length());
        int dot = rest.indexOf('.');
        if (dot < 0 || rest.length() == dot + 1 || dot > 0 && rest.charAt(0) != '-') {
            return null;
        }
        try {
            return new MavenCoordinates(groupId, parts[0], parts[1], dot == 0 ? null : rest.substring(1, dot),
                    rest.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A release directory: the files its manifest records, each confined to the directory. */
    public static ReleaseFiles ofManifest(Path dir, ReleaseManifest manifest) {
        Map<String, ReleaseManifest.ArtifactRecord> byPath = new HashMap<>();
        for (ReleaseManifest.ArtifactRecord a : manifest.artifacts()) {
            String path = VerificationInputs.indexPathOf(a);
            if (path != null) {
                byPath.putIfAbsent(path, a);
            }
        }
        return new ReleaseFiles(manifest.project().groupId()) {
            @Override
            public Optional<Path> find(MavenCoordinates coordinates) {
                ReleaseManifest.ArtifactRecord a = byPath.get(coordinates.repositoryPath());
                if (a == null || a.file() == null) {
                    return Optional.empty();
                }
                ConfinedPath path = ConfinedPath.resolve(dir, a.file()); // a refused path is reported on its own row
                return path.refused() || !Files.isRegularFile(path.file()) ? Optional.empty() : Optional.of(path.file());
            }

            @Override
            public Optional<MavenCoordinates> provenance(List<MavenCoordinates> artifacts) {
                return byPath.values().stream()
                        .filter(a -> a.classifier() == null && InTotoProvenance.ENVELOPE_EXTENSION.equals(a.extension()))
                        .map(a -> coordinatesOf(VerificationInputs.indexPathOf(a))).filter(c -> c != null)
                        .sorted(java.util.Comparator.comparing(MavenCoordinates::toString)).findFirst();
            }
        };
    }

    /** A Maven repository on disk; the provenance is the one the release index names ({@code index} may not exist). */
    public static ReleaseFiles inFileRepository(Path root, String groupId, Path index) {
        return new ReleaseFiles(groupId) {
            @Override
            public Optional<Path> find(MavenCoordinates coordinates) {
                Path file = root.resolve(coordinates.repositoryPath()); // coordinates hold no '/' or '..'
                return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
            }

            @Override
            public Optional<MavenCoordinates> provenance(List<MavenCoordinates> artifacts) {
                return provenanceInIndex(this, index).or(() -> provenanceOnRoot(this, artifacts));
            }
        };
    }

    /**
     * A repository the files are fetched from (with their signatures and checksum files) into {@code local}. A file
     * the repository does not have is absent; any other failure stops the run, since taking it for "absent" would let
     * a mirror unbind a release's provenance by breaking one download.
     */
    public static ReleaseFiles fetchedFrom(URI repository, Path local, String groupId, Path index) {
        return fetchedFrom(repository, local, groupId, index, new SignedArtifactFetcher());
    }

    /** As {@link #fetchedFrom(URI, Path, String, Path)}, fetched by {@code fetcher} (a repository read with a login). */
    public static ReleaseFiles fetchedFrom(URI repository, Path local, String groupId, Path index,
            SignedArtifactFetcher fetcher) {
        return new ReleaseFiles(groupId) {
            @Override
            public Optional<Path> find(MavenCoordinates coordinates) {
                try {
                    return Optional.of(fetcher.fetch(repository, coordinates,
                            VerificationInputs.SIDECAR_SUFFIXES, local));
                } catch (ResolutionException e) {
                    if (e.reason() == ResolutionException.Reason.NOT_FOUND) {
                        return Optional.empty();
                    }
                    throw new ForgelineException(ExitCode.CHECK_FAILED, coordinates + " cannot be fetched from "
                            + repository + ": " + e.getMessage(), "check the repository", e);
                }
            }

            @Override
            public Optional<MavenCoordinates> provenance(List<MavenCoordinates> artifacts) {
                return provenanceInIndex(this, index).or(() -> provenanceOnRoot(this, artifacts));
            }
        };
    }

    /**
     * The provenance found the way it is published without an index: on the release's root coordinate, which is the
     * artifact itself or the top of its POM's parents of the same group and version (at most {@link #PARENT_DEPTH}).
     */
    private static Optional<MavenCoordinates> provenanceOnRoot(ReleaseFiles files, List<MavenCoordinates> artifacts) {
        java.util.Set<String> tried = new java.util.HashSet<>();
        for (MavenCoordinates artifact : artifacts) {
            String artifactId = artifact.artifactId();
            for (int depth = 0; artifactId != null && depth <= PARENT_DEPTH && tried.add(artifactId); depth++) {
                MavenCoordinates envelope = new MavenCoordinates(artifact.groupId(), artifactId, artifact.version(),
                        null, InTotoProvenance.ENVELOPE_EXTENSION);
                if (files.find(envelope).isPresent()) {
                    return Optional.of(envelope);
                }
                Optional<Path> pom = files.find(envelope.withExtension("pom"));
                artifactId = pom.flatMap(p -> PomParent.of(p, artifact.groupId(), artifact.version())).orElse(null);
            }
        }
        return Optional.empty();
    }

    private static final int PARENT_DEPTH = 4;

    /**
     * The provenance the release index lists. The index is only read here to find it: the envelope's own signature
     * vouches for what it says, and the index is verified by {@link ReleaseIndexCheck}.
     */
    private static Optional<MavenCoordinates> provenanceInIndex(ReleaseFiles files, Path index) {
        if (index == null) {
            return Optional.empty();
        }
        SmallFile bytes = SmallFile.read(index, Limits.INDEX_BYTES);
        if (bytes.status() != SmallFile.Status.READ) {
            return Optional.empty();
        }
        List<ReleaseIndex.Entry> entries;
        try {
            entries = ReleaseIndex.parse(bytes.bytes()).files();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return entries.stream().map(e -> files.coordinatesOf(e.path()))
                .filter(c -> c != null && c.classifier() == null
                        && InTotoProvenance.ENVELOPE_EXTENSION.equals(c.extension()))
                .findFirst();
    }
}
