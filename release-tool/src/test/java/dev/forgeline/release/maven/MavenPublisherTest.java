package dev.forgeline.release.maven;

import dev.forgeline.release.common.Checksums;

import static dev.forgeline.release.maven.Fixtures.GROUP;
import static dev.forgeline.release.maven.Fixtures.hex;
import static dev.forgeline.release.maven.Fixtures.jarRelease;
import static dev.forgeline.release.maven.Fixtures.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MavenPublisherTest {

    private static final String GA_PATH = "dev/forgeline/test/core";

    @TempDir
    Path work;

    private Path repo() {
        return work.resolve("site").resolve("repo");
    }

    private PublishResult publish(List<PublishedArtifact> artifacts) throws IOException {
        Files.createDirectories(repo().getParent());
        return new MavenPublisher().publish(PublishRequest.toDirectory(repo(), artifacts));
    }

    @Test
    void publish_jarPomAndClassifierJar_writesLayoutAndEveryChecksum() throws Exception {
        Files.createDirectories(repo());
        List<PublishedArtifact> release = jarRelease(work, "core", "1.0.0", "linux-x86_64");

        PublishResult result = publish(release);

        String dir = GA_PATH + "/1.0.0/";
        Set<String> expected = new TreeSet<>();
        for (String primary : List.of("core-1.0.0.pom", "core-1.0.0.jar", "core-1.0.0-linux-x86_64.jar")) {
            expected.add(dir + primary);
            for (String ext : List.of("md5", "sha1", "sha256", "sha512")) {
                expected.add(dir + primary + "." + ext);
            }
        }
        expected.add(GA_PATH + "/maven-metadata.xml");
        for (String ext : List.of("md5", "sha1", "sha256", "sha512")) {
            expected.add(GA_PATH + "/maven-metadata.xml." + ext);
        }
        Set<String> files = tree(repo()).entrySet().stream()
                .filter(e -> !e.getValue().equals("<dir>"))
                .map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, files);

        // Artifacts byte-identical to their sources.
        for (PublishedArtifact artifact : release) {
            assertEquals(-1L, Files.mismatch(artifact.file(), repo().resolve(artifact.coordinates().repositoryPath())),
                    artifact.coordinates().toString());
        }
        // Every checksum file, recomputed independently with MessageDigest.
        Map<String, String> algorithms = Map.of("md5", "MD5", "sha1", "SHA-1", "sha256", "SHA-256", "sha512", "SHA-512");
        for (String file : files) {
            String ext = file.substring(file.lastIndexOf('.') + 1);
            if (!algorithms.containsKey(ext)) {
                continue;
            }
            byte[] content = Files.readAllBytes(repo().resolve(file.substring(0, file.lastIndexOf('.'))));
            String written = Files.readString(repo().resolve(file), StandardCharsets.US_ASCII).trim();
            assertEquals(hex(algorithms.get(ext), content), written, file);
        }
        // The result lists every file written, with size and sha256.
        assertEquals(expected, result.published().stream().map(PublishResult.PublishedFile::path)
                .collect(Collectors.toCollection(TreeSet::new)));
        for (PublishResult.PublishedFile published : result.published()) {
            byte[] content = Files.readAllBytes(repo().resolve(published.path()));
            assertEquals(content.length, published.size(), published.path());
            assertEquals(hex("SHA-256", content), published.sha256(), published.path());
        }
        assertTrue(result.skipped().isEmpty());
        assertEquals(repo().toUri(), result.repository());
    }

    @Test
    void publish_classifierJar_sha256FileMatchesSha256sumCommand() throws Exception {
        assumeTrue(commandExists("sha256sum") || "true".equals(System.getenv("CI")), "sha256sum not installed");
        publish(jarRelease(work, "core", "1.0.0", "linux-x86_64"));
        Path jar = repo().resolve(GA_PATH + "/1.0.0/core-1.0.0-linux-x86_64.jar");

        Process process = new ProcessBuilder("sha256sum", jar.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);

        assertEquals(output.split("\\s+")[0], Files.readString(jar.resolveSibling(jar.getFileName() + ".sha256")).trim());
    }

    @Test
    void publish_twoVersions_metadataListsBothWithLatestRelease() throws Exception {
        publish(jarRelease(work, "core", "1.0.0"));
        publish(jarRelease(work, "core", "1.1.0"));

        MavenMetadata metadata = MavenMetadata.read(repo().resolve(GA_PATH + "/maven-metadata.xml"));
        assertEquals(GROUP, metadata.groupId());
        assertEquals("core", metadata.artifactId());
        assertEquals(Set.of("1.0.0", "1.1.0"), metadata.versions());
        String xml = Files.readString(repo().resolve(GA_PATH + "/maven-metadata.xml"));
        assertTrue(xml.contains("<release>1.1.0</release>"), xml);
        assertEquals(hex("SHA-1", xml.getBytes(StandardCharsets.UTF_8)),
                Files.readString(repo().resolve(GA_PATH + "/maven-metadata.xml.sha1")).trim());
    }

    @Test
    void publish_twoVersionsInOneRequest_publishesBoth() throws Exception {
        List<PublishedArtifact> both = new ArrayList<>(jarRelease(work, "core", "2.0.0"));
        both.addAll(jarRelease(work, "core", "2.0.1"));
        both.addAll(jarRelease(work, "other", "2.0.1"));

        PublishResult result = publish(both);

        assertEquals(Set.of("2.0.0", "2.0.1"),
                MavenMetadata.read(repo().resolve(GA_PATH + "/maven-metadata.xml")).versions());
        assertEquals(Set.of("2.0.1"),
                MavenMetadata.read(repo().resolve("dev/forgeline/test/other/maven-metadata.xml")).versions());
        assertEquals(3 * 2 * 5 + 2 * 5, result.published().size());
    }

    @Test
    void publish_versionAlreadyPublishedIdentical_skips() throws Exception {
        List<PublishedArtifact> release = jarRelease(work, "core", "1.0.0", "linux-x86_64");
        publish(release);
        SortedMap<String, String> before = tree(repo());

        PublishResult again = publish(release);

        assertTrue(again.nothingPublished(), again.published().toString());
        assertEquals(List.of(
                        new PublishResult.Skipped(GA_PATH + "/1.0.0", "already published, identical"),
                        new PublishResult.Skipped(GA_PATH + "/maven-metadata.xml", MavenPublisher.METADATA_UP_TO_DATE)),
                again.skipped());
        assertEquals(before, tree(repo()), "an identical republish must not touch even the metadata");
    }

    @Test
    void publish_identicalVersionPlusNewVersion_skipsOneAndPublishesOther() throws Exception {
        List<PublishedArtifact> first = jarRelease(work, "core", "1.0.0");
        publish(first);
        List<PublishedArtifact> request = new ArrayList<>(first);
        request.addAll(jarRelease(work, "core", "1.0.1"));

        PublishResult result = publish(request);

        assertEquals(List.of(new PublishResult.Skipped(GA_PATH + "/1.0.0", MavenPublisher.ALREADY_PUBLISHED_IDENTICAL)),
                result.skipped());
        assertTrue(result.published().stream().allMatch(f -> f.path().startsWith(GA_PATH + "/1.0.1/")
                || f.path().startsWith(GA_PATH + "/maven-metadata.xml")), result.published().toString());
        assertEquals(Set.of("1.0.0", "1.0.1"),
                MavenMetadata.read(repo().resolve(GA_PATH + "/maven-metadata.xml")).versions());
    }

    @Test
    void publish_versionAlreadyPublishedDifferent_rejectedAndRepositoryUnchanged() throws Exception {
        publish(jarRelease(work, "core", "1.0.0", "linux-x86_64"));
        SortedMap<String, String> before = tree(repo());
        // Same version, one classifier jar rebuilt with other bytes; plus a new version that must not land either.
        List<PublishedArtifact> changed = new ArrayList<>(jarRelease(work, "core", "1.0.0", "linux-x86_64"));
        PublishedArtifact classifierJar = changed.get(2);
        Files.write(classifierJar.file(), Fixtures.bytes(99, 1000));
        changed.addAll(jarRelease(work, "core", "1.0.1"));

        PublishException e = assertThrows(PublishException.class, () -> publish(changed));

        assertEquals(PublishException.Reason.VERSION_CONFLICT, e.reason());
        assertTrue(e.getMessage().startsWith("version 1.0.0 of dev.forgeline.test:core is already published with"
                + " different content: file core-1.0.0-linux-x86_64.jar"), e.getMessage());
        assertTrue(e.hint().contains("immutable"), e.hint());
        assertEquals(before, tree(repo()));
        assertEquals(List.of("repo"), Fixtures.names(repo().getParent()), "staging directory left behind");
    }

    @Test
    void publish_versionPublishedWithExtraFile_rejectedNamingIt() throws Exception {
        List<PublishedArtifact> release = jarRelease(work, "core", "1.0.0", "linux-x86_64");
        publish(release);
        SortedMap<String, String> before = tree(repo());

        PublishException e = assertThrows(PublishException.class, () -> publish(release.subList(0, 2)));

        assertEquals(PublishException.Reason.VERSION_CONFLICT, e.reason());
        assertTrue(e.getMessage().contains("file core-1.0.0-linux-x86_64.jar"), e.getMessage());
        assertEquals(before, tree(repo()));
    }

    @Test
    void publish_failureWhileMovingSecondVersion_leavesRepositoryExactlyAsItWas() throws Exception {
        publish(jarRelease(work, "core", "0.9.0"));
        SortedMap<String, String> before = tree(repo());
        List<PublishedArtifact> request = new ArrayList<>(jarRelease(work, "core", "1.0.0", "linux-x86_64"));
        request.addAll(jarRelease(work, "fresh", "1.0.0"));
        List<String> moved = new ArrayList<>();
        MavenPublisher failing = new MavenPublisher(path -> {
            moved.add(path);
            if (path.equals("dev/forgeline/test/fresh/1.0.0")) {
                throw new IOException("injected: disk full");
            }
        });

        PublishException e = assertThrows(PublishException.class,
                () -> failing.publish(PublishRequest.toDirectory(repo(), request)));

        assertEquals(List.of(GA_PATH + "/1.0.0", "dev/forgeline/test/fresh/1.0.0"), moved,
                "the first version directory was moved before the failure");
        assertEquals(PublishException.Reason.PROMOTION_FAILED, e.reason());
        assertTrue(e.getMessage().contains("injected: disk full"), e.getMessage());
        assertTrue(e.getMessage().contains("repository is unchanged"), e.getMessage());
        assertEquals(before, tree(repo()));
        assertEquals(List.of("repo"), Fixtures.names(repo().getParent()), "staging directory left behind");
    }

    @Test
    void publish_failureBetweenMetadataFiles_leavesRepositoryExactlyAsItWas() throws Exception {
        publish(jarRelease(work, "core", "0.9.0"));
        SortedMap<String, String> before = tree(repo());
        AtomicInteger metadataMoves = new AtomicInteger();
        MavenPublisher failing = new MavenPublisher(path -> {
            // Fail on the third metadata file: two checksum files of maven-metadata.xml are already replaced.
            if (path.contains("maven-metadata.xml") && metadataMoves.incrementAndGet() == 3) {
                throw new IOException("injected: lost mount");
            }
        });

        PublishException e = assertThrows(PublishException.class,
                () -> failing.publish(PublishRequest.toDirectory(repo(), jarRelease(work, "core", "1.0.0"))));

        assertEquals(PublishException.Reason.PROMOTION_FAILED, e.reason());
        assertEquals(3, metadataMoves.get());
        assertEquals(before, tree(repo()));
        assertEquals(List.of("repo"), Fixtures.names(repo().getParent()));
    }

    @Test
    void publish_existingMetadataChecksumWrong_rejectedAndRepositoryUnchanged() throws Exception {
        publish(jarRelease(work, "core", "1.0.0"));
        for (String ext : List.of("md5", "sha1", "sha256", "sha512")) {
            Path sidecar = repo().resolve(GA_PATH + "/maven-metadata.xml." + ext);
            Files.writeString(sidecar, "0".repeat(Files.readString(sidecar).trim().length()));
        }
        SortedMap<String, String> before = tree(repo());

        PublishException e = assertThrows(PublishException.class, () -> publish(jarRelease(work, "core", "1.1.0")));

        assertEquals(PublishException.Reason.TARGET_METADATA_INVALID, e.reason());
        assertTrue(e.getMessage().contains(GA_PATH + "/maven-metadata.xml does not match its .md5 file"),
                e.getMessage());
        assertEquals(before, tree(repo()));
        assertEquals(List.of("repo"), Fixtures.names(repo().getParent()));
    }

    @Test
    void publish_metadataChangedByAnotherPublishMeanwhile_rolledBackNotOverwritten() throws Exception {
        publish(jarRelease(work, "core", "1.0.0"));
        Path metadata = repo().resolve(GA_PATH + "/maven-metadata.xml");
        String concurrent = Files.readString(metadata).replace("<version>1.0.0</version>",
                "<version>1.0.0</version><version>1.0.5</version>");
        MavenPublisher racing = new MavenPublisher(path -> {
            if (path.equals(GA_PATH + "/1.1.0")) {
                Files.writeString(metadata, concurrent);
            }
        });

        PublishException e = assertThrows(PublishException.class,
                () -> racing.publish(PublishRequest.toDirectory(repo(), jarRelease(work, "core", "1.1.0"))));

        assertEquals(PublishException.Reason.PROMOTION_FAILED, e.reason());
        assertTrue(e.getMessage().contains("changed while this publish was running"), e.getMessage());
        assertEquals(concurrent, Files.readString(metadata), "the other publish's metadata must survive");
        assertFalse(Files.exists(repo().resolve(GA_PATH + "/1.1.0")));
    }

    @Test
    void publish_failureIntoNewRepository_leavesNoDirectoryBehind() throws Exception {
        Files.createDirectories(repo().getParent());
        MavenPublisher failing = new MavenPublisher(path -> {
            if (path.endsWith("maven-metadata.xml")) {
                throw new IOException("injected");
            }
        });

        assertThrows(PublishException.class,
                () -> failing.publish(PublishRequest.toDirectory(repo(), jarRelease(work, "core", "1.0.0"))));

        assertEquals(List.of(), Fixtures.names(repo().getParent()));
    }

    @Test
    void publish_metadataLostAfterVersionMoved_rerunRestoresMetadata() throws Exception {
        // As if an earlier run died between the version directory and the metadata.
        List<PublishedArtifact> release = jarRelease(work, "core", "1.0.0");
        publish(release);
        for (String suffix : List.of("", ".md5", ".sha1", ".sha256", ".sha512")) {
            Files.delete(repo().resolve(GA_PATH + "/maven-metadata.xml" + suffix));
        }

        PublishResult rerun = publish(release);

        assertEquals(List.of(new PublishResult.Skipped(GA_PATH + "/1.0.0", MavenPublisher.ALREADY_PUBLISHED_IDENTICAL)),
                rerun.skipped());
        assertEquals(Set.of("1.0.0"), MavenMetadata.read(repo().resolve(GA_PATH + "/maven-metadata.xml")).versions());
        assertEquals(5, rerun.published().size());
    }

    @Test
    void publish_unsupportedScheme_rejectedWithSupportedSchemes() throws Exception {
        List<PublishedArtifact> release = jarRelease(work, "core", "1.0.0");
        for (String url : List.of("sftp://host/repo", "s3://bucket/x")) {
            PublishException e = assertThrows(PublishException.class,
                    () -> new MavenPublisher().publish(new PublishRequest(URI.create(url), release)));
            assertEquals(PublishException.Reason.UNSUPPORTED_REPOSITORY, e.reason(), url);
            String scheme = url.substring(0, url.indexOf(':'));
            assertTrue(e.getMessage().contains("'" + scheme + "' is not supported (supported: file, http, https)"), e.getMessage());
            assertTrue(e.hint().contains("file:") && e.hint().contains("--central"), e.hint());
        }
    }

    @Test
    void publish_fileUrlWithHost_rejected() throws Exception {
        PublishException e = assertThrows(PublishException.class, () -> new MavenPublisher()
                .publish(new PublishRequest(URI.create("file://server/share/repo"), jarRelease(work, "core", "1.0.0"))));
        assertEquals(PublishException.Reason.UNSUPPORTED_REPOSITORY, e.reason());
    }

    @Test
    void publish_repositoryParentMissing_rejected() throws Exception {
        Path deep = work.resolve("no/such/dir/repo");
        PublishException e = assertThrows(PublishException.class, () -> new MavenPublisher()
                .publish(PublishRequest.toDirectory(deep, jarRelease(work, "core", "1.0.0"))));
        assertEquals(PublishException.Reason.INVALID_REQUEST, e.reason());
        assertTrue(e.getMessage().contains(deep.getParent().toString()), e.getMessage());
        assertFalse(Files.exists(work.resolve("no")));
    }

    @Test
    void publish_missingFile_rejectedBeforeStaging() throws Exception {
        List<PublishedArtifact> release = new ArrayList<>(jarRelease(work, "core", "1.0.0"));
        release.add(new PublishedArtifact(GROUP, "core", "1.0.0", "osx-aarch_64", "jar", work.resolve("nope.jar")));

        PublishException e = assertThrows(PublishException.class, () -> publish(release));

        assertEquals(PublishException.Reason.INVALID_REQUEST, e.reason());
        assertTrue(e.getMessage().contains("core:1.0.0:osx-aarch_64") && e.getMessage().contains("nope.jar"),
                e.getMessage());
        assertFalse(Files.exists(repo()));
    }

    @Test
    void publish_fileChangedSinceRecordedDigest_rejectedBeforeAnythingMoves() throws Exception {
        List<PublishedArtifact> release = new ArrayList<>();
        for (PublishedArtifact artifact : jarRelease(work, "core", "1.0.0", "linux-x86_64")) {
            release.add(artifact.withExpectedSha256(Checksums.sha256(artifact.file()).toUpperCase()));
        }
        Files.write(release.get(2).file(), Fixtures.bytes(7, 10));

        PublishException e = assertThrows(PublishException.class, () -> publish(release));

        assertEquals(PublishException.Reason.DIGEST_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("core:1.0.0:linux-x86_64"), e.getMessage());
        assertFalse(Files.exists(repo()));
    }

    @Test
    void publish_filesMatchingRecordedDigests_published() throws Exception {
        List<PublishedArtifact> release = new ArrayList<>();
        for (PublishedArtifact artifact : jarRelease(work, "core", "1.0.0")) {
            release.add(artifact.withExpectedSha256(Checksums.sha256(artifact.file())));
        }
        assertEquals(15, publish(release).published().size());
    }

    @Test
    void publish_snapshotVersion_rejected() throws Exception {
        PublishException e = assertThrows(PublishException.class, () -> publish(jarRelease(work, "core", "1.0-SNAPSHOT")));
        assertEquals(PublishException.Reason.INVALID_REQUEST, e.reason());
        assertTrue(e.getMessage().contains("SNAPSHOT"), e.getMessage());
    }

    @Test
    void publish_versionWithoutPom_rejected() throws Exception {
        List<PublishedArtifact> release = jarRelease(work, "core", "1.0.0");
        PublishException e = assertThrows(PublishException.class, () -> publish(release.subList(1, 2)));
        assertEquals(PublishException.Reason.INVALID_REQUEST, e.reason());
        assertTrue(e.getMessage().contains("dev.forgeline.test:core:1.0.0 has no pom"), e.getMessage());
    }

    @Test
    void publish_signatureFile_publishedWithoutChecksumFiles() throws Exception {
        List<PublishedArtifact> release = new ArrayList<>(jarRelease(work, "core", "1.0.0"));
        Path asc = Fixtures.write(work, "core.jar.asc", "-----BEGIN PGP SIGNATURE-----\n...\n");
        release.add(new PublishedArtifact(GROUP, "core", "1.0.0", null, "jar.asc", asc));

        publish(release);

        Path published = repo().resolve(GA_PATH + "/1.0.0/core-1.0.0.jar.asc");
        assertEquals(-1L, Files.mismatch(asc, published));
        assertFalse(Files.exists(published.resolveSibling("core-1.0.0.jar.asc.sha1")));
    }

    @Test
    void publish_artifactThatIsAChecksumFile_rejected() throws Exception {
        List<PublishedArtifact> release = new ArrayList<>(jarRelease(work, "core", "1.0.0"));
        release.add(new PublishedArtifact(GROUP, "core", "1.0.0", null, "jar.sha1", Fixtures.write(work, "x.sha1", "0")));
        PublishException e = assertThrows(PublishException.class, () -> publish(release));
        assertEquals(PublishException.Reason.INVALID_REQUEST, e.reason());
    }

    private static boolean commandExists(String command) {
        try {
            Process p = new ProcessBuilder(command, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
