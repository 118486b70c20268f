package dev.forgeline.release.sbom;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.bom.Boms;
import dev.forgeline.release.bom.ModuleSbom;
import dev.forgeline.release.bom.PlatformJarSbom;
import dev.forgeline.release.bom.ReleaseSbom;
import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.common.MavenCoordinates;
import dev.forgeline.release.io.AtomicFiles;
import dev.forgeline.release.io.FileTrees;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.manifest.ReleaseManifest.ArtifactRecord;
import dev.forgeline.release.maven.MavenArtifactResolver;
import dev.forgeline.release.maven.ReleaseFiles;
import dev.forgeline.release.maven.ResolutionRequest;
import dev.forgeline.release.maven.ResolutionResult;
import dev.forgeline.release.maven.ScratchRepository;
import dev.forgeline.release.maven.UpstreamCache;
import dev.forgeline.release.stage.Stage;
import dev.forgeline.release.stage.StageContext;
import dev.forgeline.sbom.ResolvedArtifact;
import dev.forgeline.sbom.SbomException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.cyclonedx.model.Bom;

/**
 * The sbom stage: a CycloneDX 1.6 document next to every jar of the release, and the release's SBOM on the root
 * coordinate, each recorded in the manifest as an artifact (extension {@code json}) that publish deploys and sign signs.
 * A platform jar's SBOM is made from the SBOM inside the jar (the package stage wrote it); a Maven module's from its
 * runtime graph, resolved by maven-resolver from the release (staged privately) and {@code upstream}. Every document is
 * validated before it is written, names its subject's SHA-256, and has the same bytes for the same release
 * (SOURCE_DATE_EPOCH, serial number from the content). Done when every SBOM the release needs is recorded, intact, and
 * names the current digest of its subject. See docs/sbom.md.
 */
public final class SbomStage implements Stage<Sboms> {
    /** The classifier of a module jar's SBOM; a platform jar's is {@code <platform>-cyclonedx}. */
    public static final String CLASSIFIER = "cyclonedx";
    /** The classifier of the release's SBOM, on the root coordinate. */
    public static final String RELEASE_CLASSIFIER = "release-cyclonedx";
    public static final String EXTENSION = "json";

    private final Path releaseDir;
    private final URI upstream;
    private final String rootArtifactId;
    /** Third-party files kept between runs (null: none). */
    private final Path upstreamCache;

    /**
     * @param upstream where third-party dependencies of the modules are resolved from (release.yaml's smoke upstream)
     * @param rootArtifactId the artifactId of the root POM: the release SBOM's coordinate
     */
    public SbomStage(Path releaseDir, URI upstream, String rootArtifactId) {
        this(releaseDir, upstream, rootArtifactId, null);
    }

    private SbomStage(Path releaseDir, URI upstream, String rootArtifactId, Path upstreamCache) {
        this.releaseDir = releaseDir;
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.rootArtifactId = Objects.requireNonNull(rootArtifactId, "rootArtifactId");
        this.upstreamCache = upstreamCache;
    }

    /** The same stage, resolving third-party dependencies through {@code cache} ({@link UpstreamCache}) first. */
    public SbomStage withUpstreamCache(Path cache) {
        return new SbomStage(releaseDir, upstream, rootArtifactId, cache);
    }

    @Override
    public String name() {
        return "sbom";
    }

    /** Attached source and javadoc jars hold no code that runs: they get no SBOM of their own. */
    private static final java.util.Set<String> DOCUMENTATION_CLASSIFIERS = java.util.Set.of("sources", "javadoc");

    /** Whether a manifest artifact is one of the SBOMs this stage writes. */
    public static boolean isSbom(ArtifactRecord a) {
        return EXTENSION.equals(a.extension()) && a.classifier() != null && a.classifier().endsWith(CLASSIFIER);
    }

