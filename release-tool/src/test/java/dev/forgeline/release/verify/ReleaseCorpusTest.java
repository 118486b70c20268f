package dev.forgeline.release.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.common.Jobs;
import dev.forgeline.release.common.ReleaseIndex;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.manifest.ReleaseManifest.ArtifactRecord;
import dev.forgeline.release.sign.ReleaseIndexWriter;
import dev.forgeline.release.testing.Artifacts;
import dev.forgeline.release.testing.CliRun;
import dev.forgeline.release.testing.TestKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The release corpus: a signed release directory (three artifacts, a manifest, a signed index), changed one way per
 * case as a hostile mirror or a tampered download would; each case asserts every failed row and its reasons.
 * Path confinement, name substitution, missing and extra files, the index itself, a downgrade.
 */
class ReleaseCorpusTest {
    static final String G = "dev.forgeline";
    static final String V = "0.2.0";
    static final String JAR = "artifacts/native-core-0.2.0-linux-x86_64.jar";
    static final String CORE_POM = "artifacts/native-core-0.2.0.pom";
    static final String GATEWAY_POM = "artifacts/gateway-0.2.0.pom";

    @TempDir
    Path temp;

    /** A change to the release in {@code dir}; {@code outside} is a scratch directory next to it. */
    interface Change {
        void apply(Path dir, Path outside) throws Exception;
    }

    record Case(Change change, boolean requireIndex, Map<String, List<FailureReason>> expected) {}

