package dev.forgeline.release.pipeline;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.assemble.AssembleStage;
import dev.forgeline.release.attest.AttestStage;
import dev.forgeline.release.build.BuildInputs;
import dev.forgeline.release.build.BuildStage;
import dev.forgeline.release.build.BuildWorkspace;
import dev.forgeline.release.build.NativeBuilds;
import dev.forgeline.release.check.CheckStage;
import dev.forgeline.release.check.CheckedBuilds;
import dev.forgeline.release.config.ReleaseConfig;
import dev.forgeline.release.cross.Doctor;
import dev.forgeline.release.image.ImageStage;
import dev.forgeline.release.image.ImageSubject;
import dev.forgeline.release.imagepush.ImagePushStage;
import dev.forgeline.release.registry.ImageReference;
import dev.forgeline.release.sign.SecretSource;
import dev.forgeline.release.io.FileTrees;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.maven.RepositoryAccess;
import dev.forgeline.release.packaging.PackageStage;
import dev.forgeline.release.platform.Target;
import dev.forgeline.release.maven.CredentialsSource;
import dev.forgeline.release.publish.PublishStage;
import dev.forgeline.release.sbom.SbomStage;
import dev.forgeline.release.config.PomCoordinates;
import dev.forgeline.release.sign.KeyLoader;
import dev.forgeline.release.sign.SignStage;
import dev.forgeline.release.smoke.SmokeRunners;
import dev.forgeline.release.smoke.SmokeStage;
import dev.forgeline.release.smoke.SmokeSubject;
import dev.forgeline.release.stage.Stage;
import dev.forgeline.release.stage.StageContext;
import dev.forgeline.release.stage.StageResult;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one runner: it knows the stages of every {@link Mode} and their order, checks each stage's precondition (the
 * smoke gate before {@code sign} and {@code publish}), skips a stage whose outputs are already recorded, owns the run's
 * single executor and the progress display, and hands every stage its inputs. A CLI command parses its options, calls
 * one method here, and prints the {@link RunResults}.
 */
public final class ReleaseRunner implements AutoCloseable {
    public static final String REPOSITORY_DIR = "repository";

    /** Stages that may run only when every built target passed its smoke test: what is signed or published was tested. */
    private static final Set<String> SMOKE_GATED = Set.of("sign", "attest", "publish", "publish-image");

    private final StageContext context;
    /** The tag named on the command line (null: GITHUB_REF's, if it is a tag). */
    private final String tag;
    /** Whether build, release and assemble may build sources without a readable commit ({@code --outside-git}). */
    private final boolean outsideGit;

    public ReleaseRunner(Map<String, String> env, PrintStream progress) {
        this(StageContext.of(env, progress), null, false);
    }

    private ReleaseRunner(StageContext context, String tag, boolean outsideGit) {
        this.context = context;
        this.tag = tag;
        this.outsideGit = outsideGit;
    }

    /**
     * The same runner for a tag build of {@code releaseTag}: build, release and assemble refuse a tag of another
     * version, and a tag that is not the checked-out commit.
     */
    public ReleaseRunner withTag(String releaseTag) {
        return new ReleaseRunner(context, releaseTag, outsideGit);
    }

    /**
     * The same runner allowing, or not, a build of sources outside git (no commit: the manifest says so). Without it, a
     * checkout whose commit cannot be read fails the run.
     */
    public ReleaseRunner withOutsideGit(boolean allowed) {
        return new ReleaseRunner(context, tag, allowed);
    }

