package dev.forgeline.release.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.testing.TestProjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseConfigLoaderTest {
    @TempDir
    Path temp;

    private Path project() throws IOException {
        return TestProjects.copySampleProject(temp);
    }

    private ReleaseConfig load(String yaml) throws IOException {
        Path project = project();
        Files.writeString(project.resolve("release.yaml"), yaml);
        return new ReleaseConfigLoader().loadFromProject(project);
    }

    private ConfigException loadWith(String yaml) throws IOException {
        Path project = project();
        Files.writeString(project.resolve("release.yaml"), yaml);
        return assertThrows(ConfigException.class, () -> new ReleaseConfigLoader().loadFromProject(project));
    }

    @Test
    void load_sampleProject_readsEveryField() throws IOException {
        Path project = project();
        ReleaseConfig config = new ReleaseConfigLoader().loadFromProject(project);
        assertEquals("org.example.sample", config.groupId(), "groupId comes from the POM");
        assertEquals("2.3.4", config.version());
        assertEquals(project.resolve("crate").toRealPath(), config.nativeCrate().toRealPath());
        assertEquals("sample-native", config.nativeArtifactId());
        assertEquals(List.of("."), config.mavenModules());
        assertEquals(List.of("linux-x86_64", "linux-aarch_64", "osx-aarch_64"), config.targets());
    }

    @Test
    void load_smokeOlderGlibc_defaultsToOnAndCanBeTurnedOff() throws IOException {
        Path project = project();
        assertTrue(new ReleaseConfigLoader().loadFromProject(project).smoke().olderGlibc());
        Files.writeString(project.resolve("release.yaml"), Files.readString(project.resolve("release.yaml"))
                + "smoke:\n  olderGlibc: false\n");
        assertFalse(new ReleaseConfigLoader().loadFromProject(project).smoke().olderGlibc());
    }

    @Test
    void load_smokeOlderGlibcNotABoolean_namesTheField() throws IOException {
        ConfigException e = loadWith("version: 1\nnative:\n  crate: crate\n  artifactId: a\ntargets: [linux-x86_64]\n"
                + "smoke:\n  olderGlibc: sometimes\n");
        assertTrue(e.getMessage().contains("olderGlibc"), e.getMessage());
    }

    @Test
    void load_signingKeyless_readsTheModeTheSigningConfigAndTheTokenFile_relativeToTheFile() throws IOException {
        Path project = project();
        assertFalse(new ReleaseConfigLoader().loadFromProject(project).signing().keyless(), "a local key by default");
        Files.createDirectories(project.resolve("sigstore"));
        Files.writeString(project.resolve("sigstore/signing_config.json"), """
                {"mediaType": "application/vnd.dev.sigstore.signingconfig.v0.2+json",
                 "caUrls": [{"url": "https://fulcio.example", "majorApiVersion": 1}],
                 "rekorTlogUrls": [{"url": "https://rekor.example", "majorApiVersion": 1}]}
                """);
        Files.writeString(project.resolve("release.yaml"), Files.readString(project.resolve("release.yaml"))
                + "signing:\n  mode: keyless\n  signingConfig: sigstore/signing_config.json\n  oidcTokenFile: ci/token\n");
        ReleaseConfig.Signing signing = new ReleaseConfigLoader().loadFromProject(project).signing();
        assertTrue(signing.keyless());
        assertEquals(project.resolve("sigstore/signing_config.json").toRealPath(), signing.signingConfig().toRealPath());
        assertEquals(project.toAbsolutePath().normalize().resolve("ci/token"), signing.oidcTokenFile(),
                "the CI job writes the token file: it need not exist when release.yaml is read");
    }

    @Test
    void load_signingSectionWrong_namesTheFieldLineAndTheFix() throws IOException {
        String base = "version: 1\nnative:\n  crate: crate\n  artifactId: sample-native\ntargets: [linux-x86_64]\n";
        Path project = project();
        ConfigException mode = loadWithout(project, base + "signing:\n  mode: sigstore\n");
        assertTrue(mode.getMessage().contains("release.yaml:7:") && mode.getMessage().contains(
                "signing.mode 'sigstore' is not one of key, keyless"), mode.getMessage());
        ConfigException missing = loadWithout(project, base + "signing:\n  mode: keyless\n  signingConfig: nowhere.json\n");
        assertTrue(missing.getMessage().contains("signing.signingConfig 'nowhere.json' is not a file"),
                missing.getMessage());
        ConfigException withKey = loadWithout(project, base + "signing:\n  oidcTokenFile: token\n");
        assertTrue(withKey.getMessage().contains("signing.oidcTokenFile is only used when signing keyless"),
                withKey.getMessage());
        assertTrue(withKey.hint().contains("mode: keyless"), withKey.hint());
        Files.writeString(project.resolve("bad.json"), "{\"mediaType\": \"application/json\"}");
        ConfigException notAConfig = loadWithout(project, base + "signing:\n  mode: keyless\n  signingConfig: bad.json\n");
        assertTrue(notAConfig.getMessage().contains("is not a usable Sigstore signing config: not a Sigstore signing config"),
                notAConfig.getMessage());
        ConfigException unknown = loadWithout(project, base + "signing:\n  mode: keyless\n  fulcio: https://f\n");
        assertTrue(unknown.getMessage().contains("unknown field 'signing.fulcio'"), unknown.getMessage());
    }

    private static ConfigException loadWithout(Path project, String yaml) throws IOException {
        Files.writeString(project.resolve("release.yaml"), yaml);
        return assertThrows(ConfigException.class, () -> new ReleaseConfigLoader().loadFromProject(project));
    }

    @Test
    void load_repositoryOwnConfig_isValid() {
        ReleaseConfig config = new ReleaseConfigLoader().loadFromProject(TestProjects.repositoryRoot());
        assertEquals("dev.forgeline", config.groupId());
        assertTrue(config.targets().contains("linux-x86_64"));
    }

    @Test
    void load_wrongType_namesFieldAndLine() throws IOException {
        ConfigException e = loadWith("version: 1\nnative:\n  crate: crate\n  artifactId: sample-native\ntargets: linux-x86_64\n");
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("release.yaml:5:"), e.getMessage());
        assertTrue(e.getMessage().contains("field 'targets' has the wrong type (expected a list)"), e.getMessage());
    }

    @Test
    void load_unknownTarget_namesTargetLineAndKnownOnes() throws IOException {
        ConfigException e = loadWith("version: 1\nnative:\n  crate: crate\n  artifactId: sample-native\ntargets:\n  - linux-x86_64\n  - beos-m68k\n");
        assertTrue(e.getMessage().contains("release.yaml:7:"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown target 'beos-m68k' in targets[1]"), e.getMessage());
        assertTrue(e.hint().contains("linux-aarch_64"), e.hint());
    }

    @Test
    void load_missingCratePath_namesPathAndLine() throws IOException {
        ConfigException e = loadWith("version: 1\nnative:\n  crate: no-such-crate\n  artifactId: sample-native\ntargets: [linux-x86_64]\n");
        assertTrue(e.getMessage().contains("release.yaml:3:"), e.getMessage());
        assertTrue(e.getMessage().contains("native.crate 'no-such-crate' does not exist"), e.getMessage());
    }

    @Test
    void load_unknownField_isRejectedWithKnownFields() throws IOException {
        ConfigException e = loadWith("version: 1\nnative:\n  crate: crate\n  artifactId: sample-native\n  crat: x\ntargets: [linux-x86_64]\n");
        assertTrue(e.getMessage().contains("release.yaml:5:"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown field 'native.crat'"), e.getMessage());
    }

    @Test
    void load_missingRequiredField_namesIt() throws IOException {
        ConfigException e = loadWith("version: 1\nnative:\n  crate: crate\ntargets: [linux-x86_64]\n");
        assertTrue(e.getMessage().contains("missing required field 'native.artifactId'"), e.getMessage());
    }

    @Test
    void load_optionalTargetOutsideTheMatrix_isRejectedNamingIt() throws IOException {
        ConfigException e = loadWith("version: 1\nnative:\n  crate: crate\n  artifactId: a\ntargets: [linux-x86_64]\n"
                + "optionalTargets: [osx-aarch_64]\n");
        assertTrue(e.getMessage().contains("optionalTargets[0] 'osx-aarch_64' is not one of targets"), e.getMessage());
    }

    @Test
    void load_optionalTargets_areLeftOutOfTheRequiredOnes() throws IOException {
        ReleaseConfig config = load("version: 1\nnative:\n  crate: crate\n  artifactId: a\ntargets: [linux-x86_64, osx-aarch_64]\n"
                + "optionalTargets: [osx-aarch_64]\n");
        assertEquals(java.util.List.of("linux-x86_64"), config.requiredTargets());
        assertEquals(java.util.List.of("osx-aarch_64"), config.optionalTargets());
    }

    @Test
    void load_duplicateTarget_isRejected() throws IOException {
        ConfigException e = loadWith("version: 1\nnative:\n  crate: crate\n  artifactId: a\ntargets: [linux-x86_64, linux-x86_64]\n");
        assertTrue(e.getMessage().contains("target 'linux-x86_64' is listed twice"), e.getMessage());
    }

    @Test
    void load_unknownCrossRustc_namesTheChoices() throws IOException {
        ConfigException e = loadWith("version: 1\nnative:\n  crate: crate\n  artifactId: a\ntargets: [linux-x86_64]\ncross:\n  rustc: nightly\n");
        assertTrue(e.getMessage().contains("release.yaml:7:") && e.getMessage().contains("is not one of host, debian-archive"),
                e.getMessage());
    }

    @Test
    void load_badGlibcVersion_namesTheField() throws IOException {
        ConfigException e = loadWith("version: 1\nnative:\n  crate: crate\n  artifactId: a\ntargets: [linux-x86_64]\nchecks:\n  maxGlibc: new\n");
        assertTrue(e.getMessage().contains("checks.maxGlibc 'new' is not a glibc version"), e.getMessage());
    }

    @Test
    void load_invalidYaml_saysSo() throws IOException {
        ConfigException e = loadWith("version: 1\nnative: {crate: x\n");
        assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
    }

    @Test
    void load_noFile_saysWhereItLooked() {
        ConfigException e = assertThrows(ConfigException.class, () -> new ReleaseConfigLoader().loadFromProject(temp));
        assertTrue(e.getMessage().contains("no release configuration at " + temp.toAbsolutePath().resolve("release.yaml")),
                e.getMessage());
    }
}
