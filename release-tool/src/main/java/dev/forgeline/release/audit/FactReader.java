package dev.forgeline.release.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forgeline.release.common.InTotoProvenance;
import dev.forgeline.release.common.MavenCoordinates;
import dev.forgeline.release.platform.TargetCatalog;
import dev.forgeline.release.sigstore.DsseBundle;
import dev.forgeline.release.sigstore.SigstoreBundle;
import dev.forgeline.release.verify.ArtifactVerdict;
import dev.forgeline.release.verify.Check;
import dev.forgeline.release.verify.CheckResult;
import dev.forgeline.release.verify.VerificationBatch;
import dev.forgeline.release.verify.VerificationReport;
import dev.forgeline.release.verify.Verifier;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads the facts of a verified batch from its files: the provenance's statement, each SBOM's components, each platform
 * jar's library manifest, the signers of the signature checks. A file is read only when its verdict verified, and its
 * bytes are read once, into memory, and must still have the SHA-256 that verified (a file changed since is refused),
 * so nothing shown comes from bytes that were not verified.
 */
final class FactReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Bounds on what is read into memory: as verify's for the provenance and SBOMs; a platform jar, its library. */
    static final long PROVENANCE_BYTES = 16L * 1024 * 1024;
    static final long SBOM_BYTES = 64L * 1024 * 1024;
    static final long JAR_BYTES = 512L * 1024 * 1024;
    private static final long JAR_MANIFEST_BYTES = 1024 * 1024;
    private static final String NATIVE_DIR = "META-INF/native/";
    /** The detail of a keyless signature check that passed ({@code KeylessCheck}). */
    private static final Pattern KEYLESS = Pattern.compile("keyless, (.*), log index ([0-9]+)");

    private FactReader() {}

    static ReleaseFacts read(String release, VerificationBatch batch, VerificationReport report) {
        Map<String, ArtifactVerdict> byName = new LinkedHashMap<>();
        report.verdicts().forEach(v -> byName.putIfAbsent(v.artifact(), v));
        Claim provenanceClaim = Claim.absent();
        JsonNode statement = null;
        List<ReleaseFacts.Sbom> sboms = new ArrayList<>();
        Map<String, DependencyBuilder> dependencies = new TreeMap<>();
        Map<String, JarLibrary> jars = new TreeMap<>();
        for (Verifier.Input input : batch.inputs()) {
            ArtifactVerdict verdict = byName.get(input.name());
            MavenCoordinates at = batch.files() == null ? null : batch.files().coordinatesOf(input.indexPath());
            if (verdict == null || at == null) {
                continue;
            }
            Claim claim = Claim.of(verdict);
            boolean provenanceFile = InTotoProvenance.ENVELOPE_EXTENSION.equals(at.extension()) && at.classifier() == null;
            boolean sbomFile = "json".equals(at.extension()) && at.classifier() != null
                    && at.classifier().endsWith("cyclonedx");
            boolean jarFile = "jar".equals(at.extension()) && at.classifier() != null
                    && TargetCatalog.byClassifier(at.classifier()).isPresent();
            if (!provenanceFile && !sbomFile && !jarFile) {
                continue;
            }
            Optional<byte[]> bytes = claim.isVerified() ? verifiedBytes(input.file(), verdict,
                    provenanceFile ? PROVENANCE_BYTES : sbomFile ? SBOM_BYTES : JAR_BYTES) : Optional.empty();
            if (claim.isVerified() && bytes.isEmpty()) {
                claim = Claim.failed(new Claim.Finding(Claim.Finding.Reason.CHANGED_AFTER_VERIFICATION, input.name()
                        + " cannot be read again with the SHA-256 that verified (sha256:" + verdict.sha256() + ")"));
            }
            if (provenanceFile) {
                statement = bytes.map(FactReader::statement).orElse(null);
                provenanceClaim = claim.isVerified() && statement == null ? Claim.failed(new Claim.Finding(
                        Claim.Finding.Reason.CHANGED_AFTER_VERIFICATION, input.name() + " holds no statement")) : claim;
            } else if (sbomFile) {
                sboms.add(new ReleaseFacts.Sbom(input.name(), claim));
                bytes.ifPresent(b -> components(b, input.name(), at.groupId(), dependencies));
            } else {
                JarLibrary library = bytes.map(b -> JarLibrary.read(b, at.classifier(), input.name())).orElse(null);
                if (library != null || !claim.isVerified()) {
                    jars.put(at.classifier(), library != null ? library : JarLibrary.failed(input.name(), claim));
                }
            }
        }
        Claim provenance = provenanceClaim;
        JsonNode s = statement;
        return new ReleaseFacts(release, provenance, s == null ? null : origin(s), s == null ? List.of() : tools(s),
                s == null ? new TreeMap<>() : sources(s), targets(s, provenance, jars), sboms,
                dependencies.values().stream().map(DependencyBuilder::build).toList(), signers(report),
                logEntries(report), report);
    }

    /** The file's bytes when they still have the SHA-256 that verified; empty when not (or too large to read). */
    static Optional<byte[]> verifiedBytes(Path file, ArtifactVerdict verdict, long limit) {
        try {
            if (verdict.sha256() == null || Files.size(file) > limit) {
                return Optional.empty();
            }
            byte[] bytes = Files.readAllBytes(file);
            return sha256(bytes).equals(verdict.sha256()) ? Optional.of(bytes) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static JsonNode statement(byte[] envelope) {
        try {
            JsonNode root = JSON.readTree(DsseBundle.parse(envelope).payload());
            return root != null && root.isObject() ? root : null;
        } catch (IOException | SigstoreBundle.BundleFormatException e) {
            return null;
        }
    }

    private static ReleaseFacts.Origin origin(JsonNode statement) {
        JsonNode predicate = statement.path("predicate");
        JsonNode source = predicate.path("buildDefinition").path("externalParameters").path("source");
        String commit = null;
        for (JsonNode d : predicate.path("buildDefinition").path("resolvedDependencies")) {
            if (d.path("digest").has("gitCommit")) {
                commit = d.path("digest").path("gitCommit").asText();
            }
        }
        String ref = text(source.path("ref"));
        String tag = ref != null && ref.startsWith("refs/tags/") ? ref.substring("refs/tags/".length()) : null;
        return new ReleaseFacts.Origin(commit, ref, tag, text(source.path("repository")),
                text(predicate.path("runDetails").path("builder").path("id")),
                text(predicate.path("runDetails").path("metadata").path("invocationId")));
    }

    /** Every toolchain binary and package of resolvedDependencies ({@code pkg:} URIs), by name. */
    private static List<ReleaseFacts.Tool> tools(JsonNode statement) {
        SortedMap<String, ReleaseFacts.Tool> tools = new TreeMap<>();
        for (JsonNode d : statement.path("predicate").path("buildDefinition").path("resolvedDependencies")) {
            String uri = d.path("uri").asText("");
            if (!uri.startsWith("pkg:")) {
                continue;
            }
            String name = text(d.path("name"));
            if (name == null) { // pkg:deb/debian/<name>@<version>?arch=<arch>
                String path = uri.substring(uri.lastIndexOf('/') + 1);
                int at = path.indexOf('@');
                int q = path.indexOf('?');
                name = (at > 0 ? path.substring(0, at) : path) + (q > 0 ? ":" + path.substring(q + 1).replace("arch=", "")
                        : "");
            }
            String version = text(d.path("annotations").path("version"));
            tools.put(name + "\0" + version, new ReleaseFacts.Tool(name, version, text(d.path("digest").path("sha256"))));
        }
        return List.copyOf(tools.values());
    }

    /** The lock files and source trees of resolvedDependencies (a name and a SHA-256, no URI). */
    private static SortedMap<String, ReleaseFacts.Source> sources(JsonNode statement) {
        SortedMap<String, ReleaseFacts.Source> out = new TreeMap<>();
        for (JsonNode d : statement.path("predicate").path("buildDefinition").path("resolvedDependencies")) {
            String name = text(d.path("name"));
            String sha = text(d.path("digest").path("sha256"));
            if (name != null && sha != null && !d.has("uri")) {
                out.put(name, new ReleaseFacts.Source(sha, "source-tree".equals(d.path("annotations").path("content")
                        .asText(null))));
            }
        }
        return out;
    }

    /**
     * The targets: each built classifier the provenance names and each platform jar, with the jar's library and the
     * provenance's smoke result, which must name that library's SHA-256.
     */
    private static List<ReleaseFacts.Target> targets(JsonNode statement, Claim provenance, Map<String, JarLibrary> jars) {
        TreeSet<String> classifiers = new TreeSet<>(jars.keySet());
        Map<String, JsonNode> smoke = new TreeMap<>();
        if (statement != null) {
            statement.path("predicate").path("buildDefinition").path("externalParameters").path("targets")
                    .forEach(t -> classifiers.add(t.asText()));
            for (JsonNode b : statement.path("predicate").path("runDetails").path("byproducts")) {
                String name = b.path("name").asText("");
                if (name.startsWith("smoke/")) {
                    smoke.put(name.substring("smoke/".length()), b);
                }
            }
        }
        List<ReleaseFacts.Target> out = new ArrayList<>();
        for (String classifier : classifiers) {
            JarLibrary jar = jars.get(classifier);
            JsonNode result = smoke.get(classifier);
            Claim claim = (jar == null ? Claim.absent() : jar.claim()).and(provenance.state() == Claim.State.FAILED
                    ? provenance : Claim.verified());
            String tested = result == null ? null : text(result.path("digest").path("sha256"));
            if (jar != null && jar.sha256() != null && tested != null && !tested.equals(jar.sha256())) {
                claim = claim.and(Claim.failed(new Claim.Finding(Claim.Finding.Reason.SMOKE_TESTED_OTHER_LIBRARY,
                        "the provenance's smoke result for " + classifier + " names sha256:" + tested + ", the library in "
                                + jar.jar() + " is sha256:" + jar.sha256())));
            }
            out.add(new ReleaseFacts.Target(classifier, jar == null ? null : jar.jar(), jar == null ? null : jar.file(),
                    jar == null ? null : jar.sha256(), jar == null ? null : jar.rustc(),
                    result == null ? null : text(result.path("annotations").path("status")),
                    result == null ? null : text(result.path("annotations").path("runner")), tested, claim));
        }
        return out;
    }

    private static void components(byte[] sbom, String file, String ownGroup, Map<String, DependencyBuilder> into) {
        JsonNode root;
        try {
            root = JSON.readTree(sbom);
        } catch (IOException e) {
            return; // it verified, so it is the release's own; SbomCheck reports a malformed one
        }
        if (root == null) {
            return;
        }
        for (JsonNode c : root.path("components")) {
            String purl = text(c.path("purl"));
            if (purl == null || purl.startsWith("pkg:maven/" + ownGroup + "/")) {
                continue; // the release's own artifacts are no dependency of it
            }
            String key = purlKey(purl);
            into.computeIfAbsent(key + "\0" + c.path("version").asText(""), k -> new DependencyBuilder(key,
                    (c.has("group") ? c.path("group").asText() + ":" : "") + c.path("name").asText(""),
                    text(c.path("version")), purl)).sboms.add(file);
        }
    }

    /**
     * A package URL without its version and checksum qualifier: {@code pkg:cargo/serde}, {@code pkg:generic/rustc},
     * {@code pkg:maven/g/a?classifier=x}: the same package in two releases.
     */
    static String purlKey(String purl) {
        String base = purl;
        String qualifiers = "";
        int q = purl.indexOf('?');
        if (q >= 0) {
            base = purl.substring(0, q);
            qualifiers = purl.substring(q + 1);
        }
        int at = base.lastIndexOf('@');
        if (at > base.indexOf('/')) {
            base = base.substring(0, at);
        }
        List<String> kept = new ArrayList<>();
        for (String qualifier : qualifiers.split("&")) {
            if (!qualifier.isEmpty() && !qualifier.startsWith("checksum=")) {
                kept.add(qualifier);
            }
        }
        return kept.isEmpty() ? base : base + "?" + String.join("&", kept);
    }

    /** One signer per kind and identity, counting the files whose check with it passed. */
    private static List<ReleaseFacts.Signer> signers(VerificationReport report) {
        Map<String, int[]> counts = new TreeMap<>();
        Map<String, ReleaseFacts.Signer> signers = new TreeMap<>();
        for (ArtifactVerdict v : report.verdicts()) {
            for (CheckResult c : v.checks()) {
                if (c.status() != CheckResult.Status.PASSED || c.keyId() == null
                        || (c.check() != Check.PGP && c.check() != Check.SIGSTORE)) {
                    continue;
                }
                Matcher keyless = c.check() == Check.SIGSTORE && c.detail() != null ? KEYLESS.matcher(c.detail()) : null;
                ReleaseFacts.Signer s = c.check() == Check.PGP ? new ReleaseFacts.Signer("pgp", c.keyId(), null, 0)
                        : keyless != null && keyless.matches() ? new ReleaseFacts.Signer("keyless", c.keyId(),
                                keyless.group(1), 0) : new ReleaseFacts.Signer("sigstore", c.keyId(), null, 0);
                signers.putIfAbsent(s.identity(), s);
                counts.computeIfAbsent(s.identity(), k -> new int[1])[0]++;
            }
        }
        return signers.values().stream().map(s -> new ReleaseFacts.Signer(s.kind(), s.id(), s.issuer(),
                counts.get(s.identity())[0])).toList();
    }

    private static List<ReleaseFacts.LogEntry> logEntries(VerificationReport report) {
        List<ReleaseFacts.LogEntry> out = new ArrayList<>();
        for (ArtifactVerdict v : report.verdicts()) {
            v.checks().stream().filter(c -> c.check() == Check.SIGSTORE && c.status() == CheckResult.Status.PASSED
                    && c.detail() != null).forEach(c -> {
                        Matcher m = KEYLESS.matcher(c.detail());
                        if (m.matches()) {
                            out.add(new ReleaseFacts.LogEntry(v.artifact(), Long.parseLong(m.group(2)), m.group(1)));
                        }
                    });
        }
        return out;
    }

    /** A string field, or null when absent or blank (an unset variable the producer copied). */
    private static String text(JsonNode node) {
        return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class DependencyBuilder {
        final String key;
        final String name;
        final String version;
        final String purl;
        final TreeSet<String> sboms = new TreeSet<>();

        DependencyBuilder(String key, String name, String version, String purl) {
            this.key = key;
            this.name = name;
            this.version = version;
            this.purl = purl;
        }

        ReleaseFacts.Dependency build() {
            return new ReleaseFacts.Dependency(key, name, version, purl, List.copyOf(sboms));
        }
    }

    /**
     * The library of a platform jar as its manifest ({@code META-INF/native/<classifier>/*.json}) records it, checked
     * against the library's own bytes in the jar.
     */
    private record JarLibrary(String jar, String file, String sha256, String rustc, Claim claim) {
        static JarLibrary failed(String jar, Claim claim) {
            return new JarLibrary(jar, null, null, null, claim);
        }

        /** Null when the jar holds neither a library nor a library manifest for the classifier. */
        static JarLibrary read(byte[] jarBytes, String classifier, String jarName) {
            String dir = NATIVE_DIR + classifier + "/";
            JsonNode manifest = null;
            Map<String, String> digests = new TreeMap<>();
            try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jarBytes))) {
                for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                    String name = e.getName();
                    if (e.isDirectory() || !name.startsWith(dir) || name.indexOf('/', dir.length()) >= 0) {
                        continue;
                    }
                    if (name.endsWith(".json")) {
                        manifest = JSON.readTree(zip.readNBytes((int) JAR_MANIFEST_BYTES));
                    } else {
                        digests.put(name.substring(dir.length()), streamSha256(zip));
                    }
                }
            } catch (IOException e) {
                return null;
            }
            if (manifest == null) {
                return digests.isEmpty() ? null : new JarLibrary(jarName, null, null, null, Claim.failed(
                        new Claim.Finding(Claim.Finding.Reason.LIBRARY_MANIFEST_MISSING, jarName + " has a library but no "
                                + dir + "*.json")));
            }
            String file = text(manifest.path("file"));
            String recorded = text(manifest.path("sha256"));
            String actual = file == null ? null : digests.get(file);
            if (recorded == null || !recorded.equals(actual)) {
                return new JarLibrary(jarName, file, null, text(manifest.path("rustc")), Claim.failed(new Claim.Finding(
                        Claim.Finding.Reason.LIBRARY_DIGEST_MISMATCH, jarName + ": " + dir + file + " is "
                                + (actual == null ? "missing" : "sha256:" + actual) + ", its manifest records sha256:"
                                + recorded)));
            }
            return new JarLibrary(jarName, file, recorded, text(manifest.path("rustc")), Claim.verified());
        }

        private static String streamSha256(InputStream in) throws IOException {
            try {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                byte[] buffer = new byte[64 * 1024];
                long total = 0;
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    digest.update(buffer, 0, n);
                    total += n;
                    if (total > JAR_BYTES) {
                        throw new IOException("a library larger than " + JAR_BYTES + " bytes");
                    }
                }
                return HexFormat.of().formatHex(digest.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
