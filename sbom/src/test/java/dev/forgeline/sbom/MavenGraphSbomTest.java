package dev.forgeline.sbom;

import static dev.forgeline.sbom.Fixtures.component;
import static dev.forgeline.sbom.Fixtures.componentRefs;
import static dev.forgeline.sbom.Fixtures.dependsOn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.sbom.SbomException.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.ExternalReference;
import org.cyclonedx.model.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MavenGraphSbomTest {

    /** SHA-256 and SHA-512 of "abc" (FIPS 180-2 test vectors). */
    private static final String ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private static final String ABC_SHA512 = "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
            + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f";

    @TempDir
    Path tmp;

    @Test
    void build_components_havePurlWithClassifierAndTypeAndBomRefEqualToPurl() throws Exception {
        ResolvedArtifact core = artifact("dev.forgeline", "native-core", "0.1.0", "linux-x86_64", "jar");
        ResolvedArtifact pom = artifact("org.example", "bom-only", "2.0", null, "pom");
        ResolvedArtifact root = root(List.of(core.coordinates(), pom.coordinates()));

        Bom bom = MavenGraphSbom.of(root, List.of(core, pom)).build();

        Component c = component(bom, "pkg:maven/dev.forgeline/native-core@0.1.0?classifier=linux-x86_64");
        assertEquals("dev.forgeline", c.getGroup());
        assertEquals("native-core", c.getName());
        assertEquals("0.1.0", c.getVersion());
        assertEquals(c.getBomRef(), c.getPurl());
        assertEquals(Component.Type.LIBRARY, c.getType());
        component(bom, "pkg:maven/org.example/bom-only@2.0?type=pom");
    }

    @Test
    void build_classifierAndNonJarType_bothQualifiersSortedByKey() throws Exception {
        ResolvedArtifact a = artifact("g", "a", "1.0", "sources", "zip");
        Bom bom = MavenGraphSbom.of(root(List.of(a.coordinates())), List.of(a)).build();

        assertEquals(List.of("pkg:maven/g/a@1.0?classifier=sources&type=zip"), componentRefs(bom));
    }

    @Test
    void build_fileHashes_areSha256AndSha512OfTheFileContent() throws Exception {
        Path file = Files.writeString(tmp.resolve("abc.jar"), "abc", StandardCharsets.US_ASCII);
        ResolvedArtifact a = new ResolvedArtifact("g", "a", "1", null, null, file, List.of());

        Bom bom = MavenGraphSbom.of(root(List.of("g:a:1")), List.of(a)).build();

        List<Hash> hashes = component(bom, "pkg:maven/g/a@1").getHashes();
        assertEquals(List.of(new Hash(Hash.Algorithm.SHA_256, ABC_SHA256), new Hash(Hash.Algorithm.SHA_512, ABC_SHA512)),
                hashes);
    }

    @Test
    void build_fileLargerThanTheReadBuffer_isHashedWhole() throws Exception {
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(content);
        Path file = Files.write(tmp.resolve("big.jar"), content);
        ResolvedArtifact a = new ResolvedArtifact("g", "big", "1", null, null, file, List.of());

        Bom bom = MavenGraphSbom.of(root(List.of("g:big:1")), List.of(a)).build();

        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(content));
        assertEquals(expected, component(bom, "pkg:maven/g/big@1").getHashes().get(1).getValue());
    }

    @Test
    void build_noFile_recordsNoHashes() throws Exception {
        ResolvedArtifact a = new ResolvedArtifact("g", "a", "1", null, null, null, List.of());
        Bom bom = MavenGraphSbom.of(root(List.of("g:a:1")), List.of(a)).build();

        assertNull(component(bom, "pkg:maven/g/a@1").getHashes());
    }

    @Test
    void build_dependencyGraph_followsDependsOnWithAnyEquivalentCoordinateForm() throws Exception {
        ResolvedArtifact leaf = artifact("g", "leaf", "1", null, null);
        ResolvedArtifact natives = artifact("g", "natives", "1", "linux-x86_64", null);
        ResolvedArtifact mid = new ResolvedArtifact("g", "mid", "1", null, null, file("mid"),
                List.of("g:leaf:jar:1", "g:natives:jar:linux-x86_64:1"));
        ResolvedArtifact root = root(List.of("g:mid:1", "g:leaf:1"));

        Bom bom = MavenGraphSbom.of(root, List.of(natives, leaf, mid)).build();

        assertEquals(List.of("pkg:maven/g/leaf@1", "pkg:maven/g/mid@1"), dependsOn(bom, root.purl()));
        assertEquals(List.of("pkg:maven/g/leaf@1", "pkg:maven/g/natives@1?classifier=linux-x86_64"),
                dependsOn(bom, "pkg:maven/g/mid@1"));
        assertEquals(List.of(), dependsOn(bom, "pkg:maven/g/leaf@1"));
        assertEquals(4, bom.getDependencies().size(), "one entry per artifact, root included");
    }

    @Test
    void build_rootAlsoInTheArtifactList_isNotRepeatedAsAComponent() throws Exception {
        ResolvedArtifact leaf = artifact("g", "leaf", "1", null, null);
        ResolvedArtifact root = root(List.of(leaf.coordinates()));

        Bom bom = MavenGraphSbom.of(root, List.of(root, leaf)).build();

        assertEquals(List.of("pkg:maven/g/leaf@1"), componentRefs(bom));
        assertEquals("pkg:maven/dev.forgeline/gateway@0.1.0", bom.getMetadata().getComponent().getPurl());
    }

    @Test
    void build_rootType_isLibraryUnlessAskedOtherwise() throws Exception {
        ResolvedArtifact root = root(List.of());
        assertEquals(Component.Type.LIBRARY,
                MavenGraphSbom.of(root, List.of()).build().getMetadata().getComponent().getType());
        assertEquals(Component.Type.APPLICATION, MavenGraphSbom.of(root, List.of())
                .withRootType(Component.Type.APPLICATION).build().getMetadata().getComponent().getType());
    }

    @Test
    void build_dependsOnAnArtifactNotInTheList_failsNamingBoth() throws Exception {
        ResolvedArtifact root = root(List.of("g:absent:2.0"));

        SbomException e = assertThrows(SbomException.class, () -> MavenGraphSbom.of(root, List.of()).build());
        assertEquals(Reason.UNRESOLVED_REFERENCE, e.reason());
        assertTrue(e.detail().contains("dev.forgeline:gateway:0.1.0 depends on g:absent:2.0"), e.detail());
    }

    @Test
    void build_dependsOnWithTheWrongShape_isMalformed() throws Exception {
        SbomException e = assertThrows(SbomException.class,
                () -> MavenGraphSbom.of(root(List.of("just-a-name")), List.of()).build());
        assertEquals(Reason.MALFORMED_INPUT, e.reason());
    }

    @Test
    void build_missingFile_isAnIoErrorNamingTheFile() throws Exception {
        Path missing = tmp.resolve("gone.jar");
        ResolvedArtifact a = new ResolvedArtifact("g", "a", "1", null, null, missing, List.of());

        SbomException e = assertThrows(SbomException.class,
                () -> MavenGraphSbom.of(root(List.of("g:a:1")), List.of(a)).build());
        assertEquals(Reason.IO, e.reason());
        assertEquals(Optional.of(missing), e.file());
    }

    @Test
    void build_directoryInsteadOfFile_saysToPackageFirst() throws Exception {
        ResolvedArtifact a = new ResolvedArtifact("g", "a", "1", null, null, tmp, List.of());

        SbomException e = assertThrows(SbomException.class,
                () -> MavenGraphSbom.of(root(List.of("g:a:1")), List.of(a)).build());
        assertEquals(Reason.MALFORMED_INPUT, e.reason());
        assertTrue(e.hint().orElseThrow().contains("package"));
    }

    @Test
    void build_twoDifferentArtifactsWithOneCoordinate_isADuplicate() throws Exception {
        ResolvedArtifact a = artifact("g", "a", "1", null, null);
        ResolvedArtifact b = new ResolvedArtifact("g", "a", "1", null, null, file("other"), List.of());

        SbomException e = assertThrows(SbomException.class,
                () -> MavenGraphSbom.of(root(List.of("g:a:1")), List.of(a, b)).build());
        assertEquals(Reason.DUPLICATE, e.reason());
    }

    @Test
    void build_jacksonJarsWithTheirPoms_reportApache20AsCycloneDxMavenPluginDoes() throws Exception {
        List<ResolvedArtifact> jackson = new ArrayList<>();
        for (Class<?> type : List.of(com.fasterxml.jackson.databind.ObjectMapper.class,
                com.fasterxml.jackson.core.JsonFactory.class, com.fasterxml.jackson.annotation.JsonProperty.class)) {
            jackson.add(fromLocalRepository(type));
        }
        ResolvedArtifact root = root(jackson.stream().map(ResolvedArtifact::coordinates).toList());

        Bom bom = MavenGraphSbom.of(root, jackson).build();

        for (ResolvedArtifact a : jackson) {
            Component c = component(bom, a.purl());
            assertEquals(List.of("Apache-2.0"),
                    c.getLicenses().getLicenses().stream().map(org.cyclonedx.model.License::getId).toList(), a.purl());
            assertEquals("FasterXML", c.getPublisher());
            assertTrue(c.getDescription() != null && !c.getDescription().isBlank(), a.purl());
            assertTrue(c.getExternalReferences().stream().anyMatch(r -> r.getType() == ExternalReference.Type.VCS
                    && r.getUrl().startsWith("https://github.com/FasterXML/")), a.purl());
            assertEquals(Component.Scope.REQUIRED, c.getScope());
        }
        Fixtures.assertValidCycloneDx16(SbomWriter.create("0.1.0", java.time.Instant.EPOCH).render(bom).bytes());
    }

    @Test
    void build_scope_optionalDependencyIsOptionalTestScopeExcludedOthersRequired() throws Exception {
        ResolvedArtifact opt = artifact("g", "opt", "1", null, null).withScope("compile", true);
        ResolvedArtifact test = artifact("g", "test", "1", null, null).withScope("test", false);
        ResolvedArtifact run = artifact("g", "run", "1", null, null).withScope("runtime", false);
        ResolvedArtifact root = root(List.of(opt.coordinates(), test.coordinates(), run.coordinates()));

        Bom bom = MavenGraphSbom.of(root, List.of(opt, test, run)).build();

        assertEquals(Component.Scope.OPTIONAL, component(bom, opt.purl()).getScope());
        assertEquals(Component.Scope.EXCLUDED, component(bom, test.purl()).getScope());
        assertEquals(Component.Scope.REQUIRED, component(bom, run.purl()).getScope());
        assertNull(bom.getMetadata().getComponent().getScope(), "the root is what the SBOM describes, not a dependency");
    }

    @Test
    void build_licenseCycloneDxDoesNotKnow_keepsTheNameAndUrl() throws Exception {
        PomDetails pom = new PomDetails(null, null,
                List.of(new PomDetails.License("Example Community License", "https://example.org/license")), List.of());
        ResolvedArtifact a = artifact("g", "a", "1", null, null).withPom(pom);

        Bom bom = MavenGraphSbom.of(root(List.of(a.coordinates())), List.of(a)).build();

        org.cyclonedx.model.License license = component(bom, a.purl()).getLicenses().getLicenses().get(0);
        assertNull(license.getId());
        assertEquals("Example Community License", license.getName());
        assertEquals("https://example.org/license", license.getUrl());
    }

    // ---- helpers -------------------------------------------------------------------------

    private ResolvedArtifact root(List<String> dependsOn) throws Exception {
        return new ResolvedArtifact("dev.forgeline", "gateway", "0.1.0", null, "jar", file("gateway"), dependsOn);
    }

    private ResolvedArtifact artifact(String g, String a, String v, String classifier, String type)
            throws Exception {
        return new ResolvedArtifact(g, a, v, classifier, type, file(a + "-" + v + "-" + classifier), List.of());
    }

    /** The jar of {@code type} in the local Maven repository, with its POM (and parents) read from there. */
    private static ResolvedArtifact fromLocalRepository(Class<?> type) throws Exception {
        Path jar = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path versionDir = jar.getParent();
        String version = versionDir.getFileName().toString();
        String artifactId = versionDir.getParent().getFileName().toString();
        Path groupDir = versionDir.getParent().getParent();
        Path pom = versionDir.resolve(artifactId + "-" + version + ".pom");
        // com/fasterxml/jackson/<core|annotation> below the repository root
        Path repository = groupDir;
        String groupId = groupDir.getFileName().toString();
        for (int i = 0; i < 3; i++) {
            repository = repository.getParent();
            groupId = repository.getFileName() + "." + groupId;
        }
        repository = repository.getParent();
        PomDetails details = PomDetails.read(pom, PomDetails.ParentPoms.inRepository(repository));
        return new ResolvedArtifact(groupId, artifactId, version, null, null, jar, List.of())
                .withScope("compile", false).withPom(details);
    }

    private Path file(String name) throws Exception {
        return Files.writeString(tmp.resolve(name + ".jar"), "content of " + name);
    }
}
