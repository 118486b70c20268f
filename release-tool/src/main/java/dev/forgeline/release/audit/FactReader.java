package dev.forgeline.release.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgeline.release.common.InTotoProvenance;
import dev.forgeline.release.common.MavenCoordinates;
import dev.forgeline.release.platform.TargetCatalog;
import dev.forgeline.release.verify.ArtifactVerdict;
import dev.forgeline.release.verify.VerificationBatch;
import dev.forgeline.release.verify.VerificationReport;
import dev.forgeline.release.verify.Verifier;
import java.io.IOException;
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
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads the facts of a verified batch from its files: the provenance's statement ({@link ProvenanceStatement}), each
 * SBOM's components ({@link SbomDependencies}), each platform jar's library ({@link PlatformJarLibrary}), the signers of
 * the signature checks ({@link Signers}). A file is read only when its verdict verified, and its
 * bytes are read once, into memory, and must still have the SHA-256 that verified (a file changed since is refused),
 * so nothing shown comes from bytes that were not verified.
 */
final class FactReader {
    /** Bounds on what is read into memory: as verify's for the provenance and SBOMs; a platform jar, its library. */
    static final long PROVENANCE_BYTES = 16L * 1024 * 1024;
    static final long SBOM_BYTES = 64L * 1024 * 1024;
    static final long JAR_BYTES = 512L * 1024 * 1024;

    private FactReader() {}

    static ReleaseFacts read(String release, VerificationBatch batch, VerificationReport report) {
        Map<String, ArtifactVerdict> byName = new LinkedHashMap<>();
        report.verdicts().forEach(v -> byName.putIfAbsent(v.artifact(), v));
        Claim provenanceClaim = Claim.absent();
        JsonNode statement = null;
        List<ReleaseFacts.Sbom> sboms = new ArrayList<>();
        SbomDependencies dependencies = new SbomDependencies();
        Map<String, PlatformJarLibrary> jars = new TreeMap<>();
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
                statement = bytes.map(ProvenanceStatement::parse).orElse(null);
                provenanceClaim = claim.isVerified() && statement == null ? Claim.failed(new Claim.Finding(
                        Claim.Finding.Reason.CHANGED_AFTER_VERIFICATION, input.name() + " holds no statement")) : claim;
            } else if (sbomFile) {
                sboms.add(new ReleaseFacts.Sbom(input.name(), claim));
                bytes.ifPresent(b -> dependencies.add(b, input.name(), at.groupId()));
            } else {
                PlatformJarLibrary library = bytes.map(b -> PlatformJarLibrary.read(b, at.classifier(), input.name())).orElse(null);
                if (library != null || !claim.isVerified()) {
                    jars.put(at.classifier(), library != null ? library : PlatformJarLibrary.failed(input.name(), claim));
                }
            }
        }
        Claim provenance = provenanceClaim;
        JsonNode s = statement;
        return new ReleaseFacts(release, provenance, s == null ? null : ProvenanceStatement.origin(s),
                s == null ? List.of() : ProvenanceStatement.tools(s), s == null ? new TreeMap<>()
                : ProvenanceStatement.sources(s), targets(s, provenance, jars), sboms, dependencies.list(),
                Signers.of(report), Signers.logEntries(report), report,
                s == null ? null : ProvenanceStatement.buildEnvironment(s));
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

    /**
     * The targets: each built classifier the provenance names and each platform jar, with the jar's library and the
     * provenance's smoke result, which must name that library's SHA-256.
     */
    static List<ReleaseFacts.Target> targets(JsonNode statement, Claim provenance,
            Map<String, PlatformJarLibrary> jars) {
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
            PlatformJarLibrary jar = jars.get(classifier);
            JsonNode result = smoke.get(classifier);
            Claim claim = (jar == null ? Claim.absent() : jar.claim()).and(provenance.state() == Claim.State.FAILED
                    ? provenance : Claim.verified());
            String tested = result == null ? null : ProvenanceStatement.text(result.path("digest").path("sha256"));
            if (jar != null && jar.sha256() != null && tested != null && !tested.equals(jar.sha256())) {
                claim = claim.and(Claim.failed(new Claim.Finding(Claim.Finding.Reason.SMOKE_TESTED_OTHER_LIBRARY,
                        "the provenance's smoke result for " + classifier + " names sha256:" + tested + ", the library in "
                                + jar.jar() + " is sha256:" + jar.sha256())));
            }
            out.add(new ReleaseFacts.Target(classifier, jar == null ? null : jar.jar(), jar == null ? null : jar.file(),
                    jar == null ? null : jar.sha256(), jar == null ? null : jar.rustc(),
                    result == null ? null : ProvenanceStatement.text(result.path("annotations").path("status")),
                    result == null ? null : ProvenanceStatement.text(result.path("annotations").path("runner")), tested, claim));
        }
        return out;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
