package dev.forgeline.release.maven.central;

import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.common.Sidecars;
import dev.forgeline.release.maven.central.CentralViolation.Rule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Maven Central's requirements (https://central.sonatype.org/publish/requirements/), checked on a release in
 * repository layout before anything is uploaded, listing every violation at once:
 *
 * <ul>
 *   <li>every POM has {@code name}, {@code description}, {@code url}, {@code licenses} (a license with a name),
 *       {@code developers} (one with a name or id) and {@code scm} (with a url); all but {@code name} may come from a
 *       parent POM in the same release, as Maven inherits them ({@code name} is not inherited);
 *   <li>every main {@code artifactId-version.jar} has {@code -sources.jar} and {@code -javadoc.jar}; POM-only
 *       versions need neither, and classifier jars (the platform jars) are not main jars: Central asks for them only
 *       for {@code <artifactId>-<version>.jar};
 *   <li>every file has an {@code .asc} signature and {@code .md5} and {@code .sha1} files with the right digests;
 *       {@code .sha256} and {@code .sha512} are optional, but checked when present. Signatures ({@code .asc},
 *       {@code .sigstore.json}) need neither signatures nor checksums of their own, as on Central.
 * </ul>
 *
 * {@code maven-metadata.xml} is not part of a Central deployment (Central writes its own) and is ignored.
 */
public final class CentralRules {
    private CentralRules() {}

