package dev.forgeline.release.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * release-manifest.json: the contract between stages and between CI runners. Every file the release
 * publishes is listed with its coordinates and SHA-256; every target of the matrix is listed with
 * whether it was built and, if not, why. Maps are sorted and artifacts ordered by coordinate so the
 * file is stable. The format is documented in docs/formats.md.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReleaseManifest(
        int formatVersion,
        Project project,
        Source source,
        @JsonDeserialize(keyUsing = TargetId.Key.class) SortedMap<TargetId, TargetRecord> targets,
        List<ArtifactRecord> artifacts,
        ImageRecord image) {

    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "release-manifest.json";

    public ReleaseManifest {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(source, "source");
        targets = new TreeMap<>(targets == null ? Map.of() : targets);
        artifacts = (artifacts == null ? List.<ArtifactRecord>of() : artifacts).stream()
                .sorted(Comparator.comparing(ArtifactRecord::id))
                .toList();
    }

    /** A manifest without an image (as every stage before {@code image} leaves it). */
    public ReleaseManifest(int formatVersion, Project project, Source source, SortedMap<TargetId, TargetRecord> targets,
            List<ArtifactRecord> artifacts) {
        this(formatVersion, project, source, targets, artifacts, null);
    }

    public record Project(String groupId, String version) {}

    /** A manifest of the current format. */
    public static ReleaseManifest of(Project project, Source source, SortedMap<TargetId, TargetRecord> targets,
            List<ArtifactRecord> artifacts) {
        return new ReleaseManifest(FORMAT_VERSION, project, source, targets, artifacts);
    }

    /** The same manifest with one target's record replaced. */
    public ReleaseManifest withTarget(TargetId target, TargetRecord record) {
        SortedMap<TargetId, TargetRecord> updated = new TreeMap<>(targets);
        updated.put(target, record);
        return withTargets(updated);
    }

    /** A target's record, or null when the matrix has no such target. */
    public TargetRecord target(TargetId target) {
        return targets.get(target);
    }

    public ReleaseManifest withTargets(SortedMap<TargetId, TargetRecord> newTargets) {
        return new ReleaseManifest(formatVersion, project, source, newTargets, artifacts, image);
    }

    public ReleaseManifest withArtifacts(List<ArtifactRecord> newArtifacts) {
        return new ReleaseManifest(formatVersion, project, source, targets, newArtifacts, image);
    }

    public ReleaseManifest withSource(Source newSource) {
        return new ReleaseManifest(formatVersion, project, newSource, targets, artifacts, image);
    }

    /** The same manifest recording the image stage's output (null: none). */
    public ReleaseManifest withImage(ImageRecord newImage) {
        return new ReleaseManifest(formatVersion, project, source, targets, artifacts, newImage);
    }

    /** The targets whose status is built, in classifier order. */
    public List<TargetId> builtTargets() {
        return targets.entrySet().stream().filter(e -> e.getValue().status() == TargetRecord.Status.built)
                .map(Map.Entry::getKey).toList();
    }

    /**
     * The commit released, whether the tree had uncommitted changes, the timestamp used everywhere, and the SHA-256
     * of the source tree that was built (every file's path and content; absent in manifests of older runs), which
     * tells a rerun that the same sources are already built.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Source(String commit, boolean dirty, long sourceDateEpoch, String treeSha256, Boolean outsideGit) {
        /** {@code outsideGit}: true for a build made outside git on purpose ({@code --outside-git}), else absent. */
        public Source {
            outsideGit = Boolean.TRUE.equals(outsideGit) ? Boolean.TRUE : null;
        }

        public Source(String commit, boolean dirty, long sourceDateEpoch, String treeSha256) {
            this(commit, dirty, sourceDateEpoch, treeSha256, null);
        }

        public Source(String commit, boolean dirty, long sourceDateEpoch) {
            this(commit, dirty, sourceDateEpoch, null, null);
        }

        public boolean isOutsideGit() {
            return Boolean.TRUE.equals(outsideGit);
        }

        public Source withDirty(boolean isDirty) {
            return new Source(commit, isDirty, sourceDateEpoch, treeSha256, outsideGit);
        }

        public Source withTreeSha256(String sha256) {
            return new Source(commit, dirty, sourceDateEpoch, sha256, outsideGit);
        }
    }

    /**
     * One target of the matrix. {@code required}: the release must ship it, so {@code sign} and {@code publish} refuse
     * the release until it is built and has passed its smoke test (false for a target release.yaml lists under
     * {@code optionalTargets}, and for what {@code release --local} leaves out; absent in manifests of older runs,
     * read as false).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TargetRecord(
            String rustTriple, Status status, String reason, Toolchain toolchain, Library library, BinaryCheck check,
            Smoke smoke, Boolean required) {
        public enum Status { built, skipped }

        public TargetRecord(String rustTriple, Status status, String reason, Toolchain toolchain, Library library) {
            this(rustTriple, status, reason, toolchain, library, null, null, null);
        }

        public TargetRecord(String rustTriple, Status status, String reason, Toolchain toolchain, Library library,
                BinaryCheck check, Smoke smoke) {
            this(rustTriple, status, reason, toolchain, library, check, smoke, null);
        }

        /** A target built here: what built it, the library, and what the binary checks found. */
        public static TargetRecord built(String rustTriple, Toolchain toolchain, Library library, BinaryCheck check,
                boolean required) {
            return new TargetRecord(rustTriple, Status.built, null, toolchain, library, check, null, required);
        }

        /** A target of the matrix not built in this run, and why. */
        public static TargetRecord skipped(String rustTriple, String reason, boolean required) {
            return new TargetRecord(rustTriple, Status.skipped, reason, null, null, null, null, required);
        }

        public TargetRecord withSmoke(Smoke result) {
            return new TargetRecord(rustTriple, status, reason, toolchain, library, check, result, required);
        }

        /** Whether the release must ship this target (see the record's doc). */
        public boolean isRequired() {
            return Boolean.TRUE.equals(required);
        }

        /** Whether the smoke record, if any, tested this record's library (a result for other bytes is worthless). */
        public boolean smokeTestedThisLibrary() {
            return smoke != null && library != null && library.sha256().equals(smoke.testedSha256());
        }
    }

    /** What the binary checks found in a target's library (they passed, or it would not be here). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BinaryCheck(String format, String machine, String requiredGlibc, String maxGlibc, List<String> needed) {}

    /**
     * The smoke test of one target: where it ran, which harness, the SHA-256 of the library the
     * harness loaded (it must equal {@link Library#sha256()}), every check's outcome, and how long the
     * harness ran (wall time, all runners; for the benchmark, not a contract).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Smoke(SmokeStatus status, String runner, String harness, String testedSha256, List<SmokeCheck> checks,
            Double seconds) {
        public enum SmokeStatus { passed, failed }

        public Smoke(SmokeStatus status, String runner, String harness, String testedSha256, List<SmokeCheck> checks) {
            this(status, runner, harness, testedSha256, checks, null);
        }

        public List<SmokeCheck> failedChecks() {
            return checks == null ? List.of() : checks.stream().filter(c -> !c.passed()).toList();
        }
    }

    public record SmokeCheck(String name, boolean passed, String detail) {}

    /**
     * A signature file of an artifact: {@code kind} is {@code pgp} ({@code .asc}) or {@code sigstore}
     * ({@code .sigstore.json}); {@code file} is relative to the manifest's directory; {@code keyId} is the public
     * id of the signing key ({@code 0x} and the PGP key id, or the Sigstore public-key hint).
     */
    public record SignatureRecord(String kind, String file, String sha256, String keyId) {
        public SignatureRecord {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(keyId, "keyId");
        }
    }

    /**
     * What built a target, for provenance: the cargo and rustc versions, the SHA-256 of the rustc and
     * linker binaries actually run, and for cross builds the Debian packages (name:arch=version and
     * the .deb's SHA-256) that provided the linker, the target's std and the sysroot. {@code linkedGlibc} is
     * the glibc version a Linux library was linked against (stubs of it; absent: the build machine's glibc).
     * {@code environment}: the build-shaping variables of the environment it was built in, by name (the build
     * stage's allowlist, local paths replaced by placeholders; absent: none).
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Toolchain(String cargo, String rustc, String rustcSha256, String linker, String linkerSha256,
            List<String> packages, String linkedGlibc, java.util.SortedMap<String, String> environment) {
        public Toolchain {
            environment = environment == null ? new TreeMap<>() : new TreeMap<>(environment);
        }

        public Toolchain(String cargo, String rustc) {
            this(cargo, rustc, null, null, null, List.of(), null);
        }

        public Toolchain(String cargo, String rustc, String rustcSha256, String linker, String linkerSha256,
                List<String> packages, String linkedGlibc) {
            this(cargo, rustc, rustcSha256, linker, linkerSha256, packages, linkedGlibc, null);
        }

    }

    public record Library(String file, long size, String sha256) {}

    /**
     * One published file; {@code file} is relative to the manifest's directory. {@code signatures} lists the
     * signature files the sign stage wrote for it (absent before signing).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ArtifactRecord(
            String groupId, String artifactId, String version, String classifier, String extension,
            String target, String file, long size, String sha256,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<SignatureRecord> signatures) {

        public ArtifactRecord {
            signatures = (signatures == null ? List.<SignatureRecord>of() : signatures).stream()
                    .sorted(Comparator.comparing(SignatureRecord::kind))
                    .toList();
        }

        /** An unsigned artifact, as the build stage records it. */
        public ArtifactRecord(String groupId, String artifactId, String version, String classifier, String extension,
                String target, String file, long size, String sha256) {
            this(groupId, artifactId, version, classifier, extension, target, file, size, sha256, List.of());
        }

        /** The same artifact at another path (relative to the manifest's directory, '/'-separated). */
        public ArtifactRecord withFile(String newFile) {
            return new ArtifactRecord(groupId, artifactId, version, classifier, extension, target,
                    newFile.replace('\\', '/'), size, sha256, signatures);
        }

        public ArtifactRecord withSignatures(List<SignatureRecord> newSignatures) {
            return new ArtifactRecord(groupId, artifactId, version, classifier, extension, target, file, size, sha256,
                    newSignatures);
        }

        /** The artifact's typed identity (its coordinates). */
        public ArtifactId id() {
            return new ArtifactId(groupId, artifactId, version, classifier, extension);
        }

        /** {@code group:artifact:extension[:classifier]:version}, for messages and the manifest's order. */
        public String coordinate() {
            return id().toString();
        }
    }
}