    /**
     * {@code release --local}: builds the given targets (none: every target of the matrix this machine can build),
     * smoke-tests them from a staging repository, builds and smoke-tests the OCI image (release.yaml's {@code image}),
     * signs every artifact, and publishes into {@code out/repository}, a file repository. If the output directory did not exist and the run fails, it does not exist afterwards either.
     *
     * @param keys the signing keys; null: the keys named in the environment, else the project's development keys
     */
    public RunResults localRelease(ReleaseConfig config, Path out, List<Target> targets, KeyLoader keys)
            throws IOException, InterruptedException {
        requireTagOfVersion(config);
        Path dir = out.toAbsolutePath().normalize();
        Doctor doctor = Toolchains.doctor(config, context.env());
        List<Target> selected = targets.isEmpty() ? LocalDefaults.buildableTargets(config, doctor) : targets;
        boolean existed = Files.exists(dir);
        RunResults run = new RunResults(Mode.LOCAL_RELEASE);
        try {
            // The plan of a local release is what it builds here: it publishes only into its own file repository.
            buildInto(run, config, selected, false, classifiers(selected), dir, doctor);
            run(run, sbomStage(config, dir), dir);
            run(run, smokeStage(config, dir, doctor), dir);
            run(run, ImageStage.withBasesIn(ImageSubject.of(config), dir, doctor.toolchainsDir()), dir);
            KeyLoader signing = keys != null ? keys : LocalDefaults.keys(config, context.env(), context.progress());
            run(run, new SignStage(dir, signing), dir);
            run(run, attestStage(config, dir, signing), dir);
            run(run, PublishStage.publish(dir, dir.resolve(REPOSITORY_DIR).toUri()), dir);
            return complete(run);
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (!existed) {
                FileTrees.deleteTree(dir);
            }
            throw e;
        }
    }

    /** {@code build}: the targets' platform jars and, unless {@code nativeOnly}, the Maven modules, into {@code out}. */
    public RunResults build(ReleaseConfig config, List<Target> targets, boolean nativeOnly, Path out)
            throws IOException, InterruptedException {
        requireTagOfVersion(config);
        RunResults run = new RunResults(Mode.CI_BUILD);
        Path dir = out.toAbsolutePath().normalize();
        buildInto(run, config, targets, nativeOnly, java.util.Set.copyOf(config.requiredTargets()), dir,
                Toolchains.doctor(config, context.env()));
        run(run, sbomStage(config, dir), dir);
        return complete(run);
    }

    /** {@code assemble}: the outputs of several builds merged into one release in {@code out}. */
    public RunResults assemble(ReleaseConfig config, List<Path> inputs, Path out) throws IOException, InterruptedException {
        requireTagOfVersion(config);
        RunResults run = new RunResults(Mode.ASSEMBLE);
        run(run, new AssembleStage(config, inputs, out, outsideGit), null);
        run(run, sbomStage(config, out.toAbsolutePath().normalize()), out);
        return complete(run);
    }

    /** {@code stage}: the release in {@code from} deployed into a staging repository (no smoke gate: it comes first). */
    public RunResults stage(Path from, URI repository) throws IOException, InterruptedException {
        return stage(from, repository, RepositoryAccess.defaults());
    }

    /** {@code stage} into a repository reached (when remote) as {@code access} says. */
    public RunResults stage(Path from, URI repository, RepositoryAccess access) throws IOException, InterruptedException {
        RunResults run = new RunResults(Mode.STAGE);
        run(run, PublishStage.stage(from, repository, access), from);
        return complete(run);
    }

    /**
     * {@code smoke}: the built targets of the release in {@code from} tested on this machine.
     *
     * @param stagingRepository where the release is staged already (null: stage it privately)
     * @param only the targets to test (empty: every built target)
     * @param resultsDir where a runner's results go (null: into the release's own manifest)
     */
    public RunResults smoke(ReleaseConfig config, Path from, URI stagingRepository, Set<String> only, Path resultsDir)
            throws IOException, InterruptedException {
        return smoke(config, from, stagingRepository, CredentialsSource.environment(), only, resultsDir);
    }

    /** {@code smoke --repository URL}, logging in to that repository for reads as {@code login} says. */
    public RunResults smoke(ReleaseConfig config, Path from, URI stagingRepository, CredentialsSource login,
            Set<String> only, Path resultsDir) throws IOException, InterruptedException {
        SmokeStage stage = smokeStage(config, from, Toolchains.doctor(config, context.env())).onlyTargets(only);
        if (stagingRepository != null) {
            stage = stage.fromStagingRepository(stagingRepository, login);
        }
        if (resultsDir != null) {
            stage = stage.resultsInto(resultsDir);
        }
        RunResults run = new RunResults(Mode.SMOKE);
        run(run, stage, from);
        return complete(run);
    }

