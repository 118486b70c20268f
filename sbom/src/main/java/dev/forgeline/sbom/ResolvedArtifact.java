package dev.forgeline.sbom;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One artifact of a resolved Maven dependency graph, as a resolver (maven-resolver, the release
 * tool) hands it over: its coordinates, its file, and the artifacts it depends on directly.
 *
 * @param classifier the classifier; null is read as none ({@code ""})
 * @param type the type (packaging extension); null or blank is read as {@code jar}
 * @param file the resolved file, hashed into the SBOM; null when the file is not at hand (no
 *     hashes are then recorded for this artifact)
 * @param dependsOn the direct dependencies, each written as {@link #coordinates()} writes them
 *     ({@code groupId:artifactId[:type[:classifier]]:version}); null is read as none
 * @param scope the Maven scope the resolver gave it ({@code compile}, {@code runtime}, ...); null
 *     when not known
 * @param optional whether it came in as an optional dependency (CycloneDX scope {@code optional})
 * @param pom what its POM says (licenses, description, links); null when not read
 */
public record ResolvedArtifact(
        String groupId,
        String artifactId,
        String version,
        String classifier,
        String type,
        Path file,
        List<String> dependsOn,
        String scope,
        boolean optional,
        PomDetails pom) {

    public ResolvedArtifact {
        groupId = part(groupId, "groupId");
        artifactId = part(artifactId, "artifactId");
        version = part(version, "version");
        classifier = classifier == null ? "" : classifier.strip();
        type = type == null || type.isBlank() ? "jar" : type.strip();
        if (classifier.contains(":") || type.contains(":")) {
            throw new IllegalArgumentException("classifier and type must not contain ':', got '"
                    + classifier + "' and '" + type + "'");
        }
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        scope = scope == null || scope.isBlank() ? null : scope.strip();
    }

    /** An artifact of unknown scope, not optional, its POM not read. */
    public ResolvedArtifact(String groupId, String artifactId, String version, String classifier, String type,
            Path file, List<String> dependsOn) {
        this(groupId, artifactId, version, classifier, type, file, dependsOn, null, false, null);
    }

    /** The same artifact with the Maven scope and optional flag its resolution gave it. */
    public ResolvedArtifact withScope(String mavenScope, boolean isOptional) {
        return new ResolvedArtifact(groupId, artifactId, version, classifier, type, file, dependsOn, mavenScope,
                isOptional, pom);
    }

    /** The same artifact with what its POM says. */
    public ResolvedArtifact withPom(PomDetails details) {
        return new ResolvedArtifact(groupId, artifactId, version, classifier, type, file, dependsOn, scope, optional,
                details);
    }

    /**
     * {@code groupId:artifactId:version} for a plain jar, {@code groupId:artifactId:type:version}
     * with a type other than jar, {@code groupId:artifactId:type:classifier:version} with a
     * classifier: the form maven-resolver prints, and the form {@link #dependsOn()} uses.
     */
    public String coordinates() {
        return format(groupId, artifactId, type, classifier, version);
    }

    /** {@code pkg:maven/<groupId>/<artifactId>@<version>[?classifier=..][&type=..]}; type left out for jar. */
    public String purl() {
        return Purls.maven(groupId, artifactId, version, classifier, type);
    }

    static String format(String g, String a, String type, String classifier, String v) {
        if (!classifier.isEmpty()) {
            return g + ':' + a + ':' + type + ':' + classifier + ':' + v;
        }
        if (!type.equals("jar")) {
            return g + ':' + a + ':' + type + ':' + v;
        }
        return g + ':' + a + ':' + v;
    }

    /**
     * The canonical form of a coordinate string with 3, 4 or 5 parts, or null when it has another
     * shape: {@code g:a:jar:v} and {@code g:a:v} name the same artifact.
     */
    static String canonical(String coordinates) {
        String[] p = coordinates.strip().split(":", -1);
        for (String s : p) {
            if (s.isEmpty()) {
                return null;
            }
        }
        switch (p.length) {
            case 3:
                return format(p[0], p[1], "jar", "", p[2]);
            case 4:
                return format(p[0], p[1], p[2], "", p[3]);
            case 5:
                return format(p[0], p[1], p[2], p[3], p[4]);
            default:
                return null;
        }
    }

    private static String part(String value, String name) {
        Objects.requireNonNull(value, name);
        String v = value.strip();
        if (v.isEmpty() || v.contains(":")) {
            throw new IllegalArgumentException(name + " must be non-empty and free of ':', got '" + value + "'");
        }
        return v;
    }
}
