package dev.forgeline.release.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.forgeline.release.platform.TargetCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads and validates release.yaml. Every error names the file, line and field and says how to fix
 * it; nothing is written anywhere, so a bad configuration leaves no trace.
 */
public final class ReleaseConfigLoader {
    private static final int SUPPORTED_FORMAT = 1;

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);

    /** Loads {@code release.yaml} from a project directory. */
    public ReleaseConfig loadFromProject(Path projectDir) {
        return load(projectDir.resolve(ReleaseConfig.FILE_NAME));
    }

    public ReleaseConfig load(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        String text;
        try {
            text = Files.readString(absolute, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("no release configuration at " + absolute,
                    "run forgeline in the project directory, or pass --config <path to release.yaml>", e);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + absolute + ": " + e.getMessage(), null, e);
        }
        RawReleaseConfig raw = parse(absolute, text);
        return new Validation(absolute, new YamlLocator(text)).validate(raw);
    }

    private RawReleaseConfig parse(Path file, String text) {
        try {
            RawReleaseConfig raw = yaml.readValue(text, RawReleaseConfig.class);
            if (raw == null) {
                throw new ConfigException(file + ": the file is empty", "see docs/release-yaml.md for the format", null);
            }
            return raw;
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(where(file, e.getLocation()) + ": unknown field '" + path(e) + "'",
                    "known fields here: " + e.getKnownPropertyIds(), e);
        } catch (MismatchedInputException e) {
            String field = path(e);
            String what = e.getOriginalMessage().contains("Missing required creator property")
                    ? "missing required field '" + field + "'"
                    : "field '" + field + "' has the wrong type (expected " + describe(e.getTargetType()) + ")";
            throw new ConfigException(where(file, e.getLocation()) + ": " + what, "see docs/release-yaml.md for the format", e);
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof JacksonException syntax && !(syntax instanceof JsonMappingException)) {
                throw new ConfigException(where(file, syntax.getLocation()) + ": not valid YAML: "
                        + oneLine(syntax.getOriginalMessage()), "check the indentation and quoting on that line", e);
            }
            throw new ConfigException(where(file, e.getLocation()) + ": field '" + path(e) + "': "
                    + e.getOriginalMessage(), "see docs/release-yaml.md for the format", e);
        } catch (JacksonException e) {
            throw new ConfigException(where(file, e.getLocation()) + ": not valid YAML: " + oneLine(e.getOriginalMessage()),
                    "check the indentation and quoting on that line", e);
        }
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\R\\s*", "; ").trim();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type == Integer.class || type == int.class) {
            return "a whole number";
        }
        if (type == String.class) {
            return "a string";
        }
        return "a mapping";
    }

    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    static String where(Path file, JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return file.toString();
        }
        return file + ":" + location.getLineNr() + ":" + location.getColumnNr();
    }

    /** Checks that need the parsed values; each error is located in the YAML text. */
    private static final class Validation {
        private final Path file;
        private final Path dir;
        private final YamlLocator locator;

        Validation(Path file, YamlLocator locator) {
            this.file = file;
            this.dir = file.getParent();
            this.locator = locator;
        }

        ReleaseConfig validate(RawReleaseConfig raw) {
            if (raw.formatVersion() != SUPPORTED_FORMAT) {
                throw error("/version", "format version " + raw.formatVersion() + " is not supported",
                        "this forgeline reads version: " + SUPPORTED_FORMAT);
            }
            Path crate = existingDirectory("/native/crate", raw.nativeSection().crate(), "native.crate");
            if (!Files.isRegularFile(crate.resolve("Cargo.toml"))) {
                throw error("/native/crate", "native.crate '" + raw.nativeSection().crate() + "' has no Cargo.toml",
                        "point native.crate at the directory of the Rust crate");
            }
            requireNonBlank("/native/artifactId", raw.nativeSection().artifactId(), "native.artifactId");

            RawReleaseConfig.Maven maven = raw.maven() == null ? new RawReleaseConfig.Maven(null, null) : raw.maven();
            Path mavenRoot = existingDirectory("/maven/root", maven.root() == null ? "." : maven.root(), "maven.root");
            if (!Files.isRegularFile(mavenRoot.resolve("pom.xml"))) {
                throw error("/maven/root", "maven.root has no pom.xml", "point maven.root at the directory of the root pom.xml");
            }
            List<String> modules = maven.publish() == null ? List.of(".") : maven.publish();
            for (int i = 0; i < modules.size(); i++) {
                Path module = mavenRoot.resolve(modules.get(i)).normalize();
                if (!Files.isRegularFile(module.resolve("pom.xml"))) {
                    throw error("/maven/publish/" + i, "maven.publish[" + i + "] '" + modules.get(i) + "' has no pom.xml",
                            "list module directories relative to maven.root");
                }
            }

            List<String> targets = validateTargets(raw.targets());
            List<String> optional = raw.optionalTargets() == null ? List.of() : raw.optionalTargets();
            for (int i = 0; i < optional.size(); i++) {
                if (!targets.contains(optional.get(i))) {
                    throw error("/optionalTargets/" + i, "optionalTargets[" + i + "] '" + optional.get(i)
                            + "' is not one of targets", "list only targets of the matrix: " + String.join(", ", targets));
                }
            }
            PomCoordinates pom = PomCoordinates.read(mavenRoot.resolve("pom.xml"));
            RawReleaseConfig.Project project = raw.project() == null ? new RawReleaseConfig.Project(null, null, null) : raw.project();
            String groupId = project.groupId() != null ? project.groupId() : pom.groupId();
            String version = project.version() != null ? project.version() : pom.version();
            if (groupId == null || groupId.isBlank()) {
                throw error("/project/groupId", "no groupId: neither project.groupId nor the root pom.xml sets one",
                        "add project.groupId to release.yaml");
            }
            if (version == null || version.isBlank() || version.contains("${")) {
                throw error("/project/version", "no usable version: neither project.version nor the root pom.xml sets one",
                        "add project.version to release.yaml");
            }
            String tagPattern = project.tagPattern() == null ? ReleaseConfig.DEFAULT_TAG_PATTERN : project.tagPattern();
            if (!tagPattern.contains(ReleaseConfig.VERSION_PLACEHOLDER)) {
                throw error("/project/tagPattern", "project.tagPattern '" + tagPattern + "' does not contain "
                        + ReleaseConfig.VERSION_PLACEHOLDER, "write the tag of a release with {version} where the version "
                        + "goes, e.g. v{version} or release-{version}");
            }
            return new ReleaseConfig(dir, groupId, version, crate, raw.nativeSection().artifactId(), mavenRoot,
                    modules, targets, file, smoke(raw.smoke()), binaryPolicy(raw.checks()), crossRustc(raw.cross()),
                    tagPattern, optional, image(raw.image()), signing(raw.signing()));
        }

        private ReleaseConfig.Signing signing(RawReleaseConfig.Signing raw) {
            if (raw == null) {
                return ReleaseConfig.Signing.WITH_KEY;
            }
            String mode = raw.mode() == null ? "key" : raw.mode();
            if (!mode.equals("key") && !mode.equals("keyless")) {
                throw error("/signing/mode", "signing.mode '" + mode + "' is not one of key, keyless",
                        "key: the Sigstore key given to sign (--sigstore-key or $FORGELINE_SIGSTORE_KEY); keyless: a "
                                + "Fulcio certificate for the CI's OIDC identity");
            }
            boolean keyless = mode.equals("keyless");
            if (!keyless && (raw.signingConfig() != null || raw.oidcTokenFile() != null)) {
                throw error(raw.signingConfig() != null ? "/signing/signingConfig" : "/signing/oidcTokenFile",
                        "signing." + (raw.signingConfig() != null ? "signingConfig" : "oidcTokenFile")
                                + " is only used when signing keyless", "add 'mode: keyless' to signing, or remove it");
            }
            Path signingConfig = null;
            if (raw.signingConfig() != null) {
                signingConfig = existingFile("/signing/signingConfig", raw.signingConfig(), "signing.signingConfig");
                try {
                    dev.forgeline.release.sigstore.SigningConfig.parse(Files.readAllBytes(signingConfig),
                            java.time.Instant.now());
                } catch (IOException | IllegalArgumentException e) {
                    throw error("/signing/signingConfig", "signing.signingConfig '" + raw.signingConfig()
                            + "' is not a usable Sigstore signing config: " + e.getMessage(),
                            "give a signing_config.json (v0.2) with a Fulcio (caUrls) and a Rekor v1 (rekorTlogUrls) "
                                    + "service valid now");
                }
            }
            Path tokenFile = null;
            if (raw.oidcTokenFile() != null) {
                requireNonBlank("/signing/oidcTokenFile", raw.oidcTokenFile(), "signing.oidcTokenFile");
                tokenFile = dir.resolve(raw.oidcTokenFile()).normalize(); // written by the CI job: need not exist yet
            }
            return new ReleaseConfig.Signing(keyless, signingConfig, tokenFile);
        }

        private Path existingFile(String pointer, String value, String field) {
            requireNonBlank(pointer, value, field);
            Path path = dir.resolve(value).normalize();
            if (!Files.isRegularFile(path)) {
                throw error(pointer, field + " '" + value + "' is not a file (resolved to " + path + ")",
                        "paths in release.yaml are relative to the directory that holds it");
            }
            return path;
        }

        private ReleaseConfig.Image image(RawReleaseConfig.Image raw) {
            if (raw == null) {
                return null;
            }
            if (!raw.artifactId().matches("[A-Za-z0-9_.-]+")) {
                throw error("/image/artifactId", "image.artifactId '" + raw.artifactId() + "' is not a Maven artifactId",
                        "name the published module whose jar the image runs, e.g. gateway");
            }
            if (!raw.mainClass().matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*")) {
                throw error("/image/mainClass", "image.mainClass '" + raw.mainClass() + "' is not a Java class name",
                        "write the fully qualified main class, e.g. com.example.Main");
            }
            java.net.URI source;
            try {
                source = new java.net.URI(raw.source());
            } catch (java.net.URISyntaxException e) {
                source = null;
            }
            if (source == null || !source.isAbsolute()) {
                throw error("/image/source", "image.source '" + raw.source() + "' is not an absolute URL",
                        "write where the sources are, e.g. https://github.com/example/project");
            }
            return new ReleaseConfig.Image(raw.artifactId(), raw.mainClass(), source);
        }

        private dev.forgeline.release.config.CrossRustcSource crossRustc(RawReleaseConfig.Cross raw) {
            if (raw == null || raw.rustc() == null || raw.rustc().equals("host")) {
                return dev.forgeline.release.config.CrossRustcSource.HOST;
            }
            if (raw.rustc().equals("debian-archive")) {
                return dev.forgeline.release.config.CrossRustcSource.ARCHIVE_FALLBACK;
            }
            throw error("/cross/rustc", "cross.rustc '" + raw.rustc() + "' is not one of host, debian-archive",
                    "host: only the host's Debian rustc; debian-archive: also an older rustc Debian has a target std for");
        }

        private dev.forgeline.release.config.BinaryPolicy binaryPolicy(RawReleaseConfig.Checks raw) {
            dev.forgeline.release.config.BinaryPolicy policy = dev.forgeline.release.config.BinaryPolicy.defaults();
            if (raw == null) {
                return policy;
            }
            if (raw.maxGlibc() != null) {
                try {
                    policy = policy.withMaxGlibc(raw.maxGlibc());
                } catch (IllegalArgumentException e) {
                    throw error("/checks/maxGlibc", "checks.maxGlibc '" + raw.maxGlibc() + "' is not a glibc version",
                            "write it as major.minor, for example \"2.28\"");
                }
            }
            if (raw.allowedNeeded() != null) {
                policy = policy.withAllowedNeeded(raw.allowedNeeded());
            }
            return policy;
        }

        private ReleaseConfig.Smoke smoke(RawReleaseConfig.Smoke raw) {
            if (raw == null) {
                return new ReleaseConfig.Smoke(null, ReleaseConfig.MAVEN_CENTRAL);
            }
            if (raw.mainClass() != null && !raw.mainClass().matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*")) {
                throw error("/smoke/mainClass", "smoke.mainClass '" + raw.mainClass() + "' is not a Java class name",
                        "give the fully qualified name of the harness class, e.g. com.example.SelfTest");
            }
            java.net.URI upstream = ReleaseConfig.MAVEN_CENTRAL;
            if (raw.upstream() != null) {
                try {
                    upstream = new java.net.URI(raw.upstream());
                } catch (java.net.URISyntaxException e) {
                    upstream = null;
                }
                if (upstream == null || !upstream.isAbsolute()) {
                    throw error("/smoke/upstream", "smoke.upstream '" + raw.upstream() + "' is not an absolute URL",
                            "for example https://repo.maven.apache.org/maven2/");
                }
            }
            return new ReleaseConfig.Smoke(raw.mainClass(), upstream, raw.olderGlibc() == null || raw.olderGlibc());
        }

        private List<String> validateTargets(List<String> targets) {
            if (targets.isEmpty()) {
                throw error("/targets", "targets is empty", "list at least one platform, for example linux-x86_64");
            }
            Set<String> seen = new HashSet<>();
            List<String> out = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                String target = targets.get(i);
                if (target == null || TargetCatalog.byClassifier(target).isEmpty()) {
                    throw error("/targets/" + i, "unknown target '" + target + "' in targets[" + i + "]",
                            "known targets: " + String.join(", ", TargetCatalog.all().keySet()));
                }
                if (!seen.add(target)) {
                    throw error("/targets/" + i, "target '" + target + "' is listed twice", "list each platform once");
                }
                out.add(target);
            }
            return out;
        }

        private Path existingDirectory(String pointer, String value, String field) {
            requireNonBlank(pointer, value, field);
            Path path = dir.resolve(value).normalize();
            if (!Files.isDirectory(path)) {
                throw error(pointer, field + " '" + value + "' does not exist (resolved to " + path + ")",
                        "paths in release.yaml are relative to the directory that holds it");
            }
            return path;
        }

        private void requireNonBlank(String pointer, String value, String field) {
            if (value == null || value.isBlank()) {
                throw error(pointer, field + " is empty", "see docs/release-yaml.md for the format");
            }
        }

        private ConfigException error(String pointer, String message, String hint) {
            JsonLocation location = locator.locate(pointer).orElse(null);
            return new ConfigException(where(file, location) + ": " + message, hint, null);
        }
    }

    /** Lists the known targets, for help texts. */
    public static String knownTargets() {
        return TargetCatalog.all().keySet().stream().collect(Collectors.joining(", "));
    }
}
