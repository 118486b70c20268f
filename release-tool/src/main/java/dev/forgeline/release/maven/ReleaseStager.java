package dev.forgeline.release.maven;

import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.common.MavenCoordinates;
import dev.forgeline.release.common.Sidecars;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession.CloseableSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.deployment.DeployRequest;
import org.eclipse.aether.deployment.DeploymentException;
import org.eclipse.aether.repository.RemoteRepository;

/**
 * Deploys a release with maven-resolver into a staging repository seeded with the target's current
 * {@code maven-metadata.xml} files (so resolver merges the versions list), then checks what was staged: every
 * artifact byte-identical to its source, four correct checksum files next to every file, no unexpected file, and
 * metadata that lists the new versions and keeps the old ones.
 */
final class ReleaseStager {
    private static final String STAGING_REPOSITORY_ID = "forgeline-staging";

    private final List<PublishedArtifact> artifacts;
    private final Map<MavenCoordinates, Checksums.Digests> sourceDigests;
    private final PublishTarget target;
    private final Path stagingDirectory;
    private final ResolverSupplier resolver;

    /**
     * @param sourceDigests digests of each artifact's file, taken before staging: the staged copy must match them
     * @param stagingDirectory an empty directory owned by this publish
     */
    ReleaseStager(
            List<PublishedArtifact> artifacts,
            Map<MavenCoordinates, Checksums.Digests> sourceDigests,
            PublishTarget target,
            Path stagingDirectory,
            ResolverSupplier resolver) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.artifacts = List.copyOf(artifacts);
        this.sourceDigests = Map.copyOf(sourceDigests);
        this.target = Objects.requireNonNull(target, "target");
        this.stagingDirectory = Objects.requireNonNull(stagingDirectory, "stagingDirectory");
    }

    StagedRelease stage() throws PublishException {
        Path repository = stagingDirectory.resolve("repository");
        Path seeds = stagingDirectory.resolve("seed");
        Path localRepository = stagingDirectory.resolve("local-repository");

        SortedMap<String, SortedSet<String>> versionsByGaPath = new TreeMap<>();
        for (PublishedArtifact artifact : artifacts) {
            versionsByGaPath
                    .computeIfAbsent(artifact.coordinates().groupArtifactPath(), k -> new TreeSet<>())
                    .add(artifact.version());
        }

        Map<String, MavenMetadata> seededMetadata = seed(versionsByGaPath.keySet(), repository, seeds);
        deploy(repository, localRepository);
        return verify(repository, seeds, versionsByGaPath, seededMetadata);
    }

    /**
     * Copies the target's metadata files of each GA into the staging repository and into the seed directory, after
     * checking the metadata against each of its checksum files (a damaged file must not be merged and republished).
     */
    private Map<String, MavenMetadata> seed(Set<String> gaPaths, Path repository, Path seeds) throws PublishException {
        Map<String, MavenMetadata> seeded = new TreeMap<>();
        for (String gaPath : gaPaths) {
            String xmlPath = gaPath + "/" + MavenMetadata.FILE_NAME;
            try {
                for (String relative : metadataFileNames(xmlPath)) {
                    if (target.copyIfExists(relative, seeds.resolve(relative))) {
                        Files.createDirectories(repository.resolve(relative).getParent());
                        Files.copy(seeds.resolve(relative), repository.resolve(relative));
                    }
                }
                Path xml = seeds.resolve(xmlPath);
                if (Files.isRegularFile(xml)) {
                    Checksums.Digests digests = Checksums.of(xml);
                    for (Checksums.Algorithm algorithm : Checksums.Algorithm.values()) {
                        Path sidecar = algorithm.sidecarOf(xml);
                        if (Files.isRegularFile(sidecar)
                                && !Checksums.readChecksumFile(sidecar).equals(digests.get(algorithm))) {
                            throw new PublishException(
                                    PublishException.Reason.TARGET_METADATA_INVALID,
                                    "The repository's " + xmlPath + " does not match its ." + algorithm.fileExtension()
                                            + " file (" + target.uri() + "): it was damaged or half-written by"
                                            + " another tool",
                                    "Nothing was changed. Restore " + xmlPath + " from a backup, or rewrite its"
                                            + " checksum files if its content (the versions list) is known to be"
                                            + " right, then publish again.");
                        }
                    }
                }
                seeded.put(gaPath, MavenMetadata.readIfExists(xml));
            } catch (IOException e) {
                throw new PublishException(
                        PublishException.Reason.TARGET_METADATA_INVALID,
                        "Cannot read the repository's " + xmlPath + " (" + target.uri() + "): " + e.getMessage(),
                        "Nothing was changed. Check that the repository is readable and its maven-metadata.xml is"
                                + " well-formed XML.",
                        e);
            }
        }
        return seeded;
    }

    private void deploy(Path repository, Path localRepository) throws PublishException {
        try {
            Files.createDirectories(repository);
            Files.createDirectories(localRepository);
        } catch (IOException e) {
            throw new PublishException(
                    PublishException.Reason.DEPLOY_FAILED,
                    "Cannot create the staging repository " + repository + ": " + e.getMessage(),
                    "Check free space and permissions next to the target repository.",
                    e);
        }
        RemoteRepository staging =
                resolver.getRemoteRepository(STAGING_REPOSITORY_ID, repository.toUri().toString());
        // One deploy per version: resolver's metadata generators are keyed by groupId:artifactId, so two versions
        // of one artifact in one request would leave only one of them in maven-metadata.xml.
        Map<String, DeployRequest> requests = new java.util.LinkedHashMap<>();
        for (PublishedArtifact artifact : artifacts) {
            MavenCoordinates c = artifact.coordinates();
            requests.computeIfAbsent(c.versionPath(), k -> new DeployRequest().setRepository(staging))
                    .addArtifact(new DefaultArtifact(c.groupId(), c.artifactId(), c.classifier(), c.extension(),
                                    c.version())
                            .setPath(artifact.file()));
        }
        try (RepositorySystem system = resolver.getRepositorySystem();
                CloseableSession session = resolver.getSessionBuilder(system)
                        .withLocalRepositoryBaseDirectories(localRepository)
                        .build()) {
            for (DeployRequest request : requests.values()) {
                system.deploy(session, request);
            }
        } catch (DeploymentException | RuntimeException e) {
            throw new PublishException(
                    PublishException.Reason.DEPLOY_FAILED,
                    "maven-resolver could not deploy the release into the staging repository " + repository + ": "
                            + e.getMessage(),
                    "The target repository is unchanged. See the cause.",
                    e);
        }
    }

    private StagedRelease verify(
            Path repository,
            Path seeds,
            SortedMap<String, SortedSet<String>> versionsByGaPath,
            Map<String, MavenMetadata> seededMetadata)
            throws PublishException {
        SortedMap<String, Checksums.Digests> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(repository)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                files.put(relative(repository, file), Checksums.of(file));
            }
        } catch (IOException e) {
            throw failed("Cannot read the staging repository " + repository + ": " + e.getMessage(), e);
        }

        // 1. Every artifact staged, byte-identical to its source.
        Set<String> expectedInVersionDirs = new HashSet<>();
        for (PublishedArtifact artifact : artifacts) {
            String path = artifact.coordinates().repositoryPath();
            Checksums.Digests staged = files.get(path);
            if (staged == null) {
                throw failed("Artifact " + artifact.coordinates() + " was not staged at " + path, null);
            }
            if (!staged.equals(sourceDigests.get(artifact.coordinates()))) {
                throw failed("Staged " + path + " (sha256 " + staged.sha256() + ") differs from its source "
                        + artifact.file() + " (sha256 " + sourceDigests.get(artifact.coordinates()).sha256()
                        + "): did the file change while publishing?", null);
            }
            expectedInVersionDirs.add(path);
        }

        // 2. Only expected files: artifacts and their checksums in version dirs, GA metadata outside.
        Set<String> versionDirs = new HashSet<>();
        versionsByGaPath.forEach((ga, versions) -> versions.forEach(v -> versionDirs.add(ga + "/" + v)));
        SortedMap<String, List<String>> metadataFiles = new TreeMap<>();
        for (String path : files.keySet()) {
            String parent = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
            String name = path.substring(path.lastIndexOf('/') + 1);
            String primary = stripChecksumSuffix(path);
            if (versionDirs.contains(parent)) {
                if (!expectedInVersionDirs.contains(primary)) {
                    throw failed("Unexpected file " + path + " in the staging repository", null);
                }
            } else if (versionsByGaPath.containsKey(parent) && stripChecksumSuffix(name).equals(MavenMetadata.FILE_NAME)) {
                metadataFiles.computeIfAbsent(parent, k -> new ArrayList<>()).add(path);
            } else {
                throw failed("Unexpected file " + path + " in the staging repository (only version directories and"
                        + " artifact-level maven-metadata.xml are published; Maven plugins are not supported)", null);
            }
        }

        // 3. Four correct checksum files next to every file that needs them.
        for (Map.Entry<String, Checksums.Digests> entry : files.entrySet()) {
            String path = entry.getKey();
            if (!Sidecars.needsChecksums(path.substring(path.lastIndexOf('/') + 1))) {
                continue;
            }
            for (Checksums.Algorithm algorithm : Checksums.Algorithm.values()) {
                String sidecar = path + "." + algorithm.fileExtension();
                if (!files.containsKey(sidecar)) {
                    throw failed("maven-resolver wrote no " + sidecar + " (checksums configured: "
                            + ResolverSupplier.CHECKSUM_ALGORITHMS + ")", null);
                }
                String written;
                try {
                    written = Checksums.readChecksumFile(repository.resolve(sidecar));
                } catch (IOException e) {
                    throw failed("Cannot read " + sidecar + ": " + e.getMessage(), e);
                }
                if (!written.equals(entry.getValue().get(algorithm))) {
                    throw failed("Checksum file " + sidecar + " says " + written + " but the "
                            + algorithm.jcaName() + " of " + path + " is " + entry.getValue().get(algorithm), null);
                }
            }
        }

        // 4. Metadata of each GA: its ids, the new versions, and every version it listed before.
        for (Map.Entry<String, SortedSet<String>> entry : versionsByGaPath.entrySet()) {
            String gaPath = entry.getKey();
            String xmlPath = gaPath + "/" + MavenMetadata.FILE_NAME;
            MavenMetadata staged;
            try {
                staged = MavenMetadata.read(repository.resolve(xmlPath));
            } catch (IOException e) {
                throw failed("No readable " + xmlPath + " was staged: " + e.getMessage(), e);
            }
            String expectedGroup = artifacts.stream()
                    .filter(a -> a.coordinates().groupArtifactPath().equals(gaPath))
                    .findFirst()
                    .orElseThrow()
                    .groupId();
            if (!expectedGroup.equals(staged.groupId()) || !gaPath.endsWith("/" + staged.artifactId())) {
                throw failed(xmlPath + " names " + staged.groupId() + ":" + staged.artifactId(), null);
            }
            Set<String> expected = new TreeSet<>(entry.getValue());
            expected.addAll(seededMetadata.get(gaPath).versions());
            if (!staged.versions().containsAll(expected)) {
                Set<String> missing = new TreeSet<>(expected);
                missing.removeAll(staged.versions());
                throw failed(xmlPath + " does not list version(s) " + missing, null);
            }
        }
        metadataFiles.replaceAll((ga, list) -> list.stream()
                .sorted((a, b) -> Boolean.compare(a.endsWith(MavenMetadata.FILE_NAME), b.endsWith(MavenMetadata.FILE_NAME)))
                .toList());
        return new StagedRelease(repository, seeds, files, versionsByGaPath, metadataFiles);
    }

    /** {@code maven-metadata.xml} and its checksum files. */
    static List<String> metadataFileNames(String xmlPath) {
        List<String> names = new ArrayList<>();
        names.add(xmlPath);
        for (Checksums.Algorithm algorithm : Checksums.Algorithm.values()) {
            names.add(xmlPath + "." + algorithm.fileExtension());
        }
        return names;
    }

    private static String stripChecksumSuffix(String path) {
        for (Checksums.Algorithm algorithm : Checksums.Algorithm.values()) {
            String suffix = "." + algorithm.fileExtension();
            if (path.endsWith(suffix)) {
                return path.substring(0, path.length() - suffix.length());
            }
        }
        return path;
    }

    static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }

    private static PublishException failed(String message, Throwable cause) {
        return new PublishException(
                PublishException.Reason.STAGING_VERIFICATION_FAILED,
                message,
                "The target repository is unchanged. This points at a bug or a disk problem, not at the release:"
                        + " rerun the publish; if it fails again, report it with this message.",
                cause);
    }
}