    /**
     * {@code sign}: every artifact of the release in {@code from} signed, once every built target passed its smoke test,
     * then its provenance written and signed with the same keys ({@code config}: the release.yaml it was built from).
     */
    /**
     * {@code sign --keyless}: every artifact of {@code from} signed keylessly, then its provenance with the same
     * certificate ({@link Mode#SIGN_KEYLESS}; {@code keys} should start one keyless signer for both stages).
     */
    public RunResults signKeyless(ReleaseConfig config, Path from, KeyLoader keys) throws IOException, InterruptedException {
        RunResults run = new RunResults(Mode.SIGN_KEYLESS);
        Path dir = from.toAbsolutePath().normalize();
        run(run, new SignStage(dir, keys), dir);
        run(run, attestStage(config, dir, keys), dir);
        return complete(run);
    }

    public RunResults sign(ReleaseConfig config, Path from, KeyLoader keys) throws IOException, InterruptedException {
        RunResults run = new RunResults(Mode.SIGN);
        Path dir = from.toAbsolutePath().normalize();
        run(run, new SignStage(dir, keys), dir);
        run(run, attestStage(config, dir, keys), dir);
        return complete(run);
    }

    /** {@code publish}: the release in {@code from} deployed to {@code repository}, once every built target passed. */
    public RunResults publish(Path from, URI repository) throws IOException, InterruptedException {
        return publish(from, repository, RepositoryAccess.defaults());
    }

    /** {@code publish} to a repository reached (when remote) as {@code access} says. */
    public RunResults publish(Path from, URI repository, RepositoryAccess access) throws IOException, InterruptedException {
        RunResults run = new RunResults(Mode.PUBLISH);
        run(run, PublishStage.publish(from, repository, access), from);
        return complete(run);
    }

    /**
     * {@code publish --staging-repository}: deployed to {@code staging} first (reached as {@code stagingAccess} says),
     * the staged copy verified, then promoted to {@code repository}; once every built target passed.
     */
    public RunResults publishThroughStaging(Path from, URI repository, RepositoryAccess access, URI staging,
            RepositoryAccess stagingAccess) throws IOException, InterruptedException {
        RunResults run = new RunResults(Mode.PUBLISH);
        run(run, PublishStage.publishThroughStaging(from, repository, access, staging, stagingAccess), from);
        return complete(run);
    }

    /** {@code publish --central}: to Maven Central's Publisher API at {@code portal}, once every built target passed. */
    public RunResults publishToCentral(Path from, URI portal, RepositoryAccess access,
            dev.forgeline.release.maven.central.CentralOptions central) throws IOException, InterruptedException {
        RunResults run = new RunResults(Mode.PUBLISH);
        run(run, PublishStage.publishToCentral(from, portal, access, central), from);
        return complete(run);
    }

    /**
     * {@code publish --image REF} (with {@code --repository URL}: {@code repository} not null): the Maven side first,
     * when given, and the image only after it was published (every file read back and compared), then the image and
     * its platform images pushed to the registry, tagged, and signed with the release's Sigstore key.
     */
    public RunResults publishImage(Path from, URI repository, RepositoryAccess access, ImageReference image,
            SecretSource sigstoreKey) throws IOException, InterruptedException {
        RunResults run = new RunResults(repository == null ? Mode.PUBLISH_IMAGE : Mode.PUBLISH_WITH_IMAGE);
        if (repository != null) {
            run(run, PublishStage.publish(from, repository, access), from);
        }
        run(run, new ImagePushStage(from, image, sigstoreKey, access.connectTimeout(), access.requestTimeout()), from);
        return complete(run);
    }

    /**
     * Build, check and package into {@code out}, in one staged output directory that replaces the old one only when
     * all three succeeded. When {@code out} already holds this very build, all three are done and nothing is opened.
     */
    private void buildInto(RunResults run, ReleaseConfig config, List<Target> targets, boolean nativeOnly,
            Set<String> required, Path out, Doctor doctor) throws IOException, InterruptedException {
        BuildInputs inputs = BuildInputs.read(config, targets, nativeOnly, required, out, context.env(), outsideGit);
        LazyWorkspace workspace = new LazyWorkspace(config, out);
        try {
            NativeBuilds builds = run(run, new BuildStage(config, targets, inputs, out, doctor, workspace::get), null);
            CheckedBuilds checked = run(run, new CheckStage(builds, config.binaryPolicy()), null);
            run(run, new PackageStage(config, checked, workspace::get), null);
            workspace.commit();
        } finally {
            workspace.close();
        }
    }

