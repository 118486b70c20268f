package dev.forgeline.release.image;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.common.FileDigest;
import dev.forgeline.release.common.MavenCoordinates;
import dev.forgeline.release.cross.DebianArch;
import dev.forgeline.release.cross.DebianBaseRoot;
import dev.forgeline.release.io.FileTrees;
import dev.forgeline.release.manifest.ImageRecord;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.manifest.ReleaseManifest.ArtifactRecord;
import dev.forgeline.release.manifest.ReleaseManifest.Smoke;
import dev.forgeline.release.manifest.TargetId;
import dev.forgeline.release.maven.MavenArtifactResolver;
import dev.forgeline.release.maven.MavenPublisher;
import dev.forgeline.release.maven.PublishRequest;
import dev.forgeline.release.maven.ReleaseFiles;
import dev.forgeline.release.maven.ResolutionRequest;
import dev.forgeline.release.maven.ResolutionResult;
import dev.forgeline.release.oci.ImageConfig;
import dev.forgeline.release.oci.OciLayout;
import dev.forgeline.release.platform.Target;
import dev.forgeline.release.platform.TargetCatalog;
import dev.forgeline.release.stage.Stage;
import dev.forgeline.release.stage.StageContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The image stage: an OCI image layout in {@code DIR/image/} holding one image index with a platform image for every
 * built Linux target Debian has a JRE for, each on a base of Debian packages ({@link DebianBaseRoot}) with the
 * third-party jars and the project's jars (the release's own bytes, digests checked) in layers of their own. Then
 * every platform image is smoke-tested from the layout ({@link ImageSmoke}) before anything is recorded as passed;
 * the results go into the manifest, and a failure stops the run (nothing is signed or published, and
 * {@code SmokeGate} refuses the release until an image passes). Done when the manifest records an image whose layout
 * is in place with the recorded index digest, every blob intact, built from the release's current libraries and
 * passed on every platform.
 */
public final class ImageStage implements Stage<ImageBuilt> {
    public static final String LAYOUT_DIR = "image";

    private final ImageSubject subject;
    private final Path releaseDir;
    private final Function<DebianArch, DebianBaseRoot> bases;

    /**
     * @param subject what runs in the image; null when release.yaml has no {@code image} section (nothing is built)
     * @param bases the base root of each architecture (provisioned on first use)
     */
    public ImageStage(ImageSubject subject, Path releaseDir, Function<DebianArch, DebianBaseRoot> bases) {
        this.subject = subject;
        this.releaseDir = releaseDir.toAbsolutePath().normalize();
        this.bases = bases;
    }

    /** The stage whose bases are provisioned under {@code toolchainsDir} (the project's cross toolchains). */
    public static ImageStage withBasesIn(ImageSubject subject, Path releaseDir, Path toolchainsDir) {
        return new ImageStage(subject, releaseDir, arch -> DebianBaseRoot.provision(arch, toolchainsDir));
    }

    @Override
    public String name() {
        return "image";
    }

    @Override
    public Optional<ImageBuilt> done(StageContext context) throws IOException {
        if (subject == null) {
            return Optional.empty(); // run() says there is nothing to build
        }
        ReleaseManifest manifest = ManifestStore.read(releaseDir);
        ImageRecord image = manifest.image();
        if (image == null || !image.platforms().keySet().equals(platformTargets(manifest).keySet())
                || !ManifestStore.intact(releaseDir, manifest)) {
            return Optional.empty();
        }
        for (Map.Entry<String, ImageRecord.PlatformImage> entry : image.platforms().entrySet()) {
            String library = manifest.target(TargetId.of(entry.getKey())).library().sha256();
            if (!library.equals(entry.getValue().librarySha256()) || !entry.getValue().smokePassedForItsLibrary()) {
                return Optional.empty();
            }
        }
        if (!LayoutCheck.intact(releaseDir.resolve(image.layout()), image)) {
            return Optional.empty();
        }
        return Optional.of(new ImageBuilt(manifest, "image " + image.indexDigest() + " for "
                + String.join(", ", platformNames(image))));
    }