    @Override
    public Optional<Sboms> done(StageContext context) throws IOException {
        ReleaseManifest manifest = ManifestStore.read(releaseDir);
        List<Planned> planned = plan(manifest);
        List<String> subjectDigests = new ArrayList<>();
        for (Planned p : planned) {
            Optional<ArtifactRecord> recorded = manifest.artifacts().stream().filter(a -> a.id().equals(p.sbomId())).findFirst();
            if (recorded.isEmpty()) {
                return Optional.empty();
            }
            Path file = ManifestStore.artifactFile(releaseDir, recorded.get());
            if (!Files.isRegularFile(file) || !Checksums.sha256(file).equals(recorded.get().sha256())) {
                return Optional.empty();
            }
            byte[] bytes = Files.readAllBytes(file);
            if (p.subject() != null && !Boms.subjectSha256(bytes).equals(Optional.of(p.subject().sha256()))) {
                return Optional.empty();
            }
            if (p.release()) {
                String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
                if (!subjectDigests.stream().allMatch(text::contains)) {
                    return Optional.empty();
                }
            } else {
                subjectDigests.add(p.subject().sha256());
            }
        }
        return Optional.of(new Sboms(manifest, planned.size(), true));
    }

    @Override
    public Sboms run(StageContext context) throws IOException, InterruptedException {
        ReleaseManifest manifest = ManifestStore.read(releaseDir);
        List<ArtifactRecord> kept = manifest.artifacts().stream().filter(a -> !isSbom(a)).toList();
        ReleaseManifest subjects = manifest.withArtifacts(kept);
        ManifestStore.verifyFiles(releaseDir, subjects); // the SBOMs themselves are written again
        long epoch = manifest.source().sourceDateEpoch();
        List<Planned> planned = plan(subjects);
        context.report(name(), planned.size() + " SBOM(s) to write, for " + kept.size() + " file(s)");

        List<Planned> platform = planned.stream().filter(p -> !p.release() && p.subject().target() != null).toList();
        List<Planned> modules = planned.stream().filter(p -> !p.release() && p.subject().target() == null).toList();
        List<Bom> platformBoms = context.jobs().map(platform, p -> platformJarSbom(p.subject()));
        List<Bom> moduleBoms = modules.isEmpty() ? List.of() : moduleSboms(subjects, modules, context);

        List<ArtifactRecord> records = new ArrayList<>(kept);
        List<Bom> parts = new ArrayList<>();
        for (int i = 0; i < modules.size(); i++) {
            records.add(write(modules.get(i), moduleBoms.get(i), epoch, context));
            parts.add(moduleBoms.get(i));
        }
        for (int i = 0; i < platform.size(); i++) {
            records.add(write(platform.get(i), platformBoms.get(i), epoch, context));
            parts.add(platformBoms.get(i));
        }
        for (Planned p : planned) {
            if (p.release()) {
                List<String> moduleRefs = modules.stream().map(m -> purl(m.subject())).toList();
                Bom release = ReleaseSbom.of(p.sbomId().groupId(), p.sbomId().artifactId(), p.sbomId().version(),
                        p.subject().sha256(), parts, moduleRefs);
                records.add(write(p, release, epoch, context));
            }
        }
        ReleaseManifest updated = manifest.withArtifacts(records);
        ManifestStore.write(releaseDir, updated);
        return new Sboms(updated, planned.size(), false);
    }

    /** One SBOM to write: its coordinates and the artifact it describes (for the release SBOM, the root POM). */
    private record Planned(dev.forgeline.release.manifest.ArtifactId sbomId, ArtifactRecord subject, boolean release) {}

    /**
     * The SBOMs a release needs: one per jar, and the release SBOM when the release has its Maven modules and the root
     * POM among them.
     */
    private List<Planned> plan(ReleaseManifest manifest) {
        List<Planned> planned = new ArrayList<>();
        for (ArtifactRecord a : manifest.artifacts()) {
            if (!"jar".equals(a.extension()) || isSbom(a) || (a.classifier() != null && DOCUMENTATION_CLASSIFIERS.contains(a.classifier()))) {
                continue;
            }
            String classifier = a.classifier() == null ? CLASSIFIER : a.classifier() + "-" + CLASSIFIER;
            planned.add(new Planned(new dev.forgeline.release.manifest.ArtifactId(a.groupId(), a.artifactId(), a.version(),
                    classifier, EXTENSION), a, false));
        }
        manifest.artifacts().stream()
                .filter(a -> a.artifactId().equals(rootArtifactId) && a.groupId().equals(manifest.project().groupId())
                        && a.classifier() == null && "pom".equals(a.extension()))
                .findFirst()
                .ifPresent(root -> planned.add(new Planned(new dev.forgeline.release.manifest.ArtifactId(root.groupId(),
                        root.artifactId(), root.version(), RELEASE_CLASSIFIER, EXTENSION), root, true)));
        return planned;
    }

