package dev.forgeline.release.pipeline;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.build.BuiltArtifact;
import dev.forgeline.release.build.CargoBuildStep;
import dev.forgeline.release.build.CargoProject;
import dev.forgeline.release.build.NativeBuild;
import dev.forgeline.release.build.NativeJarPackager;
import dev.forgeline.release.build.RustToolchain;
import dev.forgeline.release.build.SourceInfo;
import dev.forgeline.release.build.SourceSnapshot;
import dev.forgeline.release.check.BinaryCheck;
import dev.forgeline.release.check.CheckReport;
import dev.forgeline.release.config.ReleaseConfig;
import dev.forgeline.release.cross.CrossToolchain;
import dev.forgeline.release.cross.DebianArch;
import dev.forgeline.release.cross.Doctor;
import dev.forgeline.release.cross.GlibcSourceTree;
import dev.forgeline.release.cross.ToolchainProvenance;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.maven.Checksums;
import dev.forgeline.release.platform.Target;
import dev.forgeline.release.platform.TargetCatalog;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The build stage: from the project's sources to a directory of release artifacts and the release
 * manifest that lists them. Native targets build in parallel (bounded by the cores), then the Maven
 * modules are packaged with the list of platforms the release supports.
 *
 * <p>Output: {@code out/release-manifest.json} and {@code out/artifacts/*}. The directory is replaced
 * only when everything succeeded.
 */
public final class ReleaseBuild {
    public static final String ARTIFACTS_DIR = "artifacts";

    private final ReleaseConfig config;
    private final List<Target> targets;
    private final boolean nativeOnly;
    private final Path outDir;
    private final Map<String, String> env;
    private final PrintStream progress;

    /**
     * @param targets the targets to build now; the other targets of the matrix are recorded as skipped
     */
    public ReleaseBuild(ReleaseConfig config, List<Target> targets, Path outDir, Map<String, String> env, PrintStream progress) {
        this(config, targets, false, outDir, env, progress);
    }

    /**
     * @param nativeOnly build the platform jars alone (a CI runner's part); {@code assemble} then
     *     packages the Maven modules for every platform the runners built
     */
    public ReleaseBuild(ReleaseConfig config, List<Target> targets, boolean nativeOnly, Path outDir,
            Map<String, String> env, PrintStream progress) {
        this.config = config;
        this.nativeOnly = nativeOnly;
        this.targets = List.copyOf(targets);
        this.outDir = outDir;
        this.env = Map.copyOf(env);
        this.progress = progress;
    }

    public ReleaseManifest run() throws IOException, InterruptedException {
        Doctor doctor = Toolchains.doctor(config, env);
        for (Target target : targets) {
            BuildCapability capability = BuildCapability.of(target, doctor);
            if (!capability.buildable()) {
                throw new ForgelineException(ExitCode.TOOLCHAIN_MISSING,
                        "cannot build " + target + " on this machine: " + capability.reason(),
                        "run forgeline doctor to see what each target needs (forgeline doctor --install sets it up)", null);
            }
        }
        Path crateInProject = ProjectPaths.relativeToProject(config, config.nativeCrate(), "native.crate");
        Path mavenRootInProject = ProjectPaths.relativeToProject(config, config.mavenRoot(), "maven.root");
        CargoProject declaredCrate = CargoProject.read(config.nativeCrate());
        SourceInfo source = SourceInfo.of(config.projectDir(), env);

        try (OutputDirectory out = OutputDirectory.open(outDir)) {
            Path work = out.work();
            Path sourceRoot = work.resolve("source");
            progress.println("snapshot  " + config.projectDir() + (source.dirty() ? " (uncommitted changes included)" : ""));
            SourceSnapshot.copy(config.projectDir(), sourceRoot, outDir);
            CargoProject crate = CargoProject.read(sourceRoot.resolve(crateInProject.toString()));
            Path artifactsDir = Files.createDirectories(out.staging().resolve(ARTIFACTS_DIR));

            List<NativeBuild> natives = buildNatives(crate, declaredCrate.rustVersion(), doctor, source, sourceRoot, work);
            List<BuiltArtifact> artifacts = new ArrayList<>();
            for (NativeBuild build : natives) {
                BuiltArtifact jar = new BuiltArtifact(config.groupId(), config.nativeArtifactId(), config.version(),
                        build.target().classifier(), "jar", build.target().classifier(),
                        artifactsDir.resolve(config.nativeArtifactId() + "-" + config.version() + "-"
                                + build.target().classifier() + ".jar"));
                NativeJarPackager.write(build, jar.file());
                progress.println("packaged  " + jar.fileName());
                artifacts.add(jar);
            }

            if (!nativeOnly) {
                List<String> platforms = natives.stream().map(b -> b.target().classifier()).toList();
                artifacts.addAll(new JavaModulesStep(config, sourceRoot.resolve(mavenRootInProject.toString()), platforms,
                        artifactsDir, work.resolve("logs"), env, progress).call());
            }

            ReleaseManifest manifest = manifest(source, natives, artifacts, out.staging(), doctor);
            ManifestStore.write(out.staging(), manifest);
            out.commit();
            return manifest;
        }
    }

    private List<NativeBuild> buildNatives(CargoProject crate, String rustVersion, Doctor doctor, SourceInfo source,
            Path sourceRoot, Path work) throws IOException, InterruptedException {
        ExecutorService pool = Parallelism.pool(targets.size());
        try {
            List<Future<NativeBuild>> futures = new ArrayList<>();
            java.util.concurrent.atomic.AtomicInteger finished = new java.util.concurrent.atomic.AtomicInteger();
            Optional<GlibcSourceTree.Provisioned> abiLists = GlibcFloor.abiLists(targets, doctor.toolchainsDir(), progress);
            progress.println("build     " + targets.size() + " target(s), " + Parallelism.jobs(targets.size()) + " at a time");
            for (Target target : targets) {
                futures.add(pool.submit(() -> {
                    long started = System.nanoTime();
                    NativeBuild build = buildOne(target, crate, rustVersion, doctor, abiLists, source, sourceRoot, work);
                    progress.printf("built     %s in %.1f s (%d of %d)%n", target, (System.nanoTime() - started) / 1e9,
                            finished.incrementAndGet(), targets.size());
                    return build;
                }));
            }
            List<NativeBuild> builds = new ArrayList<>();
            for (Future<NativeBuild> future : futures) {
                builds.add(Parallelism.await(future));
            }
            return builds;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * One target: its toolchain (the host's cargo, or a Debian cross toolchain provisioned into the
     * toolchains directory), for Linux the glibc stubs of the policy's floor ({@link GlibcFloor}), the cargo
     * build in a target directory of its own (so targets build in parallel), then the binary checks: a
     * library that fails them is never packaged.
     */
    private NativeBuild buildOne(Target target, CargoProject crate, String rustVersion, Doctor doctor,
            Optional<GlibcSourceTree.Provisioned> abiLists, SourceInfo source, Path sourceRoot, Path work)
            throws IOException, InterruptedException {
        RustToolchain toolchain;
        NativeBuild.ToolchainBinaries binaries;
        Map<String, String> buildEnv = new HashMap<>(env);
        String cCompiler;
        String archiver;
        if (TargetCatalog.host().filter(target::equals).isPresent()) {
            toolchain = RustToolchain.probe(env, rustVersion);
            binaries = HostToolchainBinaries.of(toolchain, env);
            cCompiler = "cc";
            archiver = "ar";
        } else {
            progress.println("toolchain " + target + ": provisioning into " + doctor.toolchainsDir());
            CrossToolchain cross = doctor.crossToolchain().provision(target);
            buildEnv.putAll(cross.cargoEnvironment());
            toolchain = cross.rustToolchain();
            ToolchainProvenance p = cross.provenance();
            List<String> packages = new ArrayList<>();
            java.util.stream.Stream.concat(p.hostPackages().stream(), p.sysrootPackages().stream())
                    .forEach(v -> packages.add(v.toString()));
            binaries = new NativeBuild.ToolchainBinaries(p.rustcSha256(), p.linkerPath(), p.linkerSha256(), packages);
            cCompiler = cross.linker().toString();
            archiver = DebianArch.of(target).orElseThrow().archiverCommand();
        }
        Optional<GlibcFloor> floor = GlibcFloor.prepare(target, config.binaryPolicy().maxGlibc(), abiLists,
                cCompiler, archiver, work.resolve("glibc-stubs-" + target.classifier()));
        if (floor.isPresent()) {
            binaries = binaries.withGlibcStubs(floor.get().floor().toString(), floor.get().provenance());
        }
        progress.println("cargo     build " + target + " (" + target.rustTriple() + ") with " + toolchain.rustcVersion()
                + floor.map(f -> ", linked against glibc " + f.floor()).orElse(""));
        Path logDir = work.resolve("logs");
        NativeBuild build;
        try {
            build = new CargoBuildStep(crate, target, toolchain, source, sourceRoot,
                    work.resolve("cargo-target-" + target.classifier()), logDir, buildEnv,
                    floor.map(GlibcFloor::rustflags).orElse(List.of())).call();
        } catch (ForgelineException e) {
            throw floor.isPresent() ? floor.get().explain(e, CargoBuildStep.logFile(logDir, target)) : e;
        }
        CheckReport report = BinaryCheck.check(build.library(), target, config.binaryPolicy());
        if (!report.passed()) {
            throw new ForgelineException(ExitCode.CHECK_FAILED, "the " + target + " library fails the binary checks, "
                    + "nothing was packaged:\n" + report.summary(),
                    "fix the build, or change the policy under checks: in release.yaml if it is really meant", null);
        }
        progress.println("check     " + target + ": " + report.format() + " " + report.machine()
                + report.requiredGlibc().map(v -> ", needs glibc " + v).orElse("")
                + ", needed " + report.needed());
        return build.withCheck(report).withBinaries(binaries);
    }

    private static ReleaseManifest.Toolchain toolchainRecord(NativeBuild build) {
        NativeBuild.ToolchainBinaries b = build.binaries();
        return new ReleaseManifest.Toolchain(build.toolchain().cargoVersion(), build.toolchain().rustcVersion(),
                b.rustcSha256(), b.linker(), b.linkerSha256(), b.packages(), b.linkedGlibc());
    }

    private ReleaseManifest.BinaryCheck checkRecord(CheckReport report) {
        return new ReleaseManifest.BinaryCheck(report.format().name(), report.machine(),
                report.requiredGlibc().map(Object::toString).orElse(null), config.binaryPolicy().maxGlibc().toString(),
                report.needed());
    }


    private ReleaseManifest manifest(SourceInfo source, List<NativeBuild> natives, List<BuiltArtifact> artifacts, Path base,
            Doctor doctor) throws IOException {
        SortedMap<String, ReleaseManifest.TargetRecord> targetRecords = new TreeMap<>();
        for (String classifier : config.targets()) {
            Target target = TargetCatalog.byClassifier(classifier).orElseThrow();
            NativeBuild build = natives.stream().filter(b -> b.target().equals(target)).findFirst().orElse(null);
            if (build == null) {
                BuildCapability capability = BuildCapability.of(target, doctor);
                String reason = capability.buildable() ? "not selected for this run" : capability.reason();
                targetRecords.put(classifier, new ReleaseManifest.TargetRecord(target.rustTriple(),
                        ReleaseManifest.TargetRecord.Status.skipped, reason, null, null));
            } else {
                targetRecords.put(classifier, new ReleaseManifest.TargetRecord(target.rustTriple(),
                        ReleaseManifest.TargetRecord.Status.built, null,
                        toolchainRecord(build),
                        new ReleaseManifest.Library(build.library().getFileName().toString(), build.size(), build.sha256()),
                        checkRecord(build.check()), null));
            }
        }
        List<ReleaseManifest.ArtifactRecord> records = new ArrayList<>();
        for (BuiltArtifact a : artifacts) {
            records.add(new ReleaseManifest.ArtifactRecord(a.groupId(), a.artifactId(), a.version(), a.classifier(),
                    a.extension(), a.target(), base.relativize(a.file()).toString().replace('\\', '/'),
                    Files.size(a.file()), Checksums.sha256(a.file())));
        }
        return new ReleaseManifest(ReleaseManifest.FORMAT_VERSION,
                new ReleaseManifest.Project(config.groupId(), config.version()),
                new ReleaseManifest.Source(source.commit(), source.dirty(), source.sourceDateEpoch()),
                targetRecords, records);
    }
}
