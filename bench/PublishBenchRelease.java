import dev.forgeline.release.testing.FixtureRelease;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * bench/publish.sh's release: MODULES modules of group bench.publish, each a POM, a main jar and CLASSIFIERS
 * classifier jars of BYTES bytes each (pseudo-random, seeded: the same arguments give the same bytes), written by the
 * tests' FixtureRelease (release-tool/src/test/java/.../testing/FixtureRelease.java, compiled with this file by
 * bench/publish.sh), plus DIR/deploy-file.tsv, one line per module for the mvn deploy:deploy-file side: pom, main jar,
 * classifier jars (comma-separated), classifiers.
 * Usage: java -cp release-tool.jar:CLASSES PublishBenchRelease DIR MODULES CLASSIFIERS BYTES
 */
public class PublishBenchRelease {
    static final String GROUP = "bench.publish";
    static final String VERSION = "1.0.0";

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]).toAbsolutePath();
        int modules = Integer.parseInt(args[1]);
        int classifiers = Integer.parseInt(args[2]);
        long bytes = Long.parseLong(args[3]);
        FixtureRelease release = FixtureRelease.of(GROUP, VERSION);
        Path artifacts = dir.resolve("artifacts");
        List<String> deployLines = new ArrayList<>();
        for (int m = 0; m < modules; m++) {
            String a = "module-" + m;
            release.pom(a, "").jar(a, null, bytes, m * 1000L);
            List<String> files = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int c = 0; c < classifiers; c++) {
                String classifier = "platform" + c;
                release.jar(a, classifier, bytes, m * 1000L + c + 1);
                files.add(artifacts.resolve(release.fileName(a, classifier, "jar")).toString());
                names.add(classifier);
            }
            deployLines.add(artifacts.resolve(release.fileName(a, null, "pom")) + "\t"
                    + artifacts.resolve(release.fileName(a, null, "jar")) + "\t" + String.join(",", files) + "\t"
                    + String.join(",", names));
        }
        release.writeTo(dir);
        Files.write(dir.resolve("deploy-file.tsv"), deployLines);
    }
}
