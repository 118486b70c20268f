package dev.forgeline.release.build;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.config.ReleaseConfig;
import dev.forgeline.release.cross.BuildCapability;
import dev.forgeline.release.cross.CrossToolchain;
import dev.forgeline.release.cross.DebianArch;
import dev.forgeline.release.cross.Doctor;
import dev.forgeline.release.cross.GlibcSourceTree;
import dev.forgeline.release.cross.ToolchainProvenance;
import dev.forgeline.release.platform.Target;
import dev.forgeline.release.platform.TargetCatalog;
import dev.forgeline.release.rust.CargoProject;
import dev.forgeline.release.rust.RustToolchain;
import dev.forgeline.release.stage.Stage;
import dev.forgeline.release.stage.StageContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The build stage: the native library of every selected target, each with its toolchain (the host's cargo, or a
 * Debian cross toolchain the doctor provisions), for Linux the glibc stubs of the policy's floor ({@link GlibcFloor}),
 * and a cargo target directory of its own, so targets build in parallel on the run's executor. The libraries are
 * checked and packaged by the stages after it. Done when the release directory already holds a build of exactly these
 * inputs ({@link BuildInputs#recordedIn}).
 */
public final class BuildStage implements Stage<NativeBuilds> {
    private final ReleaseConfig config;
    private final List<Target> targets;
    private final BuildInputs inputs;
    private final Path outDir;
    private final Doctor doctor;
    private final Supplier<BuildWorkspace> workspace;

    /** @param workspace opened by the runner when the stage has to run (a done build needs none) */
    public BuildStage(ReleaseConfig config, List<Target> targets, BuildInputs inputs, Path outDir, Doctor doctor,
            Supplier<BuildWorkspace> workspace) {
        this.config = config;
        this.targets = List.copyOf(targets);
        this.inputs = inputs;
        this.outDir = outDir;
        this.doctor = doctor;
        this.workspace = workspace;
    }

    @Override
    public String name() {
        return "build";
    }

    @Override
    public Optional<NativeBuilds> done(StageContext context) throws IOException {
        return inputs.recordedIn(outDir).map(manifest -> NativeBuilds.alreadyBuilt(manifest, inputs));
    }

    @Override
    public NativeBuilds run(StageContext context) throws IOException, InterruptedException {
        // One look per target of the matrix (each asks dpkg): it decides both what may be built and why the rest is not.
        Map<String, BuildCapability> capabilities = new TreeMap<>();
        for (String classifier : config.targets()) {
            capabilities.put(classifier, BuildCapability.of(TargetCatalog.require(classifier), doctor));
        }
        for (Target target : targets) {
            BuildCapability capability = capabilities.computeIfAbsent(target.classifier(), c -> BuildCapability.of(target, doctor));
            if (!capability.buildable()) {
                throw new ForgelineException(ExitCode.TOOLCHAIN_MISSING,
                        "cannot build " + target + " on this machine: " + capability.reason(),
                        "run forgeline doctor to see what each target needs (forgeline doctor --install sets it up)", null);
            }
        }
        String rustVersion = CargoProject.read(config.nativeCrate()).rustVersion();
        BuildWorkspace ws = workspace.get();
        context.report("snapshot", config.projectDir() + (inputs.source().dirty() ? " (uncommitted changes included)" : ""));
        CargoProject crate = ws.crate();
        Optional<GlibcSourceTree.Provisioned> abiLists = GlibcFloor.abiLists(targets, doctor.toolchainsDir(), context.progress());
        context.report("build", targets.size() + " target(s), " + context.jobs().parallelism(targets.size()) + " at a time");
        AtomicInteger finished = new AtomicInteger();
        List<NativeBuild> builds = context.jobs().map(targets, target -> {
            long started = System.nanoTime();
            NativeBuild build = buildOne(context, target, crate, rustVersion, abiLists, ws);
            context.progress().printf("built     %s in %.1f s (%d of %d)%n", target, (System.nanoTime() - started) / 1e9,
                    finished.incrementAndGet(), targets.size());
            return build;
        });
        Map<String, String> notBuilt = new TreeMap<>();
        for (String classifier : config.targets()) {
            Target target = TargetCatalog.require(classifier);
            if (!targets.contains(target)) {
                BuildCapability capability = capabilities.get(classifier);
                notBuilt.put(classifier, capability.buildable() ? "not selected for this run" : capability.reason());
            }
        }
        return NativeBuilds.built(builds, notBuilt, inputs);
    }

    private NativeBuild buildOne(StageContext context, Target target, CargoProject crate, String rustVersion,
            Optional<GlibcSourceTree.Provisioned> abiLists, BuildWorkspace ws) throws IOException, InterruptedException {
        RustToolchain toolchain;
        NativeBuild.ToolchainBinaries binaries;
        Map<String, String> buildEnv = new HashMap<>(context.env());
        String cCompiler;
        String archiver;
        if (TargetCatalog.host().filter(target::equals).isPresent()) {
            toolchain = RustToolchain.probe(context.env(), rustVersion);
            binaries = HostToolchainBinaries.of(toolchain, context.env());
            cCompiler = "cc";
            archiver = "ar";
        } else {
            context.report("toolchain", target + ": provisioning into " + doctor.toolchainsDir());
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
                cCompiler, archiver, ws.work().resolve("glibc-stubs-" + target.classifier()));
        if (floor.isPresent()) {
            binaries = binaries.withGlibcStubs(floor.get().floor().toString(), floor.get().provenance());
        }
        context.report("cargo", "build " + target + " (" + target.rustTriple() + ") with " + toolchain.rustcVersion()
                + floor.map(f -> ", linked against glibc " + f.floor()).orElse(""));
        Path logDir = ws.logs();
        NativeBuild build;
        try {
            build = new CargoBuildStep(crate, target, toolchain, inputs.sourceInfo(), ws.sourceRoot(),
                    ws.work().resolve("cargo-target-" + target.classifier()), logDir, buildEnv,
                    floor.map(GlibcFloor::rustflags).orElse(List.of())).call();
        } catch (ForgelineException e) {
            throw floor.isPresent() ? floor.get().explain(e, CargoBuildStep.logFile(logDir, target)) : e;
        }
        return build.withBinaries(binaries).withEnvironment(inputs.environment(target.classifier()));
    }
}
