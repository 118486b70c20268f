package dev.forgeline.release.packaging;

import dev.forgeline.release.build.BuildWorkspace;
import dev.forgeline.release.build.NativeBuild;
import dev.forgeline.release.check.CheckReport;
import dev.forgeline.release.check.CheckedBuilds;
import dev.forgeline.release.config.ReleaseConfig;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.manifest.ReleaseManifest.TargetRecord;
import dev.forgeline.release.manifest.TargetId;
import dev.forgeline.release.platform.TargetCatalog;
import dev.forgeline.release.stage.Stage;
import dev.forgeline.release.stage.StageContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The package stage: a classifier jar for each checked library, then (unless the run builds the platform jars alone)
 * the Maven modules for the platforms built, and the release manifest that lists every file with its SHA-256, all into
 * the build's staged release directory. Done when the build was: a recorded build was packaged when it was made.
 */
public final class PackageStage implements Stage<Packaged> {
    private final ReleaseConfig config;
    private final CheckedBuilds checked;
    private final Supplier<BuildWorkspace> workspace;

    public PackageStage(ReleaseConfig config, CheckedBuilds checked, Supplier<BuildWorkspace> workspace) {
        this.config = config;
        this.checked = checked;
        this.workspace = workspace;
    }

    @Override
    public String name() {
        return "package";
    }

    @Override
    public Optional<Packaged> done(StageContext context) {
        return checked.builds().recorded().map(m -> new Packaged(m, true));
    }

    @Override
    public Packaged run(StageContext context) throws IOException, InterruptedException {
        BuildWorkspace ws = workspace.get();
        Path artifactsDir = ws.artifactsDir();
        List<BuiltArtifact> artifacts = new ArrayList<>();
        for (CheckedBuilds.Checked c : checked.checked()) {
            NativeBuild build = c.build();
            String classifier = build.target().classifier();
            BuiltArtifact jar = new BuiltArtifact(config.groupId(), config.nativeArtifactId(), config.version(),
                    classifier, "jar", classifier,
                    artifactsDir.resolve(config.nativeArtifactId() + "-" + config.version() + "-" + classifier + ".jar"));
            NativeJarPackager.write(build, toolchainRecord(build), jar.file());
            context.report("packaged", jar.fileName());
            artifacts.add(jar);
        }
        if (!checked.builds().inputs().nativeOnly()) {
            List<String> platforms = checked.checked().stream().map(c -> c.build().target().classifier()).toList();
            artifacts.addAll(new JavaModulesStep(config, ws.mavenRoot(), platforms, artifactsDir, ws.logs(),
                    context.env(), context.progress()).call());
        }
        List<ReleaseManifest.ArtifactRecord> records = new ArrayList<>();
        for (BuiltArtifact artifact : artifacts) {
            records.add(artifact.record(ws.release()));
        }
        ReleaseManifest manifest = ReleaseManifest.of(checked.builds().inputs().project(),
                checked.builds().inputs().source(), targetRecords(), records);
        ManifestStore.write(ws.release(), manifest);
        return new Packaged(manifest, false);
    }

    private SortedMap<TargetId, TargetRecord> targetRecords() {
        java.util.Set<String> required = checked.builds().inputs().required();
        SortedMap<TargetId, TargetRecord> records = new TreeMap<>();
        for (Map.Entry<String, String> skipped : checked.builds().notBuilt().entrySet()) {
            records.put(TargetId.of(skipped.getKey()), TargetRecord.skipped(TargetCatalog.require(skipped.getKey()).rustTriple(),
                    skipped.getValue(), required.contains(skipped.getKey())));
        }
        for (CheckedBuilds.Checked c : checked.checked()) {
            NativeBuild build = c.build();
            records.put(TargetId.of(build.target().classifier()), TargetRecord.built(build.target().rustTriple(), toolchainRecord(build),
                    new ReleaseManifest.Library(build.library().getFileName().toString(), build.size(), build.sha256()),
                    checkRecord(c.report()), required.contains(build.target().classifier())));
        }
        return records;
    }

    private static ReleaseManifest.Toolchain toolchainRecord(NativeBuild build) {
        NativeBuild.ToolchainBinaries b = build.binaries();
        return new ReleaseManifest.Toolchain(build.toolchain().cargoVersion(), build.toolchain().rustcVersion(),
                b.rustcSha256(), b.linker(), b.linkerSha256(), b.packages(), b.linkedGlibc(), build.environment());
    }

    private ReleaseManifest.BinaryCheck checkRecord(CheckReport report) {
        return new ReleaseManifest.BinaryCheck(report.format().name(), report.machine(),
                report.requiredGlibc().map(Object::toString).orElse(null), config.binaryPolicy().maxGlibc().toString(),
                report.needed());
    }
}
