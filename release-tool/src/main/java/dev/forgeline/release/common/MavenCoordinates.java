package dev.forgeline.release.common;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One Maven artifact's coordinates: {@code groupId:artifactId:version[:classifier]} plus the file extension.
 *
 * <p>Checked on construction, so a value that exists can always be turned into a repository path: ids and the
 * classifier are {@code [A-Za-z0-9_.-]+} (no path separators, no {@code ..}); the version has no whitespace,
 * {@code /}, {@code \}, {@code :} or {@code @}; the extension is dot-separated id parts ({@code jar},
 * {@code tar.gz}, {@code jar.asc}). An empty classifier means "no classifier" and is stored as {@code null}.
 */
public record MavenCoordinates(String groupId, String artifactId, String version, String classifier, String extension) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern VERSION = Pattern.compile("[^\\s/\\\\:@]+");
    private static final Pattern EXTENSION = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    public MavenCoordinates {
        groupId = requireId("groupId", groupId);
        artifactId = requireId("artifactId", artifactId);
        Objects.requireNonNull(version, "version");
        if (!VERSION.matcher(version).matches() || version.equals(".") || version.equals("..")) {
            throw invalid("version", version, "no whitespace, '/', '\\', ':' or '@'");
        }
        if (classifier != null && classifier.isEmpty()) {
            classifier = null;
        }
        if (classifier != null) {
            classifier = requireId("classifier", classifier);
        }
        Objects.requireNonNull(extension, "extension");
        if (!EXTENSION.matcher(extension).matches()) {
            throw invalid("extension", extension, "dot-separated parts of [A-Za-z0-9_-], e.g. jar, pom, tar.gz, jar.asc");
        }
    }

    /** Coordinates without classifier. */
    public static MavenCoordinates of(String groupId, String artifactId, String version, String extension) {
        return new MavenCoordinates(groupId, artifactId, version, null, extension);
    }

    /**
     * Parses {@code groupId:artifactId:version[:classifier][@extension]}; the extension defaults to {@code jar}.
     * This is the form {@link #toString()} prints, so the two round-trip.
     *
     * @throws IllegalArgumentException with the expected form when {@code text} does not match it
     */
    public static MavenCoordinates parse(String text) {
        Objects.requireNonNull(text, "text");
        String extension = "jar";
        String gav = text.trim();
        int at = gav.lastIndexOf('@');
        if (at >= 0) {
            extension = gav.substring(at + 1);
            gav = gav.substring(0, at);
        }
        String[] parts = gav.split(":", -1);
        if (parts.length < 3 || parts.length > 4) {
            throw new IllegalArgumentException("Invalid Maven coordinate '" + text
                    + "': expected groupId:artifactId:version[:classifier][@extension],"
                    + " e.g. dev.forgeline:native-core:1.2.0:linux-x86_64");
        }
        return new MavenCoordinates(parts[0], parts[1], parts[2], parts.length == 4 ? parts[3] : null, extension);
    }

    public MavenCoordinates withClassifier(String newClassifier) {
        return new MavenCoordinates(groupId, artifactId, version, newClassifier, extension);
    }

    public MavenCoordinates withExtension(String newExtension) {
        return new MavenCoordinates(groupId, artifactId, version, classifier, newExtension);
    }

    /** {@code groupId:artifactId}. */
    public String groupArtifact() {
        return groupId + ":" + artifactId;
    }

    /** File name in the repository layout: {@code artifactId-version[-classifier].extension}. */
    public String fileName() {
        return artifactId + "-" + version + (classifier == null ? "" : "-" + classifier) + "." + extension;
    }

    /** {@code group/path/artifactId}: the directory holding the artifact's maven-metadata.xml. */
    public String groupArtifactPath() {
        return groupId.replace('.', '/') + "/" + artifactId;
    }

    /** {@code group/path/artifactId/version}: the directory of this version. */
    public String versionPath() {
        return groupArtifactPath() + "/" + version;
    }

    /** Path of the file inside a Maven 2 layout repository, always with {@code /}. */
    public String repositoryPath() {
        return versionPath() + "/" + fileName();
    }

    @Override
    public String toString() {
        return groupId + ":" + artifactId + ":" + version + (classifier == null ? "" : ":" + classifier)
                + ("jar".equals(extension) ? "" : "@" + extension);
    }

    private static String requireId(String field, String value) {
        Objects.requireNonNull(value, field);
        if (!ID.matcher(value).matches() || value.equals(".") || value.equals("..")) {
            throw invalid(field, value, "only letters, digits, '_', '-' and '.'");
        }
        return value;
    }

    private static IllegalArgumentException invalid(String field, String value, String rule) {
        return new IllegalArgumentException("Invalid Maven " + field + " '" + value + "': " + rule);
    }
}
