package dev.forgeline.sbom;

import static dev.forgeline.sbom.Fixtures.cargo;
import static dev.forgeline.sbom.Fixtures.component;
import static dev.forgeline.sbom.Fixtures.componentRefs;
import static dev.forgeline.sbom.Fixtures.dependsOn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.sbom.SbomException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.ExternalReference;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CargoLockSbomTest {

    private static final String CRATES_IO = "registry+https://github.com/rust-lang/crates.io-index";
    /** The path crate of v4-sources, in macros/ next to the crate described. */
    private static final String MACROS = "pkg:cargo/gateway-macros@0.1.0?download_url=file%3A%2F%2Fmacros";

    @TempDir
    Path tmp;

    // ---- std-only crate ------------------------------------------------------------------

    @Test
    void build_stdOnlyCrate_hasNoComponentsAndAnEmptyDependencyEntryForTheRoot() throws Exception {
        Bom bom = CargoLockSbom.ofCrate(cargo("std-only")).build();

        assertEquals(List.of(), componentRefs(bom));
        assertEquals(1, bom.getDependencies().size());
        assertEquals("pkg:cargo/forgeline-native-core@0.1.0", bom.getDependencies().get(0).getRef());
        assertEquals(List.of(), dependsOn(bom, "pkg:cargo/forgeline-native-core@0.1.0"));
    }

    @Test
    void build_stdOnlyCrate_rootComponentDescribesTheCrateFromCargoToml() throws Exception {
        Component root = CargoLockSbom.ofCrate(cargo("std-only")).build().getMetadata().getComponent();

        assertEquals(Component.Type.LIBRARY, root.getType());
        assertEquals("forgeline-native-core", root.getName());
        assertEquals("0.1.0", root.getVersion());
        assertEquals("pkg:cargo/forgeline-native-core@0.1.0", root.getPurl());
        assertEquals(root.getPurl(), root.getBomRef());
        assertEquals("Apache-2.0", root.getLicenses().getExpression().getValue());
        assertEquals("Forgeline gateway transport core", root.getDescription());
        assertEquals(List.of(new Property(CargoLockSbom.RUST_VERSION_PROPERTY, "1.70")), root.getProperties());
    }

    @Test
    void build_stdOnlyCrate_writtenDocumentIsValidCycloneDx16() throws Exception {
        Bom bom = CargoLockSbom.ofCrate(cargo("std-only")).build();
        SbomDocument doc = SbomWriter.create("0.1.0", java.time.Instant.EPOCH).render(bom);
        Fixtures.assertValidCycloneDx16(doc.bytes());
    }

    // ---- lock file with registry dependencies (version 3) ---------------------------------

    @Test
    void build_lockWithDependencies_hasAComponentForEveryLockedPackageExceptTheRoot() throws Exception {
        Bom bom = CargoLockSbom.ofCrate(cargo("with-deps-v3")).build();

        List<String> refs = componentRefs(bom);
        assertEquals(16, refs.size());
        assertTrue(refs.contains("pkg:cargo/jni@0.21.1"));
        assertTrue(refs.contains("pkg:cargo/unicode-ident@1.0.12"));
        assertTrue(refs.stream().noneMatch(r -> r.contains("jni-demo")), refs.toString());
        assertEquals(refs.stream().sorted().toList(), refs, "components sorted by bom-ref");
    }

    @Test
    void build_registryPackage_hasChecksumAsSha256AndTheRegistryAsDistributionReference() throws Exception {
        Bom bom = CargoLockSbom.ofCrate(cargo("with-deps-v3")).build();
        Component jni = component(bom, "pkg:cargo/jni@0.21.1");

        assertEquals("pkg:cargo/jni@0.21.1", jni.getPurl());
        assertEquals(Component.Type.LIBRARY, jni.getType());
        assertEquals(1, jni.getHashes().size());
        Hash hash = jni.getHashes().get(0);
        assertEquals("SHA-256", hash.getAlgorithm());
        assertEquals(lockedChecksum(cargo("with-deps-v3/Cargo.lock"), "jni"), hash.getValue());

        ExternalReference ref = jni.getExternalReferences().get(0);
        assertEquals(ExternalReference.Type.DISTRIBUTION, ref.getType());
        assertEquals("https://github.com/rust-lang/crates.io-index", ref.getUrl());
        assertTrue(ref.getComment().contains(CRATES_IO), ref.getComment());
    }

    @Test
    void build_dependencyGraph_followsTheLockedDependencies() throws Exception {
        Bom bom = CargoLockSbom.ofCrate(cargo("with-deps-v3")).build();

        assertEquals(List.of("pkg:cargo/jni@0.21.1", "pkg:cargo/log@0.4.20"),
                dependsOn(bom, "pkg:cargo/jni-demo@0.3.0"));
        assertEquals(List.of("pkg:cargo/cesu8@1.1.0", "pkg:cargo/cfg-if@1.0.0", "pkg:cargo/combine@4.6.6",
                "pkg:cargo/jni-sys@0.3.0", "pkg:cargo/log@0.4.20", "pkg:cargo/thiserror@1.0.56",
                "pkg:cargo/walkdir@2.4.0"), dependsOn(bom, "pkg:cargo/jni@0.21.1"));
        assertEquals(List.of(), dependsOn(bom, "pkg:cargo/memchr@2.7.1"));
        assertEquals(17, bom.getDependencies().size(), "one entry per package, root included");
    }

    @Test
    void build_cargoTomlDetails_licenseSlashBecomesOrAndRepositoryBecomesVcs() throws Exception {
        Component root = CargoLockSbom.ofCrate(cargo("with-deps-v3")).build().getMetadata().getComponent();

        assertEquals("MIT OR Apache-2.0", root.getLicenses().getExpression().getValue());
        assertEquals("A crate with a \"multi-line\" description, and a continued line.", root.getDescription());
        ExternalReference vcs = root.getExternalReferences().get(0);
        assertEquals(ExternalReference.Type.VCS, vcs.getType());
        assertEquals("https://github.com/example/jni-demo", vcs.getUrl());
        assertNull(root.getProperties(), "no rust-version in this Cargo.toml");
    }

    // ---- version 4: several versions of a crate, git, path and other registries ----------

    @Test
    void build_twoVersionsOfOneCrate_eachDependencyResolvesToItsVersion() throws Exception {
        Bom bom = CargoLockSbom.ofCrate(cargo("v4-sources")).build();

        assertTrue(dependsOn(bom, "pkg:cargo/gateway-core@1.2.0").contains("pkg:cargo/syn@2.0.48"));
        assertEquals(List.of("pkg:cargo/proc-macro2@1.0.78", "pkg:cargo/syn@1.0.109"),
                dependsOn(bom, MACROS));
    }

    @Test
    void build_gitSource_hasVcsReferenceAndVcsUrlQualifierWithTheRefAndCommit() throws Exception {
        Bom bom = CargoLockSbom.ofCrate(cargo("v4-sources")).build();
        String commit = "0123456789abcdef0123456789abcdef01234567";
        String purl = "pkg:cargo/ring-buffer@0.4.0?vcs_url="
                + "git%2Bhttps%3A%2F%2Fgithub.com%2Fexample%2Fring-buffer%3Fbranch%3Dmain%40" + commit;
        Component ring = component(bom, purl);

        assertNull(ring.getHashes(), "git packages have no checksum");
        ExternalReference vcs = ring.getExternalReferences().get(0);
        assertEquals(ExternalReference.Type.VCS, vcs.getType());
        assertEquals("https://github.com/example/ring-buffer", vcs.getUrl());
        assertTrue(vcs.getComment().startsWith("git commit " + commit + " (branch=main)"), vcs.getComment());
        assertTrue(dependsOn(bom, "pkg:cargo/gateway-core@1.2.0").contains(purl));
    }

    @Test
    void build_otherRegistry_hasRepositoryUrlQualifierAndEncodedVersion() throws Exception {
        Bom bom = CargoLockSbom.ofCrate(cargo("v4-sources")).build();
        Component json = component(bom, "pkg:cargo/vendored-json@3.1.0%2Bbuild.7"
                + "?repository_url=https%3A%2F%2Fcargo.example.com%2Findex%2F");

        assertEquals("3.1.0+build.7", json.getVersion());
        assertEquals("https://cargo.example.com/index/", json.getExternalReferences().get(0).getUrl());
    }

    @Test
    void build_pathDependency_isAComponentWithoutHashOrReferenceAndItsDirectoryInThePurl() throws Exception {
        Bom bom = CargoLockSbom.ofCrate(cargo("v4-sources")).build();
        Component macros = component(bom, MACROS);

        assertNull(macros.getHashes());
        assertNull(macros.getExternalReferences());
    }

    @Test
    void build_rootCargoTomlLinks_becomeWebsiteAndDocumentationReferences() throws Exception {
        Component root = CargoLockSbom.ofCrate(cargo("v4-sources")).build().getMetadata().getComponent();

        assertEquals(List.of(ExternalReference.Type.WEBSITE, ExternalReference.Type.DOCUMENTATION),
                root.getExternalReferences().stream().map(ExternalReference::getType).toList());
        assertEquals("Apache-2.0 OR MIT", root.getLicenses().getExpression().getValue());
    }

    // ---- versions 1 and 2 ----------------------------------------------------------------

    @Test
    void build_version1Lock_readsChecksumsFromMetadataAndFullDependencyStrings() throws Exception {
        Bom bom = CargoLockSbom.ofCrate(cargo("v1")).build();

        assertEquals(List.of("pkg:cargo/cfg-if@0.1.2", "pkg:cargo/log@0.3.9", "pkg:cargo/log@0.4.1"),
                componentRefs(bom));
        assertEquals(List.of("pkg:cargo/log@0.3.9"), dependsOn(bom, "pkg:cargo/legacy-core@0.9.0"));
        assertEquals(List.of("pkg:cargo/log@0.4.1"), dependsOn(bom, "pkg:cargo/log@0.3.9"));
        assertEquals(List.of("pkg:cargo/cfg-if@0.1.2"), dependsOn(bom, "pkg:cargo/log@0.4.1"));
        assertEquals(64, component(bom, "pkg:cargo/log@0.4.1").getHashes().get(0).getValue().length());
    }

    @Test
    void build_version2Lock_resolvesAbbreviatedDependencies() throws Exception {
        Bom bom = CargoLockSbom.ofCrate(cargo("v2")).build();

        assertEquals(List.of("pkg:cargo/cfg-if@1.0.0"), dependsOn(bom, "pkg:cargo/middle-core@0.5.0"));
        assertEquals(1, component(bom, "pkg:cargo/cfg-if@1.0.0").getHashes().size());
    }

    // ---- workspaces ----------------------------------------------------------------------

    @Test
    void build_fieldsInheritedFromWorkspace_areReadFromTheWorkspaceRoot() throws Exception {
        Path ws = cargo("workspace");
        Bom bom = CargoLockSbom.of(ws.resolve("a/Cargo.toml"), ws.resolve("Cargo.lock")).build();
        Component root = bom.getMetadata().getComponent();

        assertEquals("2.3.4", root.getVersion());
        assertEquals("MIT OR Apache-2.0", root.getLicenses().getExpression().getValue());
        assertEquals("1.70", root.getProperties().get(0).getValue());
        String b = "pkg:cargo/b@0.1.0?download_url=file%3A%2F%2F..%2Fb";
        assertEquals(List.of(b), componentRefs(bom));
        assertEquals(List.of(b), dependsOn(bom, "pkg:cargo/a@2.3.4"));
    }

    @Test
    void build_inheritedFieldOutsideAWorkspace_failsNamingTheFieldAndLine() throws Exception {
        Path toml = write("Cargo.toml", "[package]\nname = \"x\"\nversion.workspace = true\n");
        write("Cargo.lock", "version = 4\n[[package]]\nname = \"x\"\nversion = \"1.0.0\"\n");

        SbomException e = assertThrows(SbomException.class, () -> CargoLockSbom.ofCrate(tmp).build());
        assertEquals(Reason.UNRESOLVED_REFERENCE, e.reason());
        assertEquals(Optional.of(toml), e.file());
        assertEquals(OptionalInt.of(3), e.line());
        assertTrue(e.getMessage().contains("version is inherited from the workspace"), e.getMessage());
    }

    // ---- bad input -----------------------------------------------------------------------

    @Test
    void build_packageWithoutVersion_errorNamesLockFileAndLineOfThePackage() throws Exception {
        Path lock = writeLock("""
                version = 4

                [[package]]
                name = "demo"
                version = "1.0.0"

                [[package]]
                name = "broken"
                source = "registry+https://github.com/rust-lang/crates.io-index"
                """);

        SbomException e = assertThrows(SbomException.class, () -> CargoLockSbom.ofCrate(tmp).build());
        assertEquals(Reason.MISSING_FIELD, e.reason());
        assertEquals(Optional.of(lock), e.file());
        assertEquals(OptionalInt.of(7), e.line());
        assertTrue(e.getMessage().startsWith(lock + ":7: [[package]] 'broken' has no 'version'"), e.getMessage());
        assertTrue(e.hint().isPresent());
    }

    @Test
    void build_tomlSyntaxError_errorNamesLockFileAndLine() throws Exception {
        Path lock = writeLock("""
                version = 4

                [[package]]
                name = "demo"
                version = "1.0.0
                """);

        SbomException e = assertThrows(SbomException.class, () -> CargoLockSbom.ofCrate(tmp).build());
        assertEquals(Reason.MALFORMED_INPUT, e.reason());
        assertEquals(Optional.of(lock), e.file());
        assertEquals(OptionalInt.of(5), e.line());
        assertTrue(e.getMessage().startsWith(lock + ":5: TOML syntax: "), e.getMessage());
    }

    @Test
    void build_dependencyOnAnUnlockedPackage_errorNamesTheDependencyLine() throws Exception {
        writeLock("""
                version = 4

                [[package]]
                name = "demo"
                version = "1.0.0"
                dependencies = [
                 "log",
                 "missing-crate",
                ]

                [[package]]
                name = "log"
                version = "0.4.20"
                """);

        SbomException e = assertThrows(SbomException.class, () -> CargoLockSbom.ofCrate(tmp).build());
        assertEquals(Reason.UNRESOLVED_REFERENCE, e.reason());
        assertEquals(OptionalInt.of(8), e.line());
        assertTrue(e.detail().contains("\"missing-crate\" of 'demo 1.0.0' matches no [[package]]"), e.detail());
    }

    @Test
    void build_abbreviatedDependencyWithTwoCandidates_isAmbiguousAtItsLine() throws Exception {
        writeLock("""
                version = 3
                [[package]]
                name = "demo"
                version = "1.0.0"
                dependencies = ["syn"]
                [[package]]
                name = "syn"
                version = "1.0.109"
                [[package]]
                name = "syn"
                version = "2.0.48"
                """);

        SbomException e = assertThrows(SbomException.class, () -> CargoLockSbom.ofCrate(tmp).build());
        assertEquals(Reason.UNRESOLVED_REFERENCE, e.reason());
        assertEquals(OptionalInt.of(5), e.line());
        assertTrue(e.detail().contains("is ambiguous"), e.detail());
    }

    @Test
    void build_newerLockVersion_isUnsupportedWithAHint() throws Exception {
        writeLock("# comment\nversion = 5\n[[package]]\nname = \"demo\"\nversion = \"1.0.0\"\n");

        SbomException e = assertThrows(SbomException.class, () -> CargoLockSbom.ofCrate(tmp).build());
        assertEquals(Reason.UNSUPPORTED_INPUT, e.reason());
        assertEquals(OptionalInt.of(2), e.line());
        assertTrue(e.hint().orElseThrow().contains("upgrade Forgeline"));
    }

    @Test
    void build_checksumThatIsNotSha256_isMalformedAtItsLine() throws Exception {
        writeLock("""
                version = 4
                [[package]]
                name = "demo"
                version = "1.0.0"
                dependencies = ["log"]
                [[package]]
                name = "log"
                version = "0.4.20"
                source = "registry+https://github.com/rust-lang/crates.io-index"
                checksum = "not-a-digest"
                """);

        SbomException e = assertThrows(SbomException.class, () -> CargoLockSbom.ofCrate(tmp).build());
        assertEquals(Reason.MALFORMED_INPUT, e.reason());
        assertEquals(OptionalInt.of(10), e.line());
    }

    @Test
    void build_packageListedAsPlainTable_isMalformed() throws Exception {
        writeLock("version = 4\n[package]\nname = \"demo\"\nversion = \"1.0.0\"\n");

        SbomException e = assertThrows(SbomException.class, () -> CargoLockSbom.ofCrate(tmp).build());
        assertEquals(Reason.MALFORMED_INPUT, e.reason());
        assertEquals(OptionalInt.of(2), e.line());
    }

    @Test
    void build_lockWithoutTheCrate_failsNamingTheLockFileWithAHint() throws Exception {
        Path lock = write("Cargo.lock", "version = 4\n[[package]]\nname = \"demo\"\nversion = \"0.9.0\"\n");
        write("Cargo.toml", "[package]\nname = \"demo\"\nversion = \"1.0.0\"\n");

        SbomException e = assertThrows(SbomException.class, () -> CargoLockSbom.ofCrate(tmp).build());
        assertEquals(Reason.UNRESOLVED_REFERENCE, e.reason());
        assertEquals(Optional.of(lock), e.file());
        assertTrue(e.detail().contains("no path package demo 1.0.0"), e.detail());
        assertTrue(e.detail().contains("only demo 0.9.0"), e.detail());
        assertTrue(e.hint().orElseThrow().contains("cargo generate-lockfile"));
    }

    @Test
    void build_missingLockFile_isAnIoErrorNamingIt() throws Exception {
        write("Cargo.toml", "[package]\nname = \"demo\"\nversion = \"1.0.0\"\n");

        SbomException e = assertThrows(SbomException.class, () -> CargoLockSbom.ofCrate(tmp).build());
        assertEquals(Reason.IO, e.reason());
        assertEquals(Optional.of(tmp.resolve("Cargo.lock")), e.file());
    }

    @Test
    void build_virtualWorkspaceManifest_saysToPassTheCrateManifest() throws Exception {
        Path ws = cargo("workspace");
        SbomException e = assertThrows(SbomException.class,
                () -> CargoLockSbom.of(ws.resolve("Cargo.toml"), ws.resolve("Cargo.lock")).build());
        assertEquals(Reason.MISSING_FIELD, e.reason());
        assertTrue(e.hint().orElseThrow().contains("virtual workspace manifest"));
    }

    @Test
    void build_manifestWithoutVersion_usesCargoDefault() throws Exception {
        write("Cargo.toml", "[package]\nname = \"demo\"\n");
        write("Cargo.lock", "version = 4\n[[package]]\nname = \"demo\"\nversion = \"0.0.0\"\n");

        Bom bom = CargoLockSbom.ofCrate(tmp).build();
        assertEquals("pkg:cargo/demo@0.0.0", bom.getMetadata().getComponent().getPurl());
    }

    // ---- helpers -------------------------------------------------------------------------

    /** Writes Cargo.lock for a crate named demo 1.0.0 and its Cargo.toml. */
    private Path writeLock(String lock) throws Exception {
        write("Cargo.toml", "[package]\nname = \"demo\"\nversion = \"1.0.0\"\n");
        return write("Cargo.lock", lock);
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(tmp.resolve(name), content);
    }

    private static String lockedChecksum(Path lock, String name) throws Exception {
        List<String> lines = Files.readAllLines(lock);
        int i = lines.indexOf("name = \"" + name + "\"");
        for (int j = i; j < lines.size(); j++) {
            if (lines.get(j).startsWith("checksum = ")) {
                return lines.get(j).substring("checksum = \"".length(), lines.get(j).length() - 1);
            }
        }
        throw new AssertionError("no checksum for " + name);
    }
}
