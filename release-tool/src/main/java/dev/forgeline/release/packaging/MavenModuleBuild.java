package dev.forgeline.release.packaging;

import dev.forgeline.release.io.ProcessRunner;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.config.PomCoordinates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the Maven modules a release publishes ({@code mvn package}, tests left to the test job) in
 * the private source copy, and collects each module's jar and POM. The loader learns which
 * platforms the release supports through {@code -Dnative.platforms}.
 */
public final class MavenModuleBuild {
    static final String INSTALL_HINT = "install Apache Maven 3.8 or newer (apt-get install maven) or set FORGELINE_MVN to its mvn";

    private final Path mavenRoot;
    private final List<String> modules;
    private final String expectedVersion;
    private final List<String> platforms;
    private final Path logDir;
    private final Map<String, String> env;

    public MavenModuleBuild(Path mavenRoot, List<String> modules, String expectedVersion, List<String> platforms,
            Path logDir, Map<String, String> env) {
        this.mavenRoot = mavenRoot;
        this.modules = List.copyOf(modules);
        this.expectedVersion = expectedVersion;
        this.platforms = List.copyOf(platforms);
        this.logDir = logDir;
        this.env = Map.copyOf(env);
    }

    /**
     * A built module: its coordinates, its POM file, its main artifact (null for pom packaging) and the jars attached
     * to it by classifier ({@code sources}, {@code javadoc}: Maven Central requires both next to every main jar; the
     * module's POM decides whether it builds them).
     */
    public record Module(PomCoordinates coordinates, Path pom, Path jar, Map<String, Path> attached) {
        public Module {
            attached = Map.copyOf(attached);
        }
    }

    /** The classifiers of attached jars collected when the module's build writes them. */
    static final List<String> ATTACHED_CLASSIFIERS = List.of("sources", "javadoc");

    public List<Module> build() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(env.getOrDefault("FORGELINE_MVN", "mvn"),
                "-B", "-q", "-e", "-DskipTests", "-Dnative.platforms=" + String.join(",", platforms),
                "-f", mavenRoot.resolve("pom.xml").toString()));
        List<String> selected = modules.stream().filter(m -> !m.equals(".")).toList();
        if (!selected.isEmpty()) {
            command.addAll(List.of("-pl", String.join(",", selected), "-am"));
        } else {
            command.add("-N");
        }
        command.add("package");
        Path log = logDir.resolve("maven.log");
        ProcessRunner.Result result;
        try {
            result = ProcessRunner.run(command, mavenRoot, Map.of(), log);
        } catch (ProcessRunner.ToolNotFoundException e) {
            throw new ForgelineException(ExitCode.TOOLCHAIN_MISSING, "mvn is not installed (not found on PATH)", INSTALL_HINT, e);
        }
        if (result.exitCode() != 0) {
            throw new ForgelineException(ExitCode.BUILD_FAILED,
                    "mvn package failed with exit code " + result.exitCode() + ":\n" + result.tail(30),
                    "the full output is in " + log, null);
        }
        List<Module> built = new ArrayList<>();
        for (String module : modules) {
            built.add(collect(mavenRoot.resolve(module).normalize()));
        }
        return built;
    }

    private Module collect(Path moduleDir) {
        Path pom = moduleDir.resolve("pom.xml");
        PomCoordinates coordinates = PomCoordinates.read(pom);
        if (!expectedVersion.equals(coordinates.version())) {
            throw new ForgelineException(ExitCode.USAGE,
                    pom + " has version " + coordinates.version() + " but the release version is " + expectedVersion,
                    "set the same version in the POMs and in release.yaml (project.version)", null);
        }
        if (coordinates.packaging().equals("pom")) {
            return new Module(coordinates, pom, null, Map.of());
        }
        if (!coordinates.packaging().equals("jar")) {
            throw new ForgelineException(ExitCode.USAGE, pom + ": packaging '" + coordinates.packaging() + "' is not supported",
                    "forgeline publishes jar and pom modules", null);
        }
        Path jar = moduleDir.resolve("target").resolve(coordinates.artifactId() + "-" + coordinates.version() + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new ForgelineException(ExitCode.BUILD_FAILED, "mvn package did not produce " + jar,
                    "forgeline expects the default finalName artifactId-version", null);
        }
        Map<String, Path> attached = new java.util.TreeMap<>();
        for (String classifier : ATTACHED_CLASSIFIERS) {
            Path file = jar.resolveSibling(coordinates.artifactId() + "-" + coordinates.version() + "-" + classifier
                    + ".jar");
            if (Files.isRegularFile(file)) {
                attached.put(classifier, file);
            }
        }
        return new Module(coordinates, pom, jar, attached);
    }
}