    @Override
    public ImageBuilt run(StageContext context) throws IOException, InterruptedException {
        ReleaseManifest manifest = ManifestStore.read(releaseDir);
        if (subject == null) {
            return new ImageBuilt(manifest, "no image: release.yaml has no image section");
        }
        ManifestStore.verifyFiles(releaseDir, manifest);
        SortedMap<String, DebianArch> targets = platformTargets(manifest);
        if (targets.isEmpty()) {
            return new ImageBuilt(manifest.withImage(null), "no image: no Linux target with a Debian JRE was built");
        }
        boolean chroot = ImageSmoke.chrootAvailable();
        ImageSmoke.requireTools(chroot, targets.values());
        long epoch = manifest.source().sourceDateEpoch();
        String version = manifest.project().version();
        Path work = Files.createTempDirectory(releaseDir, ".image-");
        try {
            Jars jars = jars(manifest, work);
            OciLayout layout = OciLayout.create(work.resolve("layout"));
            Map<String, String> labels = new TreeMap<>(Map.of(
                    "org.opencontainers.image.source", subject.source().toString(),
                    "org.opencontainers.image.version", version,
                    "org.opencontainers.image.created", ImageConfig.rfc3339(epoch),
                    "org.opencontainers.image.title", subject.artifactId()));
            if (manifest.source().commit() != null) {
                labels.put("org.opencontainers.image.revision", manifest.source().commit());
            }
            PlatformImageBuilder builder = new PlatformImageBuilder(layout, epoch, subject.artifactId(),
                    subject.mainClass(), labels);
            List<String> classifiers = List.copyOf(targets.keySet());
            List<PlatformImageBuilder.Built> built = context.jobs().map(classifiers, classifier -> {
                DebianArch arch = targets.get(classifier);
                context.report("image", classifier + ": base of Debian packages for " + arch);
                DebianBaseRoot base = bases.apply(arch);
                String library = manifest.target(TargetId.of(classifier)).library().sha256();
                PlatformImageBuilder.Built image = builder.build(base, jars.dependencies(),
                        jars.projectFor(classifier), library);
                context.report("image", classifier + ": " + image.record().platform() + " " + image.manifest().digest());
                return image;
            });
            List<OciLayout.Descriptor> platformManifests = built.stream().map(PlatformImageBuilder.Built::manifest).toList();
            OciLayout.Descriptor index = layout.index(platformManifests, labels);
            List<OciLayout.Descriptor> entries = new ArrayList<>();
            entries.add(index.withAnnotations(Map.of(OciLayout.REF_NAME, version)));
            // Each platform image by its own name too: tools that take one image (umoci) can pick it.
            platformManifests.forEach(m -> entries.add(m.withAnnotations(Map.of(OciLayout.REF_NAME,
                    version + "-" + ImagePlatform.refSuffix(m.platform())))));
            layout.writeIndexJson(entries);

            List<Smoke> smoked = context.jobs().map(classifiers, classifier -> {
                int i = classifiers.indexOf(classifier);
                DebianArch arch = targets.get(classifier);
                boolean host = TargetCatalog.host().map(Target::classifier).filter(classifier::equals).isPresent();
                context.report("image", classifier + ": smoke test (" + ImageSmoke.runnerName(arch, host, chroot) + ")");
                Smoke smoke = ImageSmoke.run(layout.directory(), built.get(i).manifest().digest(), arch, host, chroot,
                        classifier, built.get(i).record().librarySha256(), work.resolve("smoke-" + classifier));
                context.report("image", classifier + ": smoke " + smoke.status() + " in " + smoke.seconds() + " s");
                return smoke;
            });
            SortedMap<String, ImageRecord.PlatformImage> platforms = new TreeMap<>();
            for (int i = 0; i < classifiers.size(); i++) {
                platforms.put(classifiers.get(i), built.get(i).record().withSmoke(smoked.get(i)));
            }
            Path target = releaseDir.resolve(LAYOUT_DIR);
            FileTrees.deleteTree(target);
            Files.move(layout.directory(), target, StandardCopyOption.ATOMIC_MOVE);
            ImageRecord record = new ImageRecord(LAYOUT_DIR, version, index.digest(), platforms);
            ReleaseManifest recorded = manifest.withImage(record);
            ManifestStore.write(releaseDir, recorded);
            requireAllPassed(platforms);
            return new ImageBuilt(recorded, "image " + index.digest() + " for " + String.join(", ", platformNames(record))
                    + ", smoke-tested");
        } finally {
            FileTrees.deleteTree(work);
        }
    }

    private void requireAllPassed(SortedMap<String, ImageRecord.PlatformImage> platforms) {
        List<String> failed = new ArrayList<>();
        platforms.forEach((classifier, image) -> {
            if (image.smoke().status() != Smoke.SmokeStatus.passed) {
                failed.add(classifier + " (" + image.smoke().failedChecks().stream()
                        .map(c -> c.name() + ": " + c.detail()).collect(Collectors.joining("; ")) + ")");
            }
        });
        if (!failed.isEmpty()) {
            throw new ForgelineException(ExitCode.CHECK_FAILED, "the image smoke test failed for " + String.join(", ",
                    failed), "nothing is signed or published; the checks are in " + releaseDir.resolve(
                    ReleaseManifest.FILE_NAME) + " under image.platforms", null);
        }
    }

    private static List<String> platformNames(ImageRecord image) {
        return image.platforms().values().stream().map(ImageRecord.PlatformImage::platform).toList();
    }

    /** Built Linux targets whose architecture Debian has a JRE for, by classifier. */
    static SortedMap<String, DebianArch> platformTargets(ReleaseManifest manifest) {
        SortedMap<String, DebianArch> out = new TreeMap<>();
        for (TargetId id : manifest.builtTargets()) {
            TargetCatalog.byClassifier(id.classifier()).flatMap(DebianArch::of)
                    .ifPresent(arch -> out.put(id.classifier(), arch));
        }
        return out;
    }