    static Stream<Arguments> corpus() {
        return Stream.of(
                c("manifest path with '..' to a correctly signed jar outside", (dir, out) -> {
                    Path elsewhere = signedCopy(dir.resolve(JAR), out.resolve("elsewhere/x.jar"));
                    CorpusFiles.flipByte(dir.resolve(JAR)); // DIR's own file changed and unsigned
                    Files.delete(Artifacts.sibling(dir.resolve(JAR), ".asc"));
                    assertTrue(Files.isRegularFile(dir.resolve("../outside/elsewhere/x.jar").normalize()), elsewhere.toString());
                    editRecord(dir, JAR, r -> r.withFile("../outside/elsewhere/x.jar"));
                }, false, Map.of("x.jar", List.of(FailureReason.PATH_TRAVERSAL))),
                c("manifest path absolute, to a correctly signed jar outside", (dir, out) -> {
                    Path elsewhere = signedCopy(dir.resolve(JAR), out.resolve("x.jar"));
                    editRecord(dir, JAR, r -> r.withFile(elsewhere.toString()));
                }, false, Map.of("x.jar", List.of(FailureReason.PATH_ABSOLUTE))),
                c("manifest path through a directory link leading outside", (dir, out) -> {
                    signedCopy(dir.resolve(JAR), out.resolve("x.jar"));
                    Files.createSymbolicLink(dir.resolve("linked"), out);
                    editRecord(dir, JAR, r -> r.withFile("linked/x.jar"));
                }, false, Map.of("x.jar", List.of(FailureReason.PATH_SYMLINK_ESCAPE))),
                c("artifact replaced by a link to a signed file outside", (dir, out) -> {
                    Path elsewhere = signedCopy(dir.resolve(JAR), out.resolve("x.jar"));
                    Files.delete(dir.resolve(JAR));
                    Files.createSymbolicLink(dir.resolve(JAR), elsewhere);
                }, false, Map.of("native-core-0.2.0-linux-x86_64.jar", List.of(FailureReason.PATH_SYMLINK_ESCAPE))),
                c("manifest path that is empty", (dir, out) -> editRecord(dir, JAR, r -> r.withFile("")),
                        false, Map.of("", List.of(FailureReason.PATH_INVALID))),
                c("manifest path with an empty segment", (dir, out) -> editRecord(dir, JAR,
                        r -> r.withFile("artifacts//native-core-0.2.0-linux-x86_64.jar")),
                        false, Map.of("native-core-0.2.0-linux-x86_64.jar", List.of(FailureReason.PATH_INVALID))),
                c("a correctly signed native-core POM served as gateway's POM", (dir, out) -> {
                    for (String suffix : List.of("", ".asc", ".sigstore.json", ".md5", ".sha1", ".sha256", ".sha512")) {
                        Files.copy(dir.resolve(CORE_POM + suffix), dir.resolve(GATEWAY_POM + suffix),
                                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                    editRecord(dir, GATEWAY_POM, r -> withSha(r, dir.resolve(CORE_POM)));
                }, false, Map.of("gateway-0.2.0.pom", List.of(FailureReason.INDEX_DIGEST_MISMATCH))),
                c("a signed file the index does not list (extra)", (dir, out) -> {
                    Path extra = Artifacts.signed(Artifacts.create(dir.resolve("artifacts"), "native-core-0.2.0-extra.jar",
                            2048, 9), TestKeys.trusted());
                    addRecord(dir, new ArtifactRecord(G, "native-core", V, "extra", "jar", null,
                            "artifacts/native-core-0.2.0-extra.jar", Files.size(extra), Checksums.sha256(extra)));
                }, false, Map.of("native-core-0.2.0-extra.jar", List.of(FailureReason.INDEX_NOT_LISTED))),
                c("an artifact dropped from the manifest (missing)", (dir, out) -> removeRecord(dir, GATEWAY_POM),
                        false, Map.of("dev/forgeline/gateway/0.2.0/gateway-0.2.0.pom",
                                List.of(FailureReason.INDEX_FILE_MISSING))),
                c("index entry edited to the changed jar's digest", (dir, out) -> {
                    CorpusFiles.flipByte(dir.resolve(JAR));
                    Path index = dir.resolve(ReleaseIndex.FILE_NAME);
                    Files.writeString(index, Files.readString(index).replace(record(dir, JAR).sha256(),
                            Checksums.sha256(dir.resolve(JAR))));
                }, false, Map.of(
                        "native-core-0.2.0-linux-x86_64.jar", List.of(FailureReason.MANIFEST_DIGEST_MISMATCH,
                                FailureReason.MD5_MISMATCH, FailureReason.SHA1_MISMATCH, FailureReason.SHA256_MISMATCH,
                                FailureReason.SHA512_MISMATCH, FailureReason.PGP_SIGNATURE_MISMATCH,
                                FailureReason.SIGSTORE_DIGEST_MISMATCH, FailureReason.INDEX_NOT_VERIFIED),
                        "native-core-0.2.0.pom", List.of(FailureReason.INDEX_NOT_VERIFIED),
                        "gateway-0.2.0.pom", List.of(FailureReason.INDEX_NOT_VERIFIED),
                        ReleaseIndex.FILE_NAME, List.of(FailureReason.PGP_SIGNATURE_MISMATCH,
                                FailureReason.SIGSTORE_DIGEST_MISMATCH))),
                c("index deleted, index required", (dir, out) -> Files.delete(dir.resolve(ReleaseIndex.FILE_NAME)),
                        true, Map.of("native-core-0.2.0-linux-x86_64.jar", List.of(FailureReason.INDEX_MISSING),
                                "native-core-0.2.0.pom", List.of(FailureReason.INDEX_MISSING),
                                "gateway-0.2.0.pom", List.of(FailureReason.INDEX_MISSING))),
                c("1 GiB index (sparse)", (dir, out) -> VerifierCorpusTest.sparse(dir.resolve(ReleaseIndex.FILE_NAME),
                        VerifierCorpusTest.GIB), false, Map.of(
                                "native-core-0.2.0-linux-x86_64.jar", List.of(FailureReason.INDEX_TOO_LARGE),
                                "native-core-0.2.0.pom", List.of(FailureReason.INDEX_TOO_LARGE),
                                "gateway-0.2.0.pom", List.of(FailureReason.INDEX_TOO_LARGE))),
                c("index validly signed but not an index", (dir, out) -> {
                    Path index = dir.resolve(ReleaseIndex.FILE_NAME);
                    Files.writeString(index, "{\"mediaType\":\"application/json\"}");
                    Artifacts.signed(index, TestKeys.trusted());
                }, false, Map.of("native-core-0.2.0-linux-x86_64.jar", List.of(FailureReason.INDEX_MALFORMED),
                        "native-core-0.2.0.pom", List.of(FailureReason.INDEX_MALFORMED),
                        "gateway-0.2.0.pom", List.of(FailureReason.INDEX_MALFORMED))),
                c("downgrade: the older release's signed index presented as this one", (dir, out) -> {
                    ReleaseManifest old = ManifestStore.read(dir);
                    ReleaseManifest older = new ReleaseManifest(old.formatVersion(),
                            new ReleaseManifest.Project(G, "0.1.0"), old.source(), old.targets(), old.artifacts());
                    ReleaseIndexWriter.write(dir, older, TestKeys.trusted().signers());
                }, false, Map.of("native-core-0.2.0-linux-x86_64.jar", List.of(FailureReason.INDEX_VERSION_MISMATCH),
                        "native-core-0.2.0.pom", List.of(FailureReason.INDEX_VERSION_MISMATCH),
                        "gateway-0.2.0.pom", List.of(FailureReason.INDEX_VERSION_MISMATCH))),
                c("downgrade: an older, validly signed jar presented as the new one", (dir, out) -> {
                    Path jar = dir.resolve(JAR);
                    Artifacts.signed(Artifacts.create(dir.resolve("artifacts"), jar.getFileName().toString(), 4096, 77),
                            TestKeys.trusted()); // the 0.1.0 bytes, signed by the same trusted key back then
                    editRecord(dir, JAR, r -> withSha(r, jar));
                }, false, Map.of("native-core-0.2.0-linux-x86_64.jar", List.of(FailureReason.INDEX_DIGEST_MISMATCH))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void verifyRelease_changedRelease_reportsEveryFailedRow(Case c) throws Exception {
        Path dir = release(temp.resolve("release"));
        Path outside = Files.createDirectories(temp.resolve("outside"));
        c.change().apply(dir, outside);

        VerificationPolicy policy = TestKeys.trustedPolicy().requireIndex(c.requireIndex()).build();
        VerificationReport report;
        try (Jobs jobs = Jobs.serial()) {
            report = new Verifier(policy).verifyBatches(List.of(VerificationInputs.releaseBatch(dir)), jobs);
        }

        Map<String, List<FailureReason>> failed = new TreeMap<>();
        report.verdicts().stream().filter(v -> !v.verified()).forEach(v -> failed.put(v.artifact(), v.reasons()));
        assertEquals(new TreeMap<>(c.expected()), failed, report.table());
        assertTrue(!report.verified());
    }

    @Test
    void verifyRelease_intactSignedRelease_bindsEveryName() throws Exception {
        Path dir = release(temp.resolve("release"));
        VerificationReport report;
        try (Jobs jobs = Jobs.serial()) {
            report = new Verifier(TestKeys.trustedPolicy().requireIndex(true).build())
                    .verifyBatches(List.of(VerificationInputs.releaseBatch(dir)), jobs);
        }
        assertTrue(report.verified(), report.table());
        assertEquals(4, report.verdicts().size(), report.table()); // three artifacts and the index
        for (ArtifactVerdict v : report.verdicts().subList(0, 3)) {
            assertEquals(CheckResult.Status.PASSED, v.check(Check.INDEX).orElseThrow().status(), v.toString());
        }
    }

    @Test
    void cli_pathOutsideTheRelease_exitsOneWhilePublishRefusesTheSameManifest() throws Exception {
        Path dir = release(temp.resolve("release"));
        Path elsewhere = signedCopy(dir.resolve(JAR), temp.resolve("outside/x.jar"));
        CorpusFiles.flipByte(dir.resolve(JAR));
        editRecord(dir, JAR, r -> r.withFile("../outside/x.jar"));

        CliRun run = CliRun.of("verify", "--release", dir.toString(), "--pgp-keys", keys("pgp.asc",
                TestKeys.trusted().pgpPublicKeyArmored()).toString(), "--sigstore-keys", keys("sigstore.pem",
                TestKeys.trusted().sigstorePublicKeyPem()).toString(), "--json");

        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("\"PATH_TRAVERSAL\""), run.out());
        assertTrue(Files.exists(elsewhere));
        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.forgeline.release.ForgelineException.class,
                () -> ManifestStore.verifyFiles(dir, ManifestStore.read(dir)));
        assertTrue(e.getMessage().contains("points outside"), e.getMessage());
    }

    @Test
    void cli_oneGibManifest_isRefusedUnread() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("huge"));
        VerifierCorpusTest.sparse(dir.resolve(ReleaseManifest.FILE_NAME), VerifierCorpusTest.GIB);

        CliRun run = CliRun.of("verify", "--release", dir.toString(), "--require", "none");

        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().contains("1073741824 bytes, more than verify reads"), run.err());
    }