    /** A tag build of another version, or of a tag that is not the checkout's commit, stops before anything is built. */
    private void requireTagOfVersion(ReleaseConfig config) {
        java.util.Optional<String> releaseTag = ReleaseTag.of(tag, context.env());
        ReleaseTag.requireMatchesVersion(releaseTag, config);
        ReleaseTag.requireAtCheckout(releaseTag, config.projectDir(), outsideGit);
    }

    private static Set<String> classifiers(List<Target> targets) {
        return targets.stream().map(Target::classifier).collect(java.util.stream.Collectors.toSet());
    }

    private AttestStage attestStage(ReleaseConfig config, Path releaseDir, KeyLoader keys) {
        java.util.SortedMap<String, Path> locks = new java.util.TreeMap<>();
        Path lock = config.nativeCrate().resolve("Cargo.lock");
        locks.put(config.projectDir().toAbsolutePath().normalize().relativize(lock.toAbsolutePath().normalize()).toString()
                .replace('\\', '/'), lock);
        java.util.SortedMap<String, Path> trees = new java.util.TreeMap<>();
        // The crate's own tree digest: with the lock file and the toolchain, what the library is built from.
        trees.put(config.projectDir().toAbsolutePath().normalize().relativize(config.nativeCrate().toAbsolutePath()
                .normalize()).toString().replace('\\', '/') + "/", config.nativeCrate());
        return new AttestStage(releaseDir, keys, PomCoordinates.read(config.mavenRoot().resolve("pom.xml")).artifactId(),
                config.sourceFile(), locks, trees, config.binaryPolicy().maxGlibc().toString(), ReleaseTag.of(tag, context.env()).orElse(null));
    }

    private SbomStage sbomStage(ReleaseConfig config, Path releaseDir) {
        return new SbomStage(releaseDir, config.smoke().upstream(),
                PomCoordinates.read(config.mavenRoot().resolve("pom.xml")).artifactId())
                .withUpstreamCache(Toolchains.mavenUpstreamCache(config, context.env()));
    }

    private SmokeStage smokeStage(ReleaseConfig config, Path releaseDir, Doctor doctor) {
        return new SmokeStage(SmokeSubject.of(config), releaseDir, new SmokeRunners(doctor)::forTarget);
    }

    /**
     * Runs one stage of the run's mode: its precondition first, then its done check (recorded outputs in place: the
     * recorded result is taken and the work skipped), else the work itself.
     *
     * @param releaseDir the release the smoke gate looks at, for gated stages
     */
    private <R extends StageResult> R run(RunResults run, Stage<R> stage, Path releaseDir)
            throws IOException, InterruptedException {
        run.requireStageOfMode(stage.name()); // before any work: a stage of another mode is a wiring defect
        if (SMOKE_GATED.contains(stage.name())) {
            SmokeGate.require(ManifestStore.read(releaseDir), releaseDir, stage.name());
        }
        long start = System.nanoTime();
        Optional<R> done = stage.done(context);
        R result;
        if (done.isPresent()) {
            result = done.get();
            context.report(stage.name(), "done already: " + result.summary());
        } else {
            result = stage.run(context);
            // The stage's own wall time, done check included: what bench/ reads, and what a user asks of a slow run.
            context.report(stage.name(), String.format(java.util.Locale.ROOT, "finished in %.2f s",
                    (System.nanoTime() - start) / 1e9));
        }
        run.record(stage.name(), result, done.isPresent());
        return result;
    }

    private static RunResults complete(RunResults run) {
        run.requireComplete();
        return run;
    }

    @Override
    public void close() {
        context.jobs().close();
    }

    /** The build's workspace, opened when a stage first needs it (a done build opens none). */
    private static final class LazyWorkspace implements AutoCloseable {
        private final ReleaseConfig config;
        private final Path out;
        private BuildWorkspace workspace;

        LazyWorkspace(ReleaseConfig config, Path out) {
            this.config = config;
            this.out = out;
        }

        synchronized BuildWorkspace get() {
            if (workspace == null) {
                try {
                    workspace = BuildWorkspace.open(config, out);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot stage the build's output next to " + out, e);
                }
            }
            return workspace;
        }

        void commit() throws IOException {
            if (workspace != null) {
                workspace.commit();
            }
        }

        @Override
        public void close() throws IOException {
            if (workspace != null) {
                workspace.close();
            }
        }
    }
}
