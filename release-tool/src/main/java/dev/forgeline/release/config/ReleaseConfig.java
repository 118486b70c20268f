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
 * @param smoke       how artifacts are smoke-tested before publishing
 * @param binaryPolicy what every built library must satisfy before it is packaged
 * @param crossRustc  which rustc cross-compiles foreign Linux targets
 * @param tagPattern  the git tag of a release of {@code version}: {@code {version}} stands for it (default v{version})
 * @param optionalTargets targets of the matrix a release may ship without (every other target must be built and
 *     smoke-tested before anything is signed or published)
 * @param image       the container image of a published module, or null for none
 * @param signing     how the Sigstore bundles are signed (a local key unless {@code signing.mode: keyless})
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
        Path sourceFile,
        Smoke smoke,
        dev.forgeline.release.config.BinaryPolicy binaryPolicy,
        dev.forgeline.release.config.CrossRustcSource crossRustc,
        String tagPattern,
        List<String> optionalTargets,
        Image image,
        Signing signing) {

    public static final String FILE_NAME = "release.yaml";
    public static final String VERSION_PLACEHOLDER = "{version}";
    public static final String DEFAULT_TAG_PATTERN = "v" + VERSION_PLACEHOLDER;
    public static final java.net.URI MAVEN_CENTRAL = java.net.URI.create("https://repo.maven.apache.org/maven2/");

    /**
     * @param mainClass  a harness in the published native artifact (null: forgeline's generic load check)
     * @param upstream   where third-party dependencies of the released artifacts are resolved from
     * @param olderGlibc whether Linux targets also run on an older Debian's glibc where the policy allows
     */
    public record Smoke(String mainClass, java.net.URI upstream, boolean olderGlibc) {
        public Smoke(String mainClass, java.net.URI upstream) {
            this(mainClass, upstream, true);
        }
    }

    /**
     * The OCI image {@code release --local} builds (docs/image.md).
     *
     * @param artifactId a published module of the project's groupId whose jar runs in the image
     * @param mainClass  its main class, the image's entrypoint
     * @param source     where its sources are, for the {@code org.opencontainers.image.source} label
     */
    public record Image(String artifactId, String mainClass, java.net.URI source) {}

    /**
     * How {@code release} and {@code sign} make the Sigstore bundles when no flag says otherwise (docs/release-yaml.md).
     *
     * @param keyless       keyless (a Fulcio certificate, Rekor entries) instead of a local Sigstore key
     * @param signingConfig the Sigstore signing_config.json naming Fulcio and Rekor (null: Sigstore's public instance)
     * @param oidcTokenFile a file holding the OIDC token (null: FORGELINE_OIDC_TOKEN, else GitHub Actions' token)
     */
    public record Signing(boolean keyless, Path signingConfig, Path oidcTokenFile) {
        public static final Signing WITH_KEY = new Signing(false, null, null);
    }

    public ReleaseConfig {
        signing = signing == null ? Signing.WITH_KEY : signing;
        mavenModules = List.copyOf(mavenModules);
        targets = List.copyOf(targets);
        optionalTargets = List.copyOf(optionalTargets);
    }

    /** The targets a release of this configuration must ship: the matrix without the optional ones, in matrix order. */
    public List<String> requiredTargets() {
        return targets.stream().filter(t -> !optionalTargets.contains(t)).toList();
    }

    /** The tag a release of this version carries: {@code tagPattern} with the version in place of {version}. */
    public String expectedTag() {
        return tagPattern.replace(VERSION_PLACEHOLDER, version);
    }
}
