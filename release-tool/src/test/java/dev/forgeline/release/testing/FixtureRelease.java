package dev.forgeline.release.testing;

import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.manifest.ReleaseManifest.ArtifactRecord;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A generated release directory, as {@code forgeline publish} and {@code sign} take one: {@code artifacts/} with
 * modules' POMs and jars of seeded pseudo-random bytes (the same description gives the same bytes), recorded in a
 * release manifest with a fixed source and no built targets (so the smoke gate lets it through). Tests describe what
 * they need; bench/publish.sh compiles this file with its own generator, so it depends on the release tool's main
 * classes and the JDK only.
 *
 * <pre>
 * FixtureRelease.of("org.example.sample", "2.3.4").pom("sample-native", "&lt;name&gt;Idx&lt;/name&gt;")
 *         .jar("sample-native", null, 2048, 7).jar("sample-native", "linux-x86_64", 4096, 8).writeTo(dir);
 * </pre>
 */
public final class FixtureRelease {
    /** The source every generated release names (a fixed commit, clean, dated 2023-11-14T22:13:20Z). */
    public static final ReleaseManifest.Source SOURCE =
            new ReleaseManifest.Source("0123456789abcdef0123456789abcdef01234567", false, 1_700_000_000L);

    private final String groupId;
    private final String version;
    private final List<Part> parts = new ArrayList<>();

    private FixtureRelease(String groupId, String version) {
        this.groupId = groupId;
        this.version = version;
    }

    public static FixtureRelease of(String groupId, String version) {
        return new FixtureRelease(groupId, version);
    }

    /** The module's POM: its coordinates, then {@code extraXml} (metadata such as name and url; may be empty). */
    public FixtureRelease pom(String artifactId, String extraXml) {
        parts.add(new Part(artifactId, null, "pom", -1, 0, extraXml));
        return this;
    }

    /** A jar of the module ({@code classifier} null for the main jar) of {@code bytes} bytes from {@code seed}. */
    public FixtureRelease jar(String artifactId, String classifier, long bytes, long seed) {
        parts.add(new Part(artifactId, classifier, "jar", bytes, seed, null));
        return this;
    }

    /** Writes {@code dir/artifacts/*} and the release manifest; returns {@code dir}. */
    public Path writeTo(Path dir) throws IOException {
        Path artifacts = Files.createDirectories(dir.resolve("artifacts"));
        List<ArtifactRecord> records = new ArrayList<>();
        for (Part part : parts) {
            Path file = artifacts.resolve(fileName(part.artifactId(), part.classifier(), part.extension()));
            if (part.extension().equals("pom")) {
                Files.writeString(file, pomXml(groupId, part.artifactId(), version, part.pomExtra()));
            } else {
                writeRandom(file, part.bytes(), part.seed());
            }
            records.add(new ArtifactRecord(groupId, part.artifactId(), version, part.classifier(), part.extension(),
                    part.classifier(), "artifacts/" + file.getFileName(), Files.size(file), Checksums.sha256(file)));
        }
        ManifestStore.write(dir, ReleaseManifest.of(new ReleaseManifest.Project(groupId, version), SOURCE,
                new TreeMap<>(), records));
        return dir;
    }

    /** {@code artifactId-version[-classifier].extension}, the file's name under {@code artifacts/}. */
    public String fileName(String artifactId, String classifier, String extension) {
        return artifactId + "-" + version + (classifier == null ? "" : "-" + classifier) + "." + extension;
    }

    /** A minimal POM of the coordinates, with {@code extraXml} after them. */
    public static String pomXml(String groupId, String artifactId, String version, String extraXml) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>%s</groupId>
                  <artifactId>%s</artifactId>
                  <version>%s</version>
                %s</project>
                """.formatted(groupId, artifactId, version, extraXml.isEmpty() ? "" : extraXml.indent(2));
    }

    /** {@code bytes} pseudo-random bytes from {@code seed}, streamed (a bench writes files of hundreds of MiB). */
    private static void writeRandom(Path file, long bytes, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] buffer = new byte[1 << 16];
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (long left = bytes; left > 0; left -= buffer.length) {
                for (int i = 0; i < buffer.length; i += 8) {
                    long r = random.nextLong();
                    for (int k = 0; k < 8; k++) {
                        buffer[i + k] = (byte) (r >>> (8 * k));
                    }
                }
                out.write(buffer, 0, (int) Math.min(left, buffer.length));
            }
        }
    }

    private record Part(String artifactId, String classifier, String extension, long bytes, long seed, String pomExtra) {}
}
