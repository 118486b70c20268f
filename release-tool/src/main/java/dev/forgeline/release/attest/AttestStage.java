package dev.forgeline.release.attest;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.build.SourceSnapshot;
import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.common.FileDigest;
import dev.forgeline.release.io.AtomicFiles;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.manifest.ReleaseManifest.ArtifactRecord;
import dev.forgeline.release.sign.KeyLoader;
import dev.forgeline.release.sign.ReleaseIndexWriter;
import dev.forgeline.release.sign.SignatureFiles;
import dev.forgeline.release.sign.Signer;
import dev.forgeline.release.sign.SigningKeys;
import dev.forgeline.release.sigstore.Dsse;
import dev.forgeline.release.sigstore.DsseBundle;
import dev.forgeline.release.stage.Stage;
import dev.forgeline.release.stage.StageContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The attest stage, after sign: the release's SLSA v1.0 provenance ({@link Provenance}) in a DSSE envelope signed with
 * the release's Sigstore key, written as {@code <root artifactId>-<version>.intoto.jsonl} (the envelope, one line) and
 * {@code <root artifactId>-<version>.intoto.bundle.json} (the Sigstore bundle v0.3 in DSSE form), both recorded in the
 * manifest on the root coordinate (extensions {@code intoto.jsonl}, {@code intoto.bundle.json}) so publish deploys
 * them, and signed like every file (the release index written again to list them). Subjects: every other file of the
 * manifest. The envelope is signed by the release's Sigstore signer: the local key, or keyless the run's Fulcio
 * certificate, with the envelope logged in Rekor as a {@code dsse} entry. With a key, same release, same keys: same
 * bytes (deterministic ECDSA, times from SOURCE_DATE_EPOCH), which is also the done check; keyless, the recorded
 * bundle is kept when it holds the same statement and names the run's identity.
 */
public final class AttestStage implements Stage<Attested> {
    public static final String ENVELOPE_EXTENSION = dev.forgeline.release.common.InTotoProvenance.ENVELOPE_EXTENSION;
    /** Not {@code .sigstore.json}, which names the signature files every published file has. */
    public static final String BUNDLE_EXTENSION = dev.forgeline.release.common.InTotoProvenance.BUNDLE_EXTENSION;

    private final Path releaseDir;
    private final KeyLoader keyLoader;
    private final String rootArtifactId;
    private final Path releaseYaml;
    private final SortedMap<String, Path> lockFiles;
    private final SortedMap<String, Path> sourceTrees;
    private final String maxGlibc;
    private final String tag;
    private SigningKeys keys;

    /**
     * @param lockFiles the lock files by their path relative to the project (Cargo.lock)
     * @param sourceTrees source directories by their path relative to the project, ending in {@code /} (the native
     *     crate's): each one's tree digest goes into the provenance
     * @param tag the tag built (null: none, or GITHUB_REF's)
     */
    public AttestStage(Path releaseDir, KeyLoader keyLoader, String rootArtifactId, Path releaseYaml,
            SortedMap<String, Path> lockFiles, SortedMap<String, Path> sourceTrees, String maxGlibc, String tag) {
        this.releaseDir = releaseDir.toAbsolutePath().normalize();
        this.keyLoader = Objects.requireNonNull(keyLoader, "keyLoader");
        this.rootArtifactId = rootArtifactId;
        this.releaseYaml = releaseYaml;
        this.lockFiles = lockFiles;
        this.sourceTrees = sourceTrees;
        this.maxGlibc = maxGlibc;
        this.tag = tag;
    }

    @Override
    public String name() {
        return "attest";
    }

    /** Whether a manifest artifact is one of the files this stage writes. */
    public static boolean isProvenance(ArtifactRecord a) {
        return a.classifier() == null && (ENVELOPE_EXTENSION.equals(a.extension()) || BUNDLE_EXTENSION.equals(a.extension()));
    }

