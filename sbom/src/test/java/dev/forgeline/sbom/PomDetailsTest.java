package dev.forgeline.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forgeline.sbom.PomDetails.License;
import dev.forgeline.sbom.PomDetails.Link;
import dev.forgeline.sbom.PomDetails.ParentPoms;
import dev.forgeline.sbom.SbomException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PomDetailsTest {

    @TempDir
    Path tmp;

    @Test
    void read_jacksonDatabindFromTheLocalRepository_inheritsTheApacheLicenseFromItsParents() throws Exception {
        Path jar = Path.of(ObjectMapper.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path pom = jar.resolveSibling(jar.getFileName().toString().replaceAll("\\.jar$", ".pom"));
        // <repository>/com/fasterxml/jackson/core/jackson-databind/<version>/<jar>
        Path repository = jar.getParent().getParent().getParent().getParent().getParent().getParent().getParent();

        PomDetails details = PomDetails.read(pom, ParentPoms.inRepository(repository));

        assertEquals(1, details.licenses().size(), details.toString());
        assertTrue(details.licenses().get(0).name().contains("Apache"), details.toString());
        assertEquals("FasterXML", details.publisher());
        assertTrue(details.description().contains("data-binding"), details.description());
        assertTrue(details.references().contains(new Link("vcs", "https://github.com/FasterXML/jackson-databind")),
                details.references().toString());
    }

    @Test
    void read_fieldsTheChildLeavesOut_areInheritedAndUrlsGetTheChildsArtifactId() throws Exception {
        Path parent = write("parent/pom.xml", """
                <project>
                  <groupId>org.example</groupId><artifactId>parent</artifactId><version>3</version>
                  <description>the parent</description>
                  <url>https://example.org/parent</url>
                  <organization><name>Example Org</name></organization>
                  <licenses><license><name>MIT</name><url>https://opensource.org/licenses/MIT</url></license></licenses>
                  <scm><url>https://git.example.org/parent</url><tag>v${project.version}</tag></scm>
                  <issueManagement><url>https://issues.example.org/${project.artifactId}</url></issueManagement>
                </project>
                """);
        Path child = write("child/pom.xml", """
                <project>
                  <parent><groupId>org.example</groupId><artifactId>parent</artifactId><version>3</version></parent>
                  <artifactId>child</artifactId><version>1.2</version>
                  <description>the child</description>
                </project>
                """);

        PomDetails details = PomDetails.read(child, (g, a, v) -> Optional.of(parent));

        assertEquals("the child", details.description());
        assertEquals("Example Org", details.publisher());
        assertEquals(List.of(new License("MIT", "https://opensource.org/licenses/MIT")), details.licenses());
        assertEquals(List.of(new Link("website", "https://example.org/parent/child"),
                new Link("issue-tracker", "https://issues.example.org/child"),
                new Link("vcs", "https://git.example.org/parent/child")), details.references());
    }

    @Test
    void read_parentAskingNotToAppendThePath_keepsItsUrlAsIs() throws Exception {
        Path parent = write("p/pom.xml", """
                <project child.project.url.inherit.append.path="false">
                  <groupId>g</groupId><artifactId>p</artifactId><version>1</version>
                  <url>https://example.org/</url>
                </project>
                """);
        Path child = write("c/pom.xml", """
                <project><parent><groupId>g</groupId><artifactId>p</artifactId><version>1</version></parent>
                  <artifactId>c</artifactId></project>
                """);

        assertEquals(List.of(new Link("website", "https://example.org/")),
                PomDetails.read(child, (g, a, v) -> Optional.of(parent)).references());
    }

    @Test
    void read_parentFoundByRelativePath_needsNoLocator() throws Exception {
        write("pom.xml", "<project><groupId>g</groupId><artifactId>root</artifactId><version>1</version>"
                + "<licenses><license><name>Apache-2.0</name></license></licenses></project>");
        Path child = write("module/pom.xml", "<project><parent><groupId>g</groupId><artifactId>root</artifactId>"
                + "<version>1</version></parent><artifactId>module</artifactId></project>");

        PomDetails details = PomDetails.read(child, (g, a, v) -> Optional.empty());

        assertEquals(List.of(new License("Apache-2.0", null)), details.licenses());
    }

    @Test
    void read_unresolvedPropertyInAUrl_dropsThatLinkOnly() throws Exception {
        Path pom = write("pom.xml", """
                <project><groupId>g</groupId><artifactId>a</artifactId><version>1</version>
                  <url>https://example.org/${undefined.property}</url>
                  <scm><url>https://git.example.org/a</url></scm></project>
                """);

        assertEquals(List.of(new Link("vcs", "https://git.example.org/a")),
                PomDetails.read(pom, (g, a, v) -> Optional.empty()).references());
    }

    @Test
    void read_missingParent_isUnresolvedNamingItsCoordinates() throws Exception {
        Path pom = write("x/pom.xml", "<project><parent><groupId>g</groupId><artifactId>gone</artifactId>"
                + "<version>9</version><relativePath/></parent><artifactId>x</artifactId></project>");

        SbomException e = assertThrows(SbomException.class, () -> PomDetails.read(pom, (g, a, v) -> Optional.empty()));
        assertEquals(Reason.UNRESOLVED_REFERENCE, e.reason());
        assertTrue(e.detail().contains("g:gone:9"), e.detail());
        assertEquals(Optional.of(pom), e.file());
    }

    @Test
    void read_truncatedPom_isMalformedAtItsLine() throws Exception {
        Path pom = write("pom.xml", "<project>\n  <groupId>g</groupId>\n  <licenses>\n");

        SbomException e = assertThrows(SbomException.class, () -> PomDetails.read(pom, (g, a, v) -> Optional.empty()));
        assertEquals(Reason.MALFORMED_INPUT, e.reason());
        assertTrue(e.line().isPresent() && e.line().getAsInt() >= 3, e.getMessage());
    }

    @Test
    void read_pomWithAnExternalEntity_doesNotReadTheEntity() throws Exception {
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "TOP-SECRET");
        Path pom = write("pom.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE project [<!ENTITY x SYSTEM \""
                + secret.toUri() + "\">]>\n<project><groupId>g</groupId><artifactId>a</artifactId>"
                + "<version>1</version><description>&x;</description></project>");

        PomDetails details = PomDetails.read(pom, (g, a, v) -> Optional.empty());
        assertTrue(details.description() == null || !details.description().contains("TOP-SECRET"),
                String.valueOf(details.description()));
    }

    @Test
    void read_noLicensesAnywhere_givesNone() throws Exception {
        Path pom = write("pom.xml", "<project><groupId>g</groupId><artifactId>a</artifactId><version>1</version></project>");
        PomDetails details = PomDetails.read(pom, (g, a, v) -> Optional.empty());
        assertEquals(List.of(), details.licenses());
        assertNull(details.description());
        assertEquals(List.of(), details.references());
    }

    private Path write(String name, String content) throws Exception {
        Path file = tmp.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }
}
