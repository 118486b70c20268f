package dev.forgeline.release.config;

import java.nio.file.Path;
import java.util.List;

/**
 * A validated release.yaml, with every path resolved against the directory that holds it.
 *
 * @param projectDir  the directory of release.yaml
 * @param groupId     groupId of every published artifact (from release.yaml or the root POM)
 * @param version     the release version (from release.yaml or the root POM)
 * @param nativeCrate the Cargo crate directory
 * @param nativeArtifactId the Maven artifact the per-platform classifier jars attach to
 * @param mavenRoot   directory of the root pom.xml
 * @param mavenModules module directories (relative to mavenRoot) whose artifacts are published
 * @param targets     platform classifiers of the matrix, in release.yaml order
 * @param sourceFile  release.yaml itself, for messages
 */
public record ReleaseConfig(
        Path projectDir,
        String groupId,
        String version,
        Path nativeCrate,
        String nativeArtifactId,
        Path mavenRoot,
        List<String> mavenModules,
        List<String> targets,
        Path sourceFile) {

    public static final String FILE_NAME = "release.yaml";

    public ReleaseConfig {
        mavenModules = List.copyOf(mavenModules);
        targets = List.copyOf(targets);
    }
}