    @Override
    public Optional<Attested> done(StageContext context) throws IOException {
        ReleaseManifest manifest = ManifestStore.read(releaseDir);
        List<ArtifactRecord> recorded = manifest.artifacts().stream().filter(AttestStage::isProvenance).toList();
        if (recorded.size() != 2) {
            return Optional.empty();
        }
        Statement statement = statement(context, manifest);
        SigningKeys k = keys(context, manifest);
        Optional<DsseBundle> kept = k.keyless() ? keptKeyless(recorded, statement, k) : Optional.empty();
        DsseBundle bundle = kept.isPresent() ? kept.get() : k.keyless() ? null : sign(k, statement);
        if (bundle == null) {
            return Optional.empty();
        }
        for (ArtifactRecord r : recorded) {
            byte[] expected = ENVELOPE_EXTENSION.equals(r.extension()) ? bundle.envelopeJson() : bundle.bundleJson();
            Path file = ManifestStore.artifactFile(releaseDir, r);
            if (!Files.isRegularFile(file) || !Arrays.equals(expected, Files.readAllBytes(file))
                    || r.signatures().size() != k.signers().size()) {
                return Optional.empty();
            }
            for (ReleaseManifest.SignatureRecord s : r.signatures()) {
                if (!ManifestStore.signatureIntact(releaseDir, s)) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(new Attested(manifest, statement.subjects().size(), true));
    }

    /**
     * A keyless provenance cannot be made again to compare (a new signature, a new log entry each time): the recorded
     * bundle is kept when it holds this statement and was signed by this run's identity.
     */
    private Optional<DsseBundle> keptKeyless(List<ArtifactRecord> recorded, Statement statement, SigningKeys k)
            throws IOException {
        ArtifactRecord record = recorded.stream().filter(r -> BUNDLE_EXTENSION.equals(r.extension())).findFirst().orElseThrow();
        Path file = ManifestStore.artifactFile(releaseDir, record);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        DsseBundle bundle;
        try {
            bundle = DsseBundle.parse(Files.readAllBytes(file));
        } catch (dev.forgeline.release.sigstore.SigstoreBundle.BundleFormatException e) {
            return Optional.empty();
        }
        if (!bundle.keyless() || !Dsse.IN_TOTO_PAYLOAD_TYPE.equals(bundle.payloadType())
                || !Arrays.equals(statement.bytes(), bundle.payload())
                || !k.sigstoreKeyId().equals(dev.forgeline.release.sign.KeylessSigner.identityOf(bundle.certificate()))) {
            return Optional.empty();
        }
        return Optional.of(bundle);
    }

    @Override
    public Attested run(StageContext context) throws IOException {
        ReleaseManifest manifest = ManifestStore.read(releaseDir);
        Statement statement = statement(context, manifest);
        SigningKeys k = keys(context, manifest);
        DsseBundle bundle = sign(k, statement);
        ArtifactRecord root = statement.root();
        String dir = root.file().contains("/") ? root.file().substring(0, root.file().lastIndexOf('/') + 1) : "";
        String base = root.artifactId() + "-" + root.version();
        List<ArtifactRecord> records = new ArrayList<>(manifest.artifacts().stream().filter(a -> !isProvenance(a)).toList());
        records.add(write(root, dir + base + "." + ENVELOPE_EXTENSION, ENVELOPE_EXTENSION, bundle.envelopeJson(), k.signers()));
        records.add(write(root, dir + base + "." + BUNDLE_EXTENSION, BUNDLE_EXTENSION, bundle.bundleJson(), k.signers()));
        ReleaseManifest updated = manifest.withArtifacts(records);
        ManifestStore.write(releaseDir, updated);
        ReleaseIndexWriter.write(releaseDir, updated, k.signers()); // the index lists the provenance too
        context.report(name(), base + "." + ENVELOPE_EXTENSION + ": " + statement.subjects().size() + " subject(s), builder "
                + statement.builderId() + ", signed by " + k.sigstoreKeyId());
        return new Attested(updated, statement.subjects().size(), false);
    }

    /** The provenance statement (the envelope's payload) and what it was made from. */
    private record Statement(ArtifactRecord root, List<ArtifactRecord> subjects, byte[] bytes, String builderId) {}

    private static DsseBundle sign(SigningKeys k, Statement statement) {
        return k.signDsse(Dsse.IN_TOTO_PAYLOAD_TYPE, statement.bytes());
    }

    private Statement statement(StageContext context, ReleaseManifest manifest) throws IOException {
        List<ArtifactRecord> subjects = manifest.artifacts().stream().filter(a -> !isProvenance(a)).toList();
        ArtifactRecord root = subjects.stream()
                .filter(a -> a.artifactId().equals(rootArtifactId) && a.groupId().equals(manifest.project().groupId())
                        && a.classifier() == null && "pom".equals(a.extension()))
                .findFirst()
                .orElseThrow(() -> new ForgelineException(ExitCode.USAGE, "the release has no POM of its root module "
                        + manifest.project().groupId() + ":" + rootArtifactId + " to attach the provenance to",
                        "publish the root module: list \".\" under maven.publish in release.yaml", null));
        for (ArtifactRecord a : subjects) {
            Path file = ManifestStore.artifactFile(releaseDir, a);
            if (!Files.isRegularFile(file) || !Checksums.sha256(file).equals(a.sha256())) {
                throw ManifestStore.changedSinceBuilt(a, Files.isRegularFile(file) ? Checksums.sha256(file) : "missing");
            }
        }
        Map<String, String> env = context.env();
        String repository = sourceRepository(env);
        String ref = ref(env);
        String builderId = builderId(env);
        String invocation = invocationId(env).orElse(Provenance.localInvocationId(manifest, subjects));
        SortedMap<String, String> locks = new java.util.TreeMap<>();
        for (Map.Entry<String, Path> lock : lockFiles.entrySet()) {
            if (Files.isRegularFile(lock.getValue())) {
                locks.put(lock.getKey(), Checksums.sha256(lock.getValue()));
            }
        }
        SortedMap<String, String> trees = new java.util.TreeMap<>();
        for (Map.Entry<String, Path> tree : sourceTrees.entrySet()) {
            if (Files.isDirectory(tree.getValue())) {
                trees.put(tree.getKey(), SourceSnapshot.treeSha256(tree.getValue(), null));
            }
        }
        byte[] statement = Provenance.statement(new Provenance.Inputs(manifest, subjects, repository, ref,
                Checksums.sha256(releaseYaml), locks, trees, maxGlibc, builderId, invocation));
        return new Statement(root, subjects, statement, builderId);
    }

    private ArtifactRecord write(ArtifactRecord root, String relative, String extension, byte[] bytes, List<Signer> signers)
            throws IOException {
        Path file = releaseDir.resolve(relative);
        AtomicFiles.writeIfChanged(file, bytes);
        ArtifactRecord record = new ArtifactRecord(root.groupId(), root.artifactId(), root.version(), null, extension, null,
                relative, bytes.length, Checksums.sha256(bytes));
        return record.withSignatures(SignatureFiles.write(file, relative, FileDigest.of(bytes), signers));
    }

    private SigningKeys keys(StageContext context, ReleaseManifest manifest) {
        if (keys == null) {
            keys = keyLoader.load(context.env(),
                    Clock.fixed(Instant.ofEpochSecond(manifest.source().sourceDateEpoch()), ZoneOffset.UTC));
        }
        return keys;
    }

    /** GitHub's {@code GITHUB_SERVER_URL/GITHUB_REPOSITORY}, else {@code FORGELINE_SOURCE_REPOSITORY}, else {@code local}. */
    static String sourceRepository(Map<String, String> env) {
        if (env.get("GITHUB_REPOSITORY") != null) {
            return env.getOrDefault("GITHUB_SERVER_URL", "https://github.com") + "/" + env.get("GITHUB_REPOSITORY");
        }
        return env.getOrDefault("FORGELINE_SOURCE_REPOSITORY", "local");
    }

    private String ref(Map<String, String> env) {
        if (tag != null && !tag.isBlank()) {
            return "refs/tags/" + tag;
        }
        String ref = env.get("GITHUB_REF");
        return ref == null || ref.isBlank() ? null : ref; // set but empty: no ref, not the ref ""
    }

    /** The workflow identity under GitHub Actions ({@code <server>/<owner>/<repo>/.github/workflows/x.yml@<ref>}). */
    static String builderId(Map<String, String> env) {
        if ("true".equals(env.get("GITHUB_ACTIONS")) && env.get("GITHUB_WORKFLOW_REF") != null) {
            return env.getOrDefault("GITHUB_SERVER_URL", "https://github.com") + "/" + env.get("GITHUB_WORKFLOW_REF");
        }
        return Provenance.LOCAL_BUILDER_ID;
    }

    static Optional<String> invocationId(Map<String, String> env) {
        if ("true".equals(env.get("GITHUB_ACTIONS")) && env.get("GITHUB_RUN_ID") != null && env.get("GITHUB_REPOSITORY") != null) {
            return Optional.of(env.getOrDefault("GITHUB_SERVER_URL", "https://github.com") + "/" + env.get("GITHUB_REPOSITORY")
                    + "/actions/runs/" + env.get("GITHUB_RUN_ID") + "/attempts/" + env.getOrDefault("GITHUB_RUN_ATTEMPT", "1"));
        }
        return Optional.empty();
    }
}