    private Path keys(String name, String text) throws IOException {
        return Files.writeString(Files.createDirectories(temp.resolve("trusted")).resolve(name), text);
    }

    /** A signed release: two native-core files and gateway's POM, a manifest, a signed index. */
    static Path release(Path dir) throws IOException {
        Path artifacts = Files.createDirectories(dir.resolve("artifacts"));
        List<ArtifactRecord> records = new ArrayList<>();
        records.add(record(Artifacts.create(artifacts, "native-core-0.2.0-linux-x86_64.jar", 4096, 1), "native-core",
                "linux-x86_64", "jar", JAR));
        records.add(record(Artifacts.create(artifacts, "native-core-0.2.0.pom", 700, 2), "native-core", null, "pom",
                CORE_POM));
        records.add(record(Artifacts.create(artifacts, "gateway-0.2.0.pom", 800, 3), "gateway", null, "pom",
                GATEWAY_POM));
        for (ArtifactRecord r : records) {
            Artifacts.signed(dir.resolve(r.file()), TestKeys.trusted());
        }
        ReleaseManifest manifest = ReleaseManifest.of(new ReleaseManifest.Project(G, V),
                new ReleaseManifest.Source("0123456789abcdef0123456789abcdef01234567", false, 1_700_000_000L),
                new TreeMap<>(), records);
        ManifestStore.write(dir, manifest);
        ReleaseIndexWriter.write(dir, manifest, TestKeys.trusted().signers());
        return dir;
    }

