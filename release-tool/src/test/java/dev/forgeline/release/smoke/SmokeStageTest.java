package dev.forgeline.release.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.build.ReproducibleJar;
import dev.forgeline.release.config.ReleaseConfig;
import dev.forgeline.release.config.ReleaseConfigLoader;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.maven.Checksums;
import dev.forgeline.release.testing.CliRun;
import dev.forgeline.release.testing.JarContents;
import dev.forgeline.release.testing.TestProjects;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The smoke stage stops a release whose platform jar does not hold what it claims. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmokeStageTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

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
        ReleaseManifest result = new SmokeStage(config, dir, target -> List.of(HostJvm.current()), QUIET).run();
        assertEquals(ReleaseManifest.Smoke.SmokeStatus.passed, result.targets().get("linux-x86_64").smoke().status());
        assertEquals(result, ManifestStore.read(dir), "the results are written to the manifest");
    }

    @Test
    void run_platformJarWhoseLibraryDoesNotMatchItsManifest_failsNamingTheDigests() throws Exception {
        Path dir = copyOfBuild("corrupt");
        Path jar = dir.resolve("artifacts/sample-native-2.3.4-linux-x86_64.jar");
        // Rebuild the jar with one flipped byte in the library, and record the new jar in the release
        // manifest as a faulty build would: only the smoke test can notice.
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

        ForgelineException e = assertThrows(ForgelineException.class,
                () -> new SmokeStage(config, dir, target -> List.of(HostJvm.current()), QUIET).run());
        assertEquals(ExitCode.CHECK_FAILED, e.exitCode());
        assertTrue(e.getMessage().contains("linux-x86_64: sha256 (library "), e.getMessage());
        assertTrue(e.getMessage().contains("jar manifest says"), e.getMessage());
        ReleaseManifest.Smoke smoke = ManifestStore.read(dir).targets().get("linux-x86_64").smoke();
        assertEquals(ReleaseManifest.Smoke.SmokeStatus.failed, smoke.status(), "the failure is recorded");
    }

    @Test
    void run_noJvmForATarget_saysWhereToRunIt() throws Exception {
        Path dir = copyOfBuild("no-runner");
        ForgelineException e = assertThrows(ForgelineException.class,
                () -> new SmokeStage(config, dir, target -> List.of(), QUIET).run());
        assertEquals(ExitCode.TOOLCHAIN_MISSING, e.exitCode());
        assertTrue(e.hint().contains("forgeline smoke --target linux-x86_64"), e.hint());
    }
}
