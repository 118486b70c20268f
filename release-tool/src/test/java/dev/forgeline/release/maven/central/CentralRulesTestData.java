package dev.forgeline.release.maven.central;

/** The POM elements Maven Central requires, as a parent POM of a test release carries them. */
public final class CentralRulesTestData {
    public static final String PARENT_METADATA = """
            <name>Example</name>
            <description>An example.</description>
            <url>https://example.org</url>
            <licenses><license><name>Apache-2.0</name></license></licenses>
            <developers><developer><id>dev</id><name>A Developer</name></developer></developers>
            <scm><url>https://example.org/git</url><connection>scm:git:https://example.org/git</connection></scm>
            """;

    private CentralRulesTestData() {}
}
