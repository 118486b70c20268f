package dev.forgeline.release.assemble;

import dev.forgeline.release.config.ProjectPaths;
import dev.forgeline.release.io.OutputDirectory;
import dev.forgeline.release.packaging.JavaModulesStep;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.build.BuildWorkspace;
import dev.forgeline.release.stage.Stage;
import dev.forgeline.release.stage.StageContext;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.packaging.BuiltArtifact;
import dev.forgeline.release.build.SourceInfo;
import dev.forgeline.release.build.SourceSnapshot;
import dev.forgeline.release.config.ReleaseConfig;
import dev.forgeline.release.manifest.ManifestMerge;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.manifest.TargetId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code forgeline assemble}: merges the outputs of several {@code build} runs (one per CI runner)
 * into one release directory, refusing two different digests for one coordinate. When the runners
 * built the platform jars alone ({@code --native-only}), the Maven modules are packaged here, for
 * every platform the runners built, from the same commit.
 */
public final class AssembleStage implements Stage<Assembled> {
    private final ReleaseConfig config;
    private final List<Path> inputs;
    private final Path outDir;
    private final boolean outsideGitAllowed;

    /** @param outsideGitAllowed whether builds made outside git ({@code --outside-git}) may be assembled into a release */
    public AssembleStage(ReleaseConfig config, List<Path> inputs, Path outDir, boolean outsideGitAllowed) {
        this.config = config;
        this.inputs = List.copyOf(inputs);
        this.outDir = outDir;
        this.outsideGitAllowed = outsideGitAllowed;
    }

    @Override
    public String name() {
        return "assemble";
    }

    @Override
    public Assembled run(StageContext context) throws IOException, InterruptedException {
        List<ManifestMerge.Input> manifests = new ArrayList<>();
        for (Path input : inputs) {
            ReleaseManifest manifest = ManifestStore.read(input);
            ManifestStore.verifyFiles(input, manifest);
            manifests.add(new ManifestMerge.Input(input.toString(), manifest));
        }
        ReleaseManifest merged = ManifestMerge.merge(manifests);
        if (merged.source().isOutsideGit() && !outsideGitAllowed) {
            throw new ForgelineException(ExitCode.USAGE, "the builds were made outside git (no commit recorded)",
                    "assemble builds of a git commit, or pass " + SourceInfo.OUTSIDE_GIT_OPTION
                            + " to assemble a release without one on purpose", null);
        }
        if (!merged.project().equals(new ReleaseManifest.Project(config.groupId(), config.version()))) {
            throw ForgelineException.usage("the builds are of " + merged.project() + " but " + config.sourceFile()
                    + " releases " + config.groupId() + " " + config.version(), "assemble the builds of this project");
        }
        try (OutputDirectory out = OutputDirectory.open(outDir)) {
            Path artifactsDir = Files.createDirectories(out.staging().resolve(BuildWorkspace.ARTIFACTS_DIR));
            List<ReleaseManifest.ArtifactRecord> records = new ArrayList<>();
            for (ReleaseManifest.ArtifactRecord a : merged.artifacts()) {
                Path source = originOf(a, manifests);
                Path target = artifactsDir.resolve(source.getFileName().toString());
                Files.copy(source, target);
                records.add(a.withFile(out.staging().relativize(target).toString()));
            }
            boolean hasJavaModules = merged.artifacts().stream().anyMatch(a -> a.target() == null);
            if (!hasJavaModules) {
                records.addAll(packageJavaModules(context, merged, artifactsDir, out));
            }
            ReleaseManifest manifest = merged.withArtifacts(records);
            ManifestStore.write(out.staging(), manifest);
            out.commit();
            context.report("assembled", inputs.size() + " builds: " + manifest.artifacts().size() + " artifacts");
            return new Assembled(manifest, inputs.size());
        }
    }

    private List<ReleaseManifest.ArtifactRecord> packageJavaModules(StageContext context, ReleaseManifest merged,
            Path artifactsDir, OutputDirectory out) throws IOException, InterruptedException {
        SourceInfo here = SourceInfo.of(config.projectDir(), context.env(), outsideGitAllowed);
        if (!Objects.equals(here.commit(), merged.source().commit())) {
            throw new ForgelineException(ExitCode.USAGE, "the platform jars were built from commit " + merged.source().commit()
                    + " but this checkout is at " + here.commit(), "check out the commit the runners built, then assemble", null);
        }
        List<String> platforms = merged.builtTargets().stream().map(TargetId::classifier).toList();
        Path sourceRoot = out.work().resolve("source");
        SourceSnapshot.copy(config.projectDir(), sourceRoot, outDir);
        Path mavenRoot = sourceRoot.resolve(ProjectPaths.relativeToProject(config, config.mavenRoot(), "maven.root").toString());
        List<BuiltArtifact> built = new JavaModulesStep(config, mavenRoot, platforms, artifactsDir, out.work().resolve("logs"),
                context.env(), context.progress()).call();
        List<ReleaseManifest.ArtifactRecord> records = new ArrayList<>();
        for (BuiltArtifact a : built) {
            records.add(a.record(out.staging()));
        }
        return records;
    }

    private static Path originOf(ReleaseManifest.ArtifactRecord artifact, List<ManifestMerge.Input> manifests) {
        for (ManifestMerge.Input input : manifests) {
            if (input.manifest().artifacts().contains(artifact)) {
                return Path.of(input.origin()).resolve(artifact.file());
            }
        }
        throw new IllegalStateException("merged artifact without origin: " + artifact.coordinate());
    }
}