    /** The violations of every file under {@code root} (a repository-layout directory), sorted by path. */
    public static List<CentralViolation> checkDirectory(Path root) throws IOException {
        List<String> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile)
                    .forEach(f -> paths.add(root.relativize(f).toString().replace(java.io.File.separatorChar, '/')));
        }
        return check(root, paths);
    }

    /**
     * The violations of the files {@code relativePaths} (with {@code /}) under {@code root}, sorted by path.
     *
     * @throws IOException when a listed file cannot be read
     */
    public static List<CentralViolation> check(Path root, Collection<String> relativePaths) throws IOException {
        SortedSet<String> files = new TreeSet<>();
        for (String path : relativePaths) {
            if (!isMetadata(path)) {
                files.add(path);
            }
        }
        List<CentralViolation> violations = new ArrayList<>();
        Map<String, List<String>> primariesByVersionDir = new HashMap<>();
        for (String path : files) {
            String name = fileName(path);
            if (Sidecars.isSidecar(name)) {
                continue;
            }
            String[] segments = path.split("/");
            if (segments.length < 4 || !name.startsWith(segments[segments.length - 3] + "-" + segments[segments.length - 2])) {
                violations.add(new CentralViolation(path, Rule.UNREADABLE,
                        "not in repository layout (group/artifactId/version/artifactId-version[-classifier].ext)"));
                continue;
            }
            primariesByVersionDir.computeIfAbsent(parent(path), k -> new ArrayList<>()).add(path);
            checkSignatureAndChecksums(root, path, files, violations);
        }
        Map<String, PomMetadata> poms = readPoms(root, primariesByVersionDir, violations);
        for (Map.Entry<String, List<String>> entry : primariesByVersionDir.entrySet()) {
            checkVersionDirectory(entry.getKey(), new HashSet<>(entry.getValue()), poms, violations);
        }
        violations.sort(null);
        return List.copyOf(violations);
    }

    /** Throws {@link CentralRulesException} listing every violation, if there is any. */
    public static void require(Path root, Collection<String> relativePaths) throws IOException {
        List<CentralViolation> violations = check(root, relativePaths);
        if (!violations.isEmpty()) {
            throw new CentralRulesException(violations);
        }
    }

    private static void checkSignatureAndChecksums(Path root, String path, Set<String> files,
            List<CentralViolation> violations) throws IOException {
        if (!files.contains(path + ".asc")) {
            violations.add(new CentralViolation(path, Rule.SIGNATURE_MISSING, "no PGP signature " + fileName(path)
                    + ".asc"));
        }
        Checksums.Digests digests = null;
        for (Checksums.Algorithm algorithm : Checksums.Algorithm.values()) {
            String sidecar = path + "." + algorithm.fileExtension();
            boolean required = algorithm == Checksums.Algorithm.MD5 || algorithm == Checksums.Algorithm.SHA1;
            if (!files.contains(sidecar)) {
                if (required) {
                    violations.add(new CentralViolation(path, Rule.CHECKSUM_MISSING, "no checksum file "
                            + fileName(sidecar)));
                }
                continue;
            }
            if (digests == null) {
                digests = Checksums.of(root.resolve(path));
            }
            String written = readChecksum(root.resolve(sidecar));
            if (!digests.get(algorithm).equals(written)) {
                violations.add(new CentralViolation(sidecar, Rule.CHECKSUM_WRONG, "says " + written + ", but the "
                        + algorithm.jcaName() + " of " + fileName(path) + " is " + digests.get(algorithm)));
            }
        }
    }

    private static String readChecksum(Path sidecar) {
        try {
            return Checksums.readChecksumFile(sidecar);
        } catch (IOException | RuntimeException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static Map<String, PomMetadata> readPoms(Path root, Map<String, List<String>> primariesByVersionDir,
            List<CentralViolation> violations) {
        Map<String, PomMetadata> poms = new HashMap<>();
        for (Map.Entry<String, List<String>> entry : primariesByVersionDir.entrySet()) {
            String pomPath = mainFile(entry.getKey(), "pom");
            if (!entry.getValue().contains(pomPath)) {
                continue;
            }
            try {
                PomMetadata pom = PomMetadata.read(root.resolve(pomPath));
                poms.put(pom.gav(), pom);
                poms.put(pomPath, pom);
            } catch (IOException e) {
                violations.add(new CentralViolation(pomPath, Rule.UNREADABLE, "not a readable POM: " + e.getMessage()));
            }
        }
        return poms;
    }

    private static void checkVersionDirectory(String versionDir, Set<String> primaries, Map<String, PomMetadata> poms,
            List<CentralViolation> violations) {
        String pomPath = mainFile(versionDir, "pom");
        String jarPath = mainFile(versionDir, "jar");
        if (primaries.contains(jarPath)) {
            for (String classifier : List.of("sources", "javadoc")) {
                String companion = versionDir + "/" + baseName(versionDir) + "-" + classifier + ".jar";
                if (!primaries.contains(companion)) {
                    violations.add(new CentralViolation(jarPath, Rule.SOURCES_OR_JAVADOC_MISSING, "no "
                            + fileName(companion) + " next to it (Central requires -sources.jar and -javadoc.jar for"
                            + " every main jar)"));
                }
            }
        }
        if (!primaries.contains(pomPath)) {
            violations.add(new CentralViolation(pomPath, Rule.POM_METADATA, "missing: every version needs its POM"));
            return;
        }
        PomMetadata pom = poms.get(pomPath);
        if (pom == null) {
            return; // unreadable, reported
        }

        String[] segments = versionDir.split("/");
        String group = String.join(".", java.util.Arrays.copyOf(segments, segments.length - 2));
        String artifact = segments[segments.length - 2];
        String version = segments[segments.length - 1];
        if (!pom.gav().equals(group + ":" + artifact + ":" + version)) {
            violations.add(new CentralViolation(pomPath, Rule.POM_COORDINATES, "names " + pom.gav() + ", but its path"
                    + " is that of " + group + ":" + artifact + ":" + version));
        }
        List<String> missing = pom.missingFields(gav -> poms.get(gav));
        if (!missing.isEmpty()) {
            violations.add(new CentralViolation(pomPath, Rule.POM_METADATA, "lacks " + String.join(", ", missing)
                    + " (in the POM" + (pom.parentGav() != null ? " or a parent POM in this release" : "") + ")"));
        }

    }

    private static boolean isMetadata(String path) {
        String name = fileName(path);
        return name.equals("maven-metadata.xml") || name.startsWith("maven-metadata.xml.");
    }

    private static String mainFile(String versionDir, String extension) {
        return versionDir + "/" + baseName(versionDir) + "." + extension;
    }

    /** {@code artifactId-version} of a {@code group/artifactId/version} directory. */
    private static String baseName(String versionDir) {
        String[] segments = versionDir.split("/");
        return segments[segments.length - 2] + "-" + segments[segments.length - 1];
    }

    private static String parent(String path) {
        return path.substring(0, path.lastIndexOf('/'));
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
