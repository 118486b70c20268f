package dev.forgeline.release.cli;

import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.config.ReleaseConfig;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.pipeline.ReleaseRunner;
import dev.forgeline.release.platform.Target;
import dev.forgeline.release.platform.TargetCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "build", mixinStandardHelpOptions = true,
        description = "Build the native library for the given targets, package the classifier jars and the Maven modules, "
                + "and write the release manifest.")
final class BuildCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--target", paramLabel = "CLASSIFIER", required = true,
            description = "platform to build (repeatable), one of the targets in release.yaml")
    List<String> targets;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "dist", description = "output directory (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--native-only", description = "build the platform jars alone (a CI runner's part); "
            + "forgeline assemble then packages the Maven modules for every platform built")
    boolean nativeOnly;

    @Mixin
    SourceOptions source;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ReleaseConfig config = options.load();
        List<Target> selected = selectTargets(config, targets);
        try (ReleaseRunner runner = source.applyTo(Runners.open(spec))) {
            ReleaseManifest manifest = runner.build(config, selected, nativeOnly, out).manifest();
            new ReleaseSummary(spec.commandLine().getOut()).printBuild(manifest, out);
        }
        return 0;
    }

    /** Checks each requested classifier against the matrix of release.yaml. */
    static List<Target> selectTargets(ReleaseConfig config, List<String> classifiers) {
        List<Target> selected = new ArrayList<>();
        for (String classifier : classifiers) {
            if (!config.targets().contains(classifier)) {
                String known = TargetCatalog.byClassifier(classifier).isPresent()
                        ? "it is a known platform but not in the matrix of " + config.sourceFile()
                        : "it is not a platform forgeline knows";
                throw ForgelineException.usage("--target " + classifier + ": " + known,
                        "targets in release.yaml: " + String.join(", ", config.targets()));
            }
            Target target = TargetCatalog.require(classifier);
            if (!selected.contains(target)) {
                selected.add(target);
            }
        }
        return selected;
    }
}