    private static ArtifactRecord record(Path file, String artifactId, String classifier, String extension, String path)
            throws IOException {
        return new ArtifactRecord(G, artifactId, V, classifier, extension, classifier, path, Files.size(file),
                Checksums.sha256(file));
    }

    static ArtifactRecord record(Path dir, String file) {
        return ManifestStore.read(dir).artifacts().stream().filter(a -> a.file().equals(file)).findFirst().orElseThrow();
    }

    private static ArtifactRecord withSha(ArtifactRecord r, Path file) {
        try {
            return new ArtifactRecord(r.groupId(), r.artifactId(), r.version(), r.classifier(), r.extension(),
                    r.target(), r.file(), Files.size(file), Checksums.sha256(file), r.signatures());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void editRecord(Path dir, String file, UnaryOperator<ArtifactRecord> edit) throws IOException {
        ReleaseManifest m = ManifestStore.read(dir);
        ManifestStore.write(dir, m.withArtifacts(m.artifacts().stream()
                .map(a -> a.file().equals(file) ? edit.apply(a) : a).toList()));
    }

    private static void addRecord(Path dir, ArtifactRecord record) throws IOException {
        ReleaseManifest m = ManifestStore.read(dir);
        List<ArtifactRecord> all = new ArrayList<>(m.artifacts());
        all.add(record);
        ManifestStore.write(dir, m.withArtifacts(all));
    }

    private static void removeRecord(Path dir, String file) throws IOException {
        ReleaseManifest m = ManifestStore.read(dir);
        ManifestStore.write(dir, m.withArtifacts(m.artifacts().stream().filter(a -> !a.file().equals(file)).toList()));
    }

    /** A correctly signed copy of {@code file} at {@code target}, as an attacker can make of any published file. */
    static Path signedCopy(Path file, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return Artifacts.signed(target, TestKeys.trusted());
    }

    private static Arguments c(String name, Change change, boolean requireIndex,
            Map<String, List<FailureReason>> expected) {
        return Arguments.of(Named.of(name, new Case(change, requireIndex, expected)));
    }

    /** Small file edits shared with the artifact corpus. */
    static final class CorpusFiles {
        static void flipByte(Path file) throws IOException {
            VerifierCorpusTest.flipByte(file, 10);
        }
    }
}
