import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.manifest.ReleaseManifest.ArtifactRecord;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * bench/publish.sh's release: MODULES modules of group bench.publish, each a POM, a main jar and CLASSIFIERS
 * classifier jars of BYTES bytes each (pseudo-random, seeded: the same arguments give the same bytes), recorded in a
 * release manifest forgeline publish accepts (no built targets: nothing to smoke-test), plus DIR/deploy-file.tsv, one
 * line per module for the mvn deploy:deploy-file side: pom, main jar, classifier jars (comma-separated), classifiers.
 * Usage: java -cp release-tool.jar PublishBenchRelease.java DIR MODULES CLASSIFIERS BYTES
 */
public class PublishBenchRelease {
    static final String GROUP = "bench.publish";
    static final String VERSION = "1.0.0";

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int modules = Integer.parseInt(args[1]);
        int classifiers = Integer.parseInt(args[2]);
        long bytes = Long.parseLong(args[3]);
        Path artifacts = Files.createDirectories(dir.resolve("artifacts"));
        List<ArtifactRecord> records = new ArrayList<>();
        List<String> deployLines = new ArrayList<>();
        for (int m = 0; m < modules; m++) {
            String a = "module-" + m;
            Path pom = Files.writeString(artifacts.resolve(a + "-" + VERSION + ".pom"), """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <project xmlns="http://maven.apache.org/POM/4.0.0">
                      <modelVersion>4.0.0</modelVersion>
                      <groupId>%s</groupId>
                      <artifactId>%s</artifactId>
                      <version>%s</version>
                    </project>
                    """.formatted(GROUP, a, VERSION));
            records.add(record(pom, a, null, "pom"));
            Path jar = random(artifacts.resolve(a + "-" + VERSION + ".jar"), bytes, m * 1000L);
            records.add(record(jar, a, null, "jar"));
            List<String> files = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int c = 0; c < classifiers; c++) {
                String classifier = "platform" + c;
                Path file = random(artifacts.resolve(a + "-" + VERSION + "-" + classifier + ".jar"), bytes, m * 1000L + c + 1);
                records.add(record(file, a, classifier, "jar"));
                files.add(file.toAbsolutePath().toString());
                names.add(classifier);
            }
            deployLines.add(pom.toAbsolutePath() + "\t" + jar.toAbsolutePath() + "\t" + String.join(",", files) + "\t"
                    + String.join(",", names));
        }
        ManifestStore.write(dir, ReleaseManifest.of(new ReleaseManifest.Project(GROUP, VERSION),
                new ReleaseManifest.Source("0123456789abcdef0123456789abcdef01234567", false, 1_700_000_000L),
                new TreeMap<>(), records));
        Files.write(dir.resolve("deploy-file.tsv"), deployLines);
    }

    private static Path random(Path file, long bytes, long seed) throws Exception {
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
        return file;
    }

    private static ArtifactRecord record(Path file, String artifactId, String classifier, String extension)
            throws Exception {
        return new ArtifactRecord(GROUP, artifactId, VERSION, classifier, extension, classifier,
                "artifacts/" + file.getFileName(), Files.size(file), Checksums.sha256(file));
    }
}
