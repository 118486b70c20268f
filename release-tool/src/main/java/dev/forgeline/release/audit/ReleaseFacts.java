package dev.forgeline.release.audit;

import dev.forgeline.release.verify.VerificationReport;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What an audit shows of one release, each part with the {@link Claim} of the files it comes from: where it came from
 * and what built it (the signed provenance), the targets' libraries (the platform jars) and smoke results (the
 * provenance), the dependencies (the SBOMs), who signed (the signature checks) and the transparency log entries;
 * {@code buildEnvironment}: each target's build-shaping environment variables (the provenance; null when it records
 * none, as one made before they were recorded).
 * Parts whose files did not verify are empty: their claim says why.
 */
public record ReleaseFacts(String release, Claim provenance, Origin origin, List<Tool> toolchains,
        SortedMap<String, Source> sources, List<Target> targets, List<Sbom> sboms, List<Dependency> dependencies,
        List<Signer> signers, List<LogEntry> logEntries, VerificationReport report,
        SortedMap<String, SortedMap<String, String>> buildEnvironment) {

    /** The facts of a provenance that records no build environment. */
    public ReleaseFacts(String release, Claim provenance, Origin origin, List<Tool> toolchains,
            SortedMap<String, Source> sources, List<Target> targets, List<Sbom> sboms, List<Dependency> dependencies,
            List<Signer> signers, List<LogEntry> logEntries, VerificationReport report) {
        this(release, provenance, origin, toolchains, sources, targets, sboms, dependencies, signers, logEntries, report,
                null);
    }

    public ReleaseFacts {
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(provenance, "provenance");
        toolchains = List.copyOf(toolchains);
        sources = new TreeMap<>(sources);
        targets = List.copyOf(targets);
        sboms = List.copyOf(sboms);
        dependencies = List.copyOf(dependencies);
        signers = List.copyOf(signers);
        logEntries = List.copyOf(logEntries);
        Objects.requireNonNull(report, "report");
        if (buildEnvironment != null) {
            SortedMap<String, SortedMap<String, String>> copy = new TreeMap<>();
            buildEnvironment.forEach((target, env) -> copy.put(target, java.util.Collections.unmodifiableSortedMap(
                    new TreeMap<>(env))));
            buildEnvironment = java.util.Collections.unmodifiableSortedMap(copy);
        }
    }

    /** Whether the provenance records each target's build environment (null {@link #buildEnvironment}: it does not). */
    public boolean recordsBuildEnvironment() {
        return buildEnvironment != null;
    }

    /** True when every file verified and no part failed (a contradiction, a file changed after it verified). */
    public boolean verified() {
        return report.verified() && provenance.state() != Claim.State.FAILED
                && targets.stream().allMatch(t -> t.claim().state() != Claim.State.FAILED)
                && sboms.stream().allMatch(s -> s.claim().state() != Claim.State.FAILED);
    }

    /** The source, as the provenance names it; {@code tag} is the ref's name when it is {@code refs/tags/...}. */
    public record Origin(String commit, String ref, String tag, String repository, String builderId,
            String invocationId) {}

    /** A toolchain binary or package the build resolved: its name, full version and SHA-256 (each may be null). */
    public record Tool(String name, String version, String sha256) {}

    /** A lock file or source tree the build read ({@code tree}: a directory's tree digest), by its SHA-256. */
    public record Source(String sha256, boolean tree) {}

    /**
     * One target: the library in its platform jar (file, SHA-256, the rustc that built it) and its smoke result from
     * the provenance ({@code smokeStatus} null when none). The claim joins the jar's and the provenance's.
     */
    public record Target(String classifier, String jar, String libraryFile, String librarySha256, String rustc,
            String smokeStatus, String smokeRunner, String smokeTestedSha256, Claim claim) {}

    /** One SBOM file of the release and whether it verified (only verified ones give dependencies). */
    public record Sbom(String file, Claim claim) {}

    /**
     * A component an SBOM lists: {@code key} is its package URL without version and checksum (what stays the same when
     * it is bumped), {@code purl} the full one, and the SBOM files naming it.
     */
    public record Dependency(String key, String name, String version, String purl, List<String> sboms) {
        public Dependency {
            sboms = List.copyOf(sboms);
        }
    }

    /**
     * Who signed: {@code kind} pgp (the key id), sigstore (the public key's hint) or keyless (the certificate's
     * identity, with its OIDC issuer), and how many files verified with it.
     */
    public record Signer(String kind, String id, String issuer, int files) {
        /** The identity as compared between releases. */
        public String identity() {
            return kind + " " + id + (issuer == null ? "" : " (" + issuer + ")");
        }
    }

    /** A transparency log entry of a keyless signature that verified: the file and its log index. */
    public record LogEntry(String artifact, long logIndex, String issuer) {}
}
