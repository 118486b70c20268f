package dev.forgeline.release.maven;

import dev.forgeline.release.common.Checksums;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Test helpers: files with known content, poms, and a digest listing of a whole directory tree. */
public final class Fixtures {

    public static final String GROUP = "dev.forgeline.test";

    private Fixtures() {}

    /** Deterministic pseudo-random bytes, different per seed. */
    public static byte[] bytes(long seed, int size) {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        return content;
    }

    public static Path write(Path directory, String name, byte[] content) throws IOException {
        Files.createDirectories(directory);
        return Files.write(directory.resolve(name), content);
    }

    public static Path write(Path directory, String name, String content) throws IOException {
        return write(directory, name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** A pom; each dependency is {@code artifactId:version[:classifier[:scope]]} in {@link #GROUP}. */
    public static String pom(String artifactId, String version, String packaging, String... dependencies) {
        StringBuilder xml = new StringBuilder();
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n")
                .append("  <modelVersion>4.0.0</modelVersion>\n")
                .append("  <groupId>").append(GROUP).append("</groupId>\n")
                .append("  <artifactId>").append(artifactId).append("</artifactId>\n")
                .append("  <version>").append(version).append("</version>\n")
                .append("  <packaging>").append(packaging).append("</packaging>\n");
        if (dependencies.length > 0) {
            xml.append("  <dependencies>\n");
            for (String dependency : dependencies) {
                String[] p = dependency.split(":");
                xml.append("    <dependency><groupId>").append(GROUP).append("</groupId>")
                        .append("<artifactId>").append(p[0]).append("</artifactId>")
                        .append("<version>").append(p[1]).append("</version>");
                if (p.length > 2 && !p[2].isEmpty()) {
                    xml.append("<classifier>").append(p[2]).append("</classifier>");
                }
                if (p.length > 3) {
                    xml.append("<scope>").append(p[3]).append("</scope>");
                }
                xml.append("</dependency>\n");
            }
            xml.append("  </dependencies>\n");
        }
        return xml.append("</project>\n").toString();
    }

    /**
     * A jar-packaged version: pom, main jar and one jar per classifier, with content derived from the version so
     * two versions differ.
     */
    public static List<PublishedArtifact> jarRelease(Path work, String artifactId, String version, String... classifiers)
            throws IOException {
        Path dir = work.resolve("build").resolve(artifactId + "-" + version);
        List<PublishedArtifact> artifacts = new ArrayList<>();
        artifacts.add(new PublishedArtifact(GROUP, artifactId, version, null, "pom",
                write(dir, "pom.xml", pom(artifactId, version, "jar"))));
        long seed = (artifactId + version).hashCode();
        artifacts.add(new PublishedArtifact(GROUP, artifactId, version, null, "jar",
                write(dir, "main.jar", bytes(seed, 70_000))));
        for (String classifier : classifiers) {
            artifacts.add(new PublishedArtifact(GROUP, artifactId, version, classifier, "jar",
                    write(dir, classifier + ".jar", bytes(seed + classifier.hashCode(), 150_000))));
        }
        return artifacts;
    }

    /**
     * A release of three modules in {@code work/build-VERSION}: {@code parent} (a pom), {@code core} (jar of
     * {@code coreBytes}, one jar of {@code classifierBytes} per classifier) and {@code app} (jar of {@code appBytes},
     * depends on core through {@code ${project.groupId}}, inherited from parent, so a reader must interpolate); both
     * have parent as their parent. Named so that path order is not dependency order; content derived from the version.
     */
    public static List<PublishedArtifact> parentCoreApp(Path work, String version, int coreBytes, int classifierBytes,
            int appBytes, String... classifiers) throws IOException {
        Path dir = work.resolve("build-" + version);
        String parentRef = "<parent><groupId>" + GROUP + "</groupId><artifactId>parent</artifactId><version>" + version
                + "</version></parent>";
        List<PublishedArtifact> artifacts = new ArrayList<>();
        artifacts.add(new PublishedArtifact(GROUP, "parent", version, null, "pom", write(dir, "parent.pom",
                "<project><modelVersion>4.0.0</modelVersion><groupId>" + GROUP + "</groupId><artifactId>parent"
                        + "</artifactId><version>" + version + "</version><packaging>pom</packaging></project>\n")));
        artifacts.add(new PublishedArtifact(GROUP, "core", version, null, "pom", write(dir, "core.pom",
                "<project><modelVersion>4.0.0</modelVersion>" + parentRef + "<artifactId>core</artifactId></project>\n")));
        artifacts.add(new PublishedArtifact(GROUP, "core", version, null, "jar", write(dir, "core.jar",
                bytes(version.hashCode(), coreBytes))));
        for (String classifier : classifiers) {
            artifacts.add(new PublishedArtifact(GROUP, "core", version, classifier, "jar",
                    write(dir, "core-" + classifier + ".jar", bytes((version + classifier).hashCode(), classifierBytes))));
        }
        artifacts.add(new PublishedArtifact(GROUP, "app", version, null, "pom", write(dir, "app.pom",
                "<project><modelVersion>4.0.0</modelVersion>" + parentRef + "<artifactId>app</artifactId>"
                        + "<dependencies><dependency><groupId>${project.groupId}</groupId><artifactId>core</artifactId>"
                        + "<version>" + version + "</version></dependency></dependencies></project>\n")));
        artifacts.add(new PublishedArtifact(GROUP, "app", version, null, "jar", write(dir, "app.jar",
                bytes(("app" + version).hashCode(), appBytes))));
        return artifacts;
    }

    /** Every path under {@code root} (relative, {@code /}) to the sha256 of its content, or {@code <dir>}. */
    public static SortedMap<String, String> tree(Path root) throws IOException {
        SortedMap<String, String> listing = new TreeMap<>();
        if (!Files.exists(root)) {
            return listing;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String relative = root.relativize(p).toString().replace('\\', '/');
                listing.put(relative, Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                        ? "<dir>"
                        : hex("SHA-256", Files.readAllBytes(p)));
            }
        }
        return listing;
    }

    /** Names in a directory, sorted. */
    public static List<String> names(Path directory) throws IOException {
        try (Stream<Path> list = Files.list(directory)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Independent of {@link Checksums}: the JCA digest of the whole content, lower-case hex. */
    public static String hex(String algorithm, byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
