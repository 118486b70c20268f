package dev.forgeline.release.packaging;

import dev.forgeline.release.packaging.BuiltArtifact;
import dev.forgeline.release.packaging.ConsumerPom;
import dev.forgeline.release.packaging.MavenModuleBuild;
import dev.forgeline.release.config.ReleaseConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Packages the Maven modules a release publishes, from a source snapshot, for a given set of
 * platforms: the loader learns them through {@code -Dnative.platforms}, and the native artifact's
 * published POM depends on each platform's classifier jar. Used by {@code build} and by
 * {@code assemble}, which knows the platforms only after merging the runners' builds.
 */
public final class JavaModulesStep {
    private final ReleaseConfig config;
    private final Path mavenRoot;
    private final List<String> platforms;
    private final Path artifactsDir;
    private final Path logDir;
    private final Map<String, String> env;
    private final PrintStream progress;

    public JavaModulesStep(ReleaseConfig config, Path mavenRoot, List<String> platforms, Path artifactsDir, Path logDir,
            Map<String, String> env, PrintStream progress) {
        this.config = config;
        this.mavenRoot = mavenRoot;
        this.platforms = List.copyOf(platforms);
        this.artifactsDir = artifactsDir;
        this.logDir = logDir;
        this.env = Map.copyOf(env);
        this.progress = progress;
    }

    public List<BuiltArtifact> call() throws IOException, InterruptedException {
        progress.println("maven     package " + String.join(", ", config.mavenModules())
                + " for platforms " + String.join(", ", platforms));
        List<MavenModuleBuild.Module> modules = new MavenModuleBuild(mavenRoot, config.mavenModules(), config.version(),
                platforms, logDir, env).build();
        List<BuiltArtifact> artifacts = new ArrayList<>();
        for (MavenModuleBuild.Module module : modules) {
            artifacts.addAll(collect(module));
        }
        return artifacts;
    }

    private List<BuiltArtifact> collect(MavenModuleBuild.Module module) throws IOException {
        var c = module.coordinates();
        List<BuiltArtifact> out = new ArrayList<>();
        BuiltArtifact pom = new BuiltArtifact(c.groupId(), c.artifactId(), c.version(), null, "pom", null,
                artifactsDir.resolve(c.artifactId() + "-" + c.version() + ".pom"));
        if (c.artifactId().equals(config.nativeArtifactId()) && c.groupId().equals(config.groupId())) {
            Files.write(pom.file(), ConsumerPom.withPlatformDependencies(module.pom(), c.groupId(), c.artifactId(),
                    c.version(), platforms));
        } else {
            Files.copy(module.pom(), pom.file(), StandardCopyOption.REPLACE_EXISTING);
        }
        out.add(pom);
        if (module.jar() != null) {
            BuiltArtifact jar = new BuiltArtifact(c.groupId(), c.artifactId(), c.version(), null, "jar", null,
                    artifactsDir.resolve(c.artifactId() + "-" + c.version() + ".jar"));
            Files.copy(module.jar(), jar.file(), StandardCopyOption.REPLACE_EXISTING);
            out.add(jar);
            for (Map.Entry<String, Path> attached : module.attached().entrySet()) {
                BuiltArtifact file = new BuiltArtifact(c.groupId(), c.artifactId(), c.version(), attached.getKey(), "jar",
                        null, artifactsDir.resolve(c.artifactId() + "-" + c.version() + "-" + attached.getKey() + ".jar"));
                Files.copy(attached.getValue(), file.file(), StandardCopyOption.REPLACE_EXISTING);
                out.add(file);
            }
        }
        for (BuiltArtifact a : out) {
            progress.println("packaged  " + a.fileName());
        }
        return out;
    }
}