    /** The jars of every platform image: third-party ones (shared), the project's, and the classifier jar per platform. */
    private record Jars(List<PlatformImageBuilder.JarFile> dependencies, List<PlatformImageBuilder.JarFile> project,
            Map<String, PlatformImageBuilder.JarFile> classifierJars) {
        List<PlatformImageBuilder.JarFile> projectFor(String classifier) {
            List<PlatformImageBuilder.JarFile> all = new ArrayList<>(project);
            all.add(classifierJars.get(classifier));
            return all;
        }
    }

    /**
     * Resolves the image's module as a consumer would (from the release staged privately, third-party jars from
     * upstream); the project's jars are then taken from the release itself, each checked against the manifest's
     * digest, and the native artifact's classifier jar is chosen per platform (the resolver picks the host's).
     */
    private Jars jars(ReleaseManifest manifest, Path work) throws IOException {
        String groupId = manifest.project().groupId();
        String version = manifest.project().version();
        Path staging = work.resolve("staging-repository");
        new MavenPublisher().publish(new PublishRequest(staging.toUri(), ReleaseFiles.toDeploy(releaseDir, manifest)));
        ResolutionRequest request = new ResolutionRequest(new MavenCoordinates(groupId, subject.artifactId(), version,
                null, "jar"), staging.toUri(), work.resolve("local-repository"));
        if (subject.upstream() != null) {
            request = request.withUpstream(subject.upstream());
        }
        ResolutionResult resolved = new MavenArtifactResolver().resolve(request);
        List<PlatformImageBuilder.JarFile> dependencies = new ArrayList<>();
        List<PlatformImageBuilder.JarFile> project = new ArrayList<>();
        for (ResolutionResult.ResolvedArtifact artifact : resolved.artifacts()) {
            MavenCoordinates c = artifact.coordinates();
            if (!"jar".equals(c.extension())) {
                continue;
            }
            if (c.groupId().equals(groupId)) {
                if (c.classifier() == null) {
                    project.add(releaseJar(manifest, c.artifactId(), null));
                }
                continue; // a classifier jar of the project: each platform gets its own below
            }
            String file = artifact.file().getFileName().toString();
            dependencies.add(new PlatformImageBuilder.JarFile(PlatformImageBuilder.APP_DIR + "/lib/" + file,
                    artifact.file(), c.toString(), sha256(artifact.file())));
        }
        if (project.stream().noneMatch(j -> j.coordinate().contains(":" + subject.artifactId() + ":"))) {
            throw ForgelineException.usage("image.artifactId " + subject.artifactId() + " is not a jar of the release",
                    "name a module release.yaml publishes (maven.publish) in image.artifactId");
        }
        // The module that runs first on the class path, then the rest of the project's, then third-party, sorted.
        project.sort(java.util.Comparator.comparing((PlatformImageBuilder.JarFile j) ->
                !j.coordinate().contains(":" + subject.artifactId() + ":")).thenComparing(PlatformImageBuilder.JarFile::pathInImage));
        dependencies.sort(java.util.Comparator.comparing(PlatformImageBuilder.JarFile::pathInImage));
        Map<String, PlatformImageBuilder.JarFile> classifierJars = new TreeMap<>();
        for (String classifier : platformTargets(manifest).keySet()) {
            classifierJars.put(classifier, releaseJar(manifest, subject.nativeArtifactId(), classifier));
        }
        return new Jars(dependencies, project, classifierJars);
    }

    /** A jar of the release, from the release directory, its bytes checked against the manifest. */
    private PlatformImageBuilder.JarFile releaseJar(ReleaseManifest manifest, String artifactId, String classifier)
            throws IOException {
        ArtifactRecord artifact = manifest.artifacts().stream()
                .filter(a -> a.artifactId().equals(artifactId) && "jar".equals(a.extension())
                        && java.util.Objects.equals(a.classifier(), classifier))
                .findFirst().orElseThrow(() -> new ForgelineException(ExitCode.CHECK_FAILED, "the release in " + releaseDir
                        + " has no jar " + artifactId + (classifier == null ? "" : ":" + classifier) + " for the image",
                        "rebuild the release with forgeline release --local", null));
        Path file = ManifestStore.artifactFile(releaseDir, artifact);
        String actual = sha256(file);
        if (!actual.equals(artifact.sha256())) {
            throw ManifestStore.changedSinceBuilt(artifact, actual);
        }
        String name = artifactId + "-" + artifact.version() + (classifier == null ? "" : "-" + classifier) + ".jar";
        return new PlatformImageBuilder.JarFile(PlatformImageBuilder.APP_DIR + "/" + subject.artifactId() + "/" + name, file,
                artifact.coordinate(), artifact.sha256());
    }

    private static String sha256(Path file) throws IOException {
        return HexFormat.of().formatHex(FileDigest.of(file).sha256());
    }
}
