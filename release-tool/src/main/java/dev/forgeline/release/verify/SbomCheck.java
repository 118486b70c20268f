package dev.forgeline.release.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forgeline.release.common.MavenCoordinates;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Checks that each artifact's SBOM describes it (docs/sbom.md, docs/verify.md): the SBOM on its sidecar coordinate
 * ({@code <classifier>-cyclonedx@json}, {@code cyclonedx@json} for a main jar, {@code release-cyclonedx@json} for the
 * root POM) verifies like any artifact and names the artifact's SHA-256 as its {@code metadata.component}; a platform
 * jar's own SBOM ({@code META-INF/sbom/*.cdx.json}) names the SHA-256 of the library beside it. Jars must have an SBOM
 * when the policy requires SBOMs; a POM's is checked when present.
 */
final class SbomCheck {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String SBOM_CLASSIFIER = "cyclonedx";
    private static final String JAR_SBOM_DIR = "META-INF/sbom/";
    private static final String JAR_NATIVE_DIR = "META-INF/native/";
    /**
     * Bounds on a jar's entries read here, uncompressed: an SBOM, and a library (a small jar can inflate to far more,
     * so the library is hashed only up to this).
     */
    private static final long INNER_SBOM_BYTES = 16L * 1024 * 1024;
    private static final long LIBRARY_BYTES = 1024L * 1024 * 1024;

    private final Verifier verifier;
    private final VerificationPolicy policy;

    SbomCheck(Verifier verifier, VerificationPolicy policy) {
        this.verifier = verifier;
        this.policy = policy;
    }

    List<ArtifactVerdict> apply(ReleaseFiles files, List<Verifier.Input> inputs, List<ArtifactVerdict> verdicts) {
        List<ArtifactVerdict> out = new ArrayList<>();
        for (int i = 0; i < verdicts.size(); i++) {
            ArtifactVerdict v = verdicts.get(i);
            List<CheckResult> checks = new ArrayList<>(v.checks());
            checks.addAll(check(files, inputs.get(i), v));
            out.add(new ArtifactVerdict(v.artifact(), v.sha256(), checks));
        }
        return out;
    }

    /**
     * Attached source and javadoc jars hold no code that runs: the sbom stage writes none for them, and
     * {@code --require-sbom} asks none of them.
     */
    private static final java.util.Set<String> DOCUMENTATION_CLASSIFIERS = java.util.Set.of("sources", "javadoc");

    /**
     * The SBOM coordinate of an artifact, or empty for a file that has none (an SBOM, a signature, a provenance, a
     * source or javadoc jar).
     */
    static Optional<MavenCoordinates> sbomOf(MavenCoordinates c) {
        if ("jar".equals(c.extension()) && c.classifier() != null && DOCUMENTATION_CLASSIFIERS.contains(c.classifier())) {
            return Optional.empty();
        }
        if ("jar".equals(c.extension())) {
            return Optional.of(new MavenCoordinates(c.groupId(), c.artifactId(), c.version(),
                    c.classifier() == null ? SBOM_CLASSIFIER : c.classifier() + "-" + SBOM_CLASSIFIER, "json"));
        }
        if ("pom".equals(c.extension()) && c.classifier() == null) {
            return Optional.of(new MavenCoordinates(c.groupId(), c.artifactId(), c.version(),
                    "release-" + SBOM_CLASSIFIER, "json"));
        }
        return Optional.empty();
    }

    private List<CheckResult> check(ReleaseFiles files, Verifier.Input input, ArtifactVerdict v) {
        MavenCoordinates c = files == null ? null : files.coordinatesOf(input.indexPath());
        Optional<MavenCoordinates> sbom = c == null ? Optional.empty() : sbomOf(c);
        if (v.sha256() == null || sbom.isEmpty()) {
            return List.of(CheckResult.notPresent(Check.SBOM));
        }
        boolean jar = "jar".equals(c.extension());
        Optional<Path> file = files.find(sbom.get());
        if (file.isEmpty()) {
            if (jar && policy.requiresSbom()) {
                return List.of(CheckResult.failed(FailureReason.SBOM_MISSING, "(" + sbom.get().fileName() + ")"));
            }
            CheckResult inner = jar ? innerSbom(input.file()) : null;
            return List.of(inner == null ? CheckResult.notPresent(Check.SBOM) : inner);
        }
        String name = sbom.get().fileName();
        ArtifactVerdict own = verifier.verify(Verifier.Input.of(file.get()));
        if (!own.verified()) {
            return List.of(CheckResult.failed(FailureReason.SBOM_NOT_VERIFIED, "(" + name + ": " + String.join("; ",
                    own.failures().stream().map(CheckResult::message).toList()) + ")"));
        }
        SmallFile bytes = SmallFile.read(file.get(), Limits.SBOM_BYTES);
        if (bytes.status() == SmallFile.Status.TOO_LARGE) {
            return List.of(CheckResult.failed(FailureReason.SBOM_TOO_LARGE, bytes.tooLargeDetail(Limits.SBOM_BYTES)));
        }
        if (bytes.status() != SmallFile.Status.READ || !own.sha256().equals(sha256Hex(bytes.bytes()))) {
            return List.of(CheckResult.failed(FailureReason.SBOM_NOT_VERIFIED, "(" + name + " changed while read)"));
        }
        JsonNode subject;
        try {
            subject = subject(bytes.bytes());
        } catch (IOException e) {
            return List.of(CheckResult.failed(FailureReason.SBOM_MALFORMED, "(" + name + ")", null, e));
        }
        String named = sha256Of(subject);
        if (!v.sha256().equals(named)) {
            return List.of(CheckResult.failed(FailureReason.SBOM_DIGEST_MISMATCH, "(" + name + " names "
                    + (named == null ? "no SHA-256" : ConfinedPath.printable(named)) + ", file " + v.sha256() + ")"));
        }
        if (jar) {
            CheckResult inner = innerSbom(input.file());
            if (inner != null) {
                return List.of(inner);
            }
        }
        return List.of(CheckResult.passed(Check.SBOM, name, null));
    }

