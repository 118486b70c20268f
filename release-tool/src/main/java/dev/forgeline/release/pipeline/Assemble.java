package dev.forgeline.release.pipeline;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.build.BuiltArtifact;
import dev.forgeline.release.build.SourceInfo;
import dev.forgeline.release.build.SourceSnapshot;
import dev.forgeline.release.config.ReleaseConfig;
import dev.forgeline.release.manifest.ManifestMerge;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.maven.Checksums;
import java.io.IOException;
import java.io.PrintStream;
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
public final class Assemble {
    private final ReleaseConfig config;
    private final List<Path> inputs;
    private final Path outDir;
    private final Map<String, String> env;
    private final PrintStream progress;

    public Assemble(ReleaseConfig config, List<Path> inputs, Path outDir, Map<String, String> env, PrintStream progress) {
        this.config = config;
        this.inputs = List.copyOf(inputs);
        this.outDir = outDir;
        this.env = Map.copyOf(env);
        this.progress = progress;
    }

    public ReleaseManifest run() throws IOException, InterruptedException {
        List<ManifestMerge.Input> manifests = new ArrayList<>();
        for (Path input : inputs) {
            ReleaseManifest manifest = ManifestStore.read(input);
            ManifestStore.verifyFiles(input, manifest);
            manifests.add(new ManifestMerge.Input(input.toString(), manifest));
        }
        ReleaseManifest merged = ManifestMerge.merge(manifests);
        if (!merged.project().equals(new ReleaseManifest.Project(config.groupId(), config.version()))) {
            throw ForgelineException.usage("the builds are of " + merged.project() + " but " + config.sourceFile()
                    + " releases " + config.groupId() + " " + config.version(), "assemble the builds of this project");
        }
        try (OutputDirectory out = OutputDirectory.open(outDir)) {
            Path artifactsDir = Files.createDirectories(out.staging().resolve(ReleaseBuild.ARTIFACTS_DIR));
            List<ReleaseManifest.ArtifactRecord> records = new ArrayList<>();
            for (ReleaseManifest.ArtifactRecord a : merged.artifacts()) {
                Path source = originOf(a, manifests);
                Path target = artifactsDir.resolve(source.getFileName().toString());
                Files.copy(source, target);
                records.add(withFile(a, out.staging().relativize(target).toString()));
            }
            boolean hasJavaModules = merged.artifacts().stream().anyMatch(a -> a.target() == null);
            if (!hasJavaModules) {
                records.addAll(packageJavaModules(merged, artifactsDir, out));
            }
            ReleaseManifest manifest = new ReleaseManifest(merged.formatVersion(), merged.project(), merged.source(),
                    merged.targets(), records);
            ManifestStore.write(out.staging(), manifest);
            out.commit();
            progress.println("assembled " + inputs.size() + " builds: " + manifest.artifacts().size() + " artifacts");
            return manifest;
        }
    }

    private List<ReleaseManifest.ArtifactRecord> packageJavaModules(ReleaseManifest merged, Path artifactsDir,
            OutputDirectory out) throws IOException, InterruptedException {
        SourceInfo here = SourceInfo.of(config.projectDir(), env);
        if (!Objects.equals(here.commit(), merged.source().commit())) {
            throw new ForgelineException(ExitCode.USAGE, "the platform jars were built from commit " + merged.source().commit()
                    + " but this checkout is at " + here.commit(), "check out the commit the runners built, then assemble", null);
        }
        List<String> platforms = merged.targets().entrySet().stream()
                .filter(e -> e.getValue().status() == ReleaseManifest.TargetRecord.Status.built)
                .map(Map.Entry::getKey).toList();
        Path sourceRoot = out.work().resolve("source");
        SourceSnapshot.copy(config.projectDir(), sourceRoot, outDir);
        Path mavenRoot = sourceRoot.resolve(ProjectPaths.relativeToProject(config, config.mavenRoot(), "maven.root").toString());
        List<BuiltArtifact> built = new JavaModulesStep(config, mavenRoot, platforms, artifactsDir, out.work().resolve("logs"),
                env, progress).call();
        List<ReleaseManifest.ArtifactRecord> records = new ArrayList<>();
        for (BuiltArtifact a : built) {
            records.add(new ReleaseManifest.ArtifactRecord(a.groupId(), a.artifactId(), a.version(), a.classifier(),
                    a.extension(), a.target(), out.staging().relativize(a.file()).toString(), Files.size(a.file()),
                    Checksums.sha256(a.file())));
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

    private static ReleaseManifest.ArtifactRecord withFile(ReleaseManifest.ArtifactRecord a, String file) {
        return new ReleaseManifest.ArtifactRecord(a.groupId(), a.artifactId(), a.version(), a.classifier(), a.extension(),
                a.target(), file.replace('\\', '/'), a.size(), a.sha256());
    }
}
