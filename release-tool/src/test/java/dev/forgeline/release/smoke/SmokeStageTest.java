package dev.forgeline.release.smoke;

import dev.forgeline.release.manifest.TargetId;
import dev.forgeline.release.stage.StageContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.io.ReproducibleJar;
import dev.forgeline.release.config.ReleaseConfig;
import dev.forgeline.release.config.ReleaseConfigLoader;
import dev.forgeline.release.manifest.ManifestMerge;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.maven.CredentialsSource;
import dev.forgeline.release.maven.MavenPublisher;
import dev.forgeline.release.maven.PublishOptions;
import dev.forgeline.release.maven.PublishRequest;
import dev.forgeline.release.maven.RepositoryAccess;
import dev.forgeline.release.maven.RepositoryCredentials;
import dev.forgeline.release.testing.CliRun;
import dev.forgeline.release.testing.NginxMavenRepository;
import dev.forgeline.release.testing.JarContents;
import dev.forgeline.release.testing.TestProjects;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The smoke stage stops a release whose platform jar does not hold what it claims. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmokeStageTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
    private static final StageContext CONTEXT = StageContext.of(System.getenv(), QUIET);

    private Path temp;
    private ReleaseConfig config;
    private Path built;

    @BeforeAll
    void buildSampleOnce(@TempDir Path dir) {
        temp = dir;
        Path project;
        try {
            project = TestProjects.copySampleProject(temp);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        built = temp.resolve("built");
        CliRun run = CliRun.of("build", "--config", project.resolve("release.yaml").toString(), "--target", "linux-x86_64",
                "--out", built.toString());
        assertEquals(0, run.exitCode(), run.err());
        config = new ReleaseConfigLoader().loadFromProject(project);
    }

    private Path copyOfBuild(String name) throws Exception {
        Path copy = temp.resolve(name);
        TestProjects.copyTree(built, copy);
        return copy;
    }

    @Test
    void run_intactBuild_recordsAPassOnTheHost() throws Exception {
        Path dir = copyOfBuild("intact");
        ReleaseManifest result = new SmokeStage(SmokeSubject.of(config), dir, target -> List.of(HostJvm.current())).run(CONTEXT).manifest();
        assertEquals(ReleaseManifest.Smoke.SmokeStatus.passed, result.target(TargetId.of("linux-x86_64")).smoke().status());
        assertEquals(result, ManifestStore.read(dir), "the results are written to the manifest");
    }

    @Test
    void run_platformJarWhoseLibraryDoesNotMatchItsManifest_failsNamingTheDigests() throws Exception {
        Path dir = copyOfBuild("corrupt");
        corruptLibraryInPlatformJar(dir);

        ForgelineException e = assertThrows(ForgelineException.class,
                () -> new SmokeStage(SmokeSubject.of(config), dir, target -> List.of(HostJvm.current())).run(CONTEXT));
        assertEquals(ExitCode.CHECK_FAILED, e.exitCode());
        assertTrue(e.getMessage().contains("linux-x86_64: sha256 (library "), e.getMessage());
        assertTrue(e.getMessage().contains("jar manifest says"), e.getMessage());
        ReleaseManifest.Smoke smoke = ManifestStore.read(dir).target(TargetId.of("linux-x86_64")).smoke();
        assertEquals(ReleaseManifest.Smoke.SmokeStatus.failed, smoke.status(), "the failure is recorded");
    }

    @Test
    void run_resultsInto_writesTheTestedTargetsAlone_andLeavesTheReleaseAsItWas() throws Exception {
        Path dir = copyOfBuild("runner-copy");
        Map<String, String> before = tree(dir);
        Path results = temp.resolve("smoke-linux-x86_64");

        ReleaseManifest recorded = new SmokeStage(SmokeSubject.of(config), dir, target -> List.of(HostJvm.current()))
                .resultsInto(results).run(CONTEXT).manifest();

        assertEquals(before, tree(dir), "the release directory is untouched");
        ReleaseManifest written = ManifestStore.read(results);
        assertEquals(Set.of(TargetId.of("linux-x86_64")), written.targets().keySet(), "the tested target alone");
        assertEquals(List.of(), written.artifacts(), "no artifacts: the results carry nothing else into the release");
        assertEquals(recorded.target(TargetId.of("linux-x86_64")), written.target(TargetId.of("linux-x86_64")));
        assertEquals(ReleaseManifest.Smoke.SmokeStatus.passed, written.target(TargetId.of("linux-x86_64")).smoke().status());
        assertEquals(Set.of(ReleaseManifest.FILE_NAME), tree(results).keySet(), "no scratch files left behind");

        ReleaseManifest merged = ManifestMerge.merge(List.of(new ManifestMerge.Input(dir.toString(), ManifestStore.read(dir)),
                new ManifestMerge.Input(results.toString(), written)));
        assertEquals(written.target(TargetId.of("linux-x86_64")).smoke(), merged.target(TargetId.of("linux-x86_64")).smoke());
        assertEquals(ManifestStore.read(dir).artifacts(), merged.artifacts());
    }

    @Test
    void run_resultsInto_aFailureIsWrittenThereBeforeTheStageFails() throws Exception {
        Path dir = copyOfBuild("runner-corrupt");
        corruptLibraryInPlatformJar(dir);
        Map<String, String> before = tree(dir);
        Path results = temp.resolve("smoke-corrupt");

        ForgelineException e = assertThrows(ForgelineException.class,
                () -> new SmokeStage(SmokeSubject.of(config), dir, target -> List.of(HostJvm.current())).resultsInto(results).run(CONTEXT));

        assertEquals(ExitCode.CHECK_FAILED, e.exitCode());
        assertTrue(e.hint().contains(results.resolve(ReleaseManifest.FILE_NAME).toString()), e.hint());
        assertEquals(before, tree(dir));
        assertEquals(ReleaseManifest.Smoke.SmokeStatus.failed,
                ManifestStore.read(results).target(TargetId.of("linux-x86_64")).smoke().status());
    }

    @Test
    void resultsInto_theReleaseDirectoryItself_isBadUsage() throws Exception {
        Path dir = copyOfBuild("same-dir");
        ForgelineException e = assertThrows(ForgelineException.class,
                () -> new SmokeStage(SmokeSubject.of(config), dir, target -> List.of(HostJvm.current())).resultsInto(dir.resolve(".")));
        assertEquals(ExitCode.USAGE, e.exitCode());
    }

    @Test
    void run_noJvmForATarget_saysWhereToRunIt() throws Exception {
        Path dir = copyOfBuild("no-runner");
        ForgelineException e = assertThrows(ForgelineException.class,
                () -> new SmokeStage(SmokeSubject.of(config), dir, target -> List.of()).run(CONTEXT));
        assertEquals(ExitCode.TOOLCHAIN_MISSING, e.exitCode());
        assertTrue(e.hint().contains("forgeline smoke --target linux-x86_64"), e.hint());
    }

    @Test
    void run_onlyATargetThatWasNotBuilt_isBadUsage_andTestsNothing() throws Exception {
        Path dir = copyOfBuild("not-built");
        String before = Files.readString(dir.resolve(ReleaseManifest.FILE_NAME));
        ForgelineException e = assertThrows(ForgelineException.class,
                () -> new SmokeStage(SmokeSubject.of(config), dir, target -> List.of(HostJvm.current()))
                        .onlyTargets(Set.of("linux-aarch_64")).run(CONTEXT));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("cannot smoke-test linux-aarch_64"), e.getMessage());
        assertTrue(e.hint().contains("built: linux-x86_64"), e.hint());
        assertEquals(before, Files.readString(dir.resolve(ReleaseManifest.FILE_NAME)), "nothing recorded");
    }

    @Test
    void run_fromAStagingRepositoryThatNeedsALoginForReads_resolvesWithTheCredentialsOfTheEnvironment()
            throws Exception {
        Path dir = copyOfBuild("login-for-reads");
        String user = "reader";
        String password = "pw-" + Long.toHexString(new java.security.SecureRandom().nextLong());
        Map<String, String> login = Map.of(CredentialsSource.USERNAME_ENV, user, CredentialsSource.PASSWORD_ENV, password);
        try (NginxMavenRepository nginx = NginxMavenRepository.serveWithLoginForReads(temp.resolve("login-served"),
                temp.resolve("login-nginx"), user, password)) {
            new MavenPublisher().publish(new PublishRequest(nginx.url(), dev.forgeline.release.maven.ReleaseFiles
                    .toDeploy(dir, ManifestStore.read(dir))), new PublishOptions(RepositoryAccess.defaults(),
                    RepositoryCredentials.basic(user, password, "test"), null, dev.forgeline.release.common.Jobs.serial()));
            SmokeStage stage = new SmokeStage(SmokeSubject.of(config), dir, target -> List.of(HostJvm.current()))
                    .fromStagingRepository(nginx.url(), CredentialsSource.environment());
            java.io.ByteArrayOutputStream progress = new java.io.ByteArrayOutputStream();

            ForgelineException anonymous = assertThrows(ForgelineException.class, () -> stage.run(CONTEXT));
            ReleaseManifest result = stage.run(new StageContext(login, new PrintStream(progress, true),
                    CONTEXT.jobs())).manifest();

            assertTrue(anonymous.getMessage().contains("401"), anonymous.getMessage());
            assertEquals(ReleaseManifest.Smoke.SmokeStatus.passed,
                    result.target(TargetId.of("linux-x86_64")).smoke().status());
            assertTrue(progress.toString().contains("user 'reader'"), progress.toString());
            assertTrue(!progress.toString().contains(password) && !anonymous.getMessage().contains(password),
                    "no secret in the progress or the error");
        }
    }

    /** Every file under {@code dir} (relative path) with its SHA-256. */
    private static Map<String, String> tree(Path dir) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.toList()) {
                files.put(dir.relativize(file).toString(), Files.isDirectory(file) ? "dir" : Checksums.sha256(file));
            }
        }
        files.remove("");
        return files;
    }

    /**
     * Rebuilds the platform jar with one flipped byte in the library, and records the new jar in the release manifest
     * as a faulty build would: only the smoke test can notice.
     */
    private static void corruptLibraryInPlatformJar(Path dir) throws Exception {
        Path jar = dir.resolve("artifacts/sample-native-2.3.4-linux-x86_64.jar");
        String lib = "META-INF/native/linux-x86_64/libsample_core.so";
        byte[] library = JarContents.read(jar, lib);
        library[library.length / 3] ^= 0x20;
        ReproducibleJar rebuilt = new ReproducibleJar(0);
        for (String name : JarContents.names(jar)) {
            if (!name.endsWith("/")) {
                rebuilt.add(name, name.equals(lib) ? library : JarContents.read(jar, name));
            }
        }
        rebuilt.writeTo(jar);
        ReleaseManifest manifest = ManifestStore.read(dir);
        List<ReleaseManifest.ArtifactRecord> artifacts = new ArrayList<>();
        for (ReleaseManifest.ArtifactRecord a : manifest.artifacts()) {
            artifacts.add(a.file().endsWith("linux-x86_64.jar")
                    ? new ReleaseManifest.ArtifactRecord(a.groupId(), a.artifactId(), a.version(), a.classifier(), a.extension(),
                            a.target(), a.file(), Files.size(jar), Checksums.sha256(jar))
                    : a);
        }
        ManifestStore.write(dir, new ReleaseManifest(manifest.formatVersion(), manifest.project(), manifest.source(),
                manifest.targets(), artifacts));
    }
}