    private Bom platformJarSbom(ArtifactRecord jar) throws IOException {
        Path file = ManifestStore.artifactFile(releaseDir, jar);
        byte[] inner = innerSbom(file, jar);
        return PlatformJarSbom.of(Boms.parse(inner, jar.file() + "!" + Boms.JAR_SBOM_DIR), jar.groupId(), jar.artifactId(),
                jar.version(), jar.classifier(), jar.sha256(), sha512(file));
    }

    private static byte[] innerSbom(Path jarFile, ArtifactRecord jar) throws IOException {
        try (ZipFile zip = new ZipFile(jarFile.toFile())) {
            List<? extends ZipEntry> entries = zip.stream()
                    .filter(e -> e.getName().startsWith(Boms.JAR_SBOM_DIR) && e.getName().endsWith(".cdx.json")).toList();
            if (entries.size() != 1) {
                throw new ForgelineException(ExitCode.BUILD_FAILED, jar.file() + " holds " + entries.size()
                        + " SBOM(s) under " + Boms.JAR_SBOM_DIR + ", expected one",
                        "package the platform jar again with this version of forgeline (build), then rerun", null);
            }
            try (InputStream in = zip.getInputStream(entries.get(0))) {
                return in.readAllBytes();
            }
        }
    }

    /**
     * The modules' runtime graphs, resolved from the release copied into a private repository, then upstream. The
     * modules resolve in parallel, each into a local repository of its own (the resolver locks within one repository
     * system only); the upstream cache is safe to share.
     */
    private List<Bom> moduleSboms(ReleaseManifest subjects, List<Planned> modules, StageContext context) throws IOException,
            InterruptedException {
        Path work = Files.createTempDirectory("forgeline-sbom-");
        try {
            Path staging = work.resolve("staging");
            ScratchRepository.write(staging, ReleaseFiles.toDeploy(releaseDir, subjects));
            List<Integer> indexes = java.util.stream.IntStream.range(0, modules.size()).boxed().toList();
            return context.jobs().map(indexes, i -> moduleSbom(modules.get(i).subject(), staging,
                    work.resolve("local-" + i), context));
        } finally {
            FileTrees.deleteTree(work);
        }
    }

    private Bom moduleSbom(ArtifactRecord a, Path staging, Path localRepository, StageContext context) {
        context.report(name(), "resolve " + a.coordinate() + " (runtime)");
        ResolutionRequest request = new ResolutionRequest(new MavenCoordinates(a.groupId(), a.artifactId(), a.version(),
                null, "jar"), staging.toUri(), localRepository).withUpstream(upstream);
        ResolutionResult resolved = new MavenArtifactResolver().resolve(
                upstreamCache == null ? request : request.withUpstreamCache(upstreamCache));
        try {
            return ModuleSbom.of(resolved, upstreamCache == null ? List.of(localRepository)
                    : List.of(localRepository, upstreamCache));
        } catch (SbomException e) {
            throw Boms.failure(a.coordinate(), e);
        }
    }

    private ArtifactRecord write(Planned p, Bom bom, long epoch, StageContext context) throws IOException {
        byte[] bytes = Boms.render(bom, epoch, p.sbomId().toString());
        String subjectDir = p.subject().file().contains("/")
                ? p.subject().file().substring(0, p.subject().file().lastIndexOf('/') + 1) : "";
        String fileName = p.sbomId().artifactId() + "-" + p.sbomId().version() + "-" + p.sbomId().classifier() + "." + EXTENSION;
        Path file = releaseDir.resolve(subjectDir + fileName);
        AtomicFiles.writeIfChanged(file, bytes);
        context.report(name(), fileName);
        String target = p.release() ? null : p.subject().target();
        return new ArtifactRecord(p.sbomId().groupId(), p.sbomId().artifactId(), p.sbomId().version(),
                p.sbomId().classifier(), EXTENSION, target, subjectDir + fileName, bytes.length, Checksums.sha256(file));
    }

    private static String purl(ArtifactRecord a) {
        return new ResolvedArtifact(a.groupId(), a.artifactId(), a.version(), a.classifier(), a.extension(), null, List.of())
                .purl();
    }

    private static String sha512(Path file) throws IOException {
        return Checksums.digest(file, Checksums.Algorithm.SHA512);
    }
}