    /**
     * The platform jar's own SBOM against the library it describes ({@code metadata.component} property
     * {@code forgeline:file}, under {@code META-INF/native/}); null when the jar carries no SBOM of its own.
     */
    private static CheckResult innerSbom(Path jar) {
        ZipFile opened;
        try {
            opened = new ZipFile(jar.toFile());
        } catch (IOException e) {
            return null; // not a zip: the sidecar SBOM named its digest, which is all a non-platform jar promises
        }
        try (ZipFile zip = opened) {
            List<? extends ZipEntry> sboms = zip.stream().filter(e -> !e.isDirectory()
                    && e.getName().startsWith(JAR_SBOM_DIR) && e.getName().endsWith(".cdx.json")).toList();
            for (ZipEntry entry : sboms) {
                JsonNode subject;
                try (InputStream in = zip.getInputStream(entry)) {
                    byte[] bytes = in.readNBytes((int) INNER_SBOM_BYTES + 1);
                    if (bytes.length > INNER_SBOM_BYTES) {
                        return CheckResult.failed(FailureReason.SBOM_TOO_LARGE, "(" + entry.getName() + ")");
                    }
                    subject = subject(bytes);
                } catch (IOException e) {
                    return CheckResult.failed(FailureReason.SBOM_MALFORMED, "(" + ConfinedPath.printable(entry.getName())
                            + " in the jar)", null, e);
                }
                String named = sha256Of(subject);
                String libraryFile = property(subject, "forgeline:file");
                List<String> libraries = new ArrayList<>();
                for (ZipEntry e : zip.stream().filter(e -> !e.isDirectory() && e.getName().startsWith(JAR_NATIVE_DIR)
                        && !e.getName().endsWith(".json")).toList()) {
                    String fileName = e.getName().substring(e.getName().lastIndexOf('/') + 1);
                    if (libraryFile == null || libraryFile.equals(fileName)) {
                        String sha = sha256(zip, e);
                        if (sha == null) {
                            return CheckResult.failed(FailureReason.SBOM_TOO_LARGE, "(" + ConfinedPath.printable(
                                    e.getName()) + " inflates to more than " + LIBRARY_BYTES + " bytes; not read)");
                        }
                        if (sha.equals(named)) {
                            libraries.clear();
                            break;
                        }
                        libraries.add(ConfinedPath.printable(e.getName()) + " " + sha);
                    }
                }
                if (!libraries.isEmpty() || named == null) {
                    return CheckResult.failed(FailureReason.SBOM_DIGEST_MISMATCH, "(" + ConfinedPath.printable(
                            entry.getName()) + " in the jar names " + (named == null ? "no SHA-256" : ConfinedPath
                            .printable(named)) + ", library " + (libraries.isEmpty() ? "not found" : String.join(", ",
                            libraries)) + ")");
                }
            }
            return sboms.isEmpty() ? null : CheckResult.passed(Check.SBOM, "with the library's", null);
        } catch (IOException | RuntimeException e) {
            return CheckResult.failed(FailureReason.SBOM_MALFORMED, "(the jar's entries cannot be read: "
                    + e.getClass().getSimpleName() + ")", null, e);
        }
    }

    private static JsonNode subject(byte[] json) throws IOException {
        JsonNode root = JSON.readTree(json);
        if (root == null || !"CycloneDX".equals(root.path("bomFormat").asText())
                || !root.path("metadata").path("component").isObject()) {
            throw new IOException("not a CycloneDX document with a metadata.component");
        }
        return root.path("metadata").path("component");
    }

    private static String sha256Of(JsonNode component) {
        for (JsonNode h : component.path("hashes")) {
            if ("SHA-256".equals(h.path("alg").asText())) {
                return h.path("content").asText().toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    private static String property(JsonNode component, String name) {
        for (JsonNode p : component.path("properties")) {
            if (name.equals(p.path("name").asText())) {
                return p.path("value").asText();
            }
        }
        return null;
    }

    /** The entry's SHA-256, or null when it inflates to more than {@link #LIBRARY_BYTES}. */
    private static String sha256(ZipFile zip, ZipEntry entry) throws IOException {
        MessageDigest digest = newSha256();
        long total = 0;
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                total += n;
                if (total > LIBRARY_BYTES) {
                    return null;
                }
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(newSha256().digest(bytes));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
