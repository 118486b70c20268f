package dev.forgeline.release.cli;

import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.config.ReleaseConfig;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.pipeline.ReleaseRunner;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "smoke", mixinStandardHelpOptions = true,
        description = "Smoke-test every built target of a release on this machine (host JVM, or the target's JVM under "
                + "QEMU) with the exact staged bytes, and record the results in its manifest (or, with --out, in a manifest of "
                + "their own for assemble to merge). Exit 1 if any fails.")
final class SmokeCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Mixin
    ReleaseDirOption release;

    @Option(names = "--repository", paramLabel = "URL",
            description = "a staging repository that already holds the release (default: stage it privately); one that "
                    + "needs a login for reads gets the credentials of --server-id or the environment, as publish")
    String repository;

    @Mixin
    RepositoryCredentialsOptions login;

    @Option(names = "--target", paramLabel = "CLASSIFIER",
            description = "smoke-test only this target (repeatable; default: every built target)")
    java.util.List<String> targets = new java.util.ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR",
            description = "write the results into DIR/release-manifest.json (the tested targets alone, for forgeline "
                    + "assemble to merge) and leave --from as it is (default: record them in --from's manifest)")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (login.serverId != null && repository == null) {
            throw ForgelineException.usage("--server-id needs --repository URL: it names the login of that repository",
                    "name the staging repository to resolve from, or leave --server-id out");
        }
        ReleaseConfig config = options.load();
        java.util.Set<String> only = new java.util.TreeSet<>(
                BuildCommand.selectTargets(config, targets).stream().map(t -> t.classifier()).toList());
        ReleaseManifest manifest;
        try (ReleaseRunner runner = Runners.open(spec)) {
            manifest = runner.smoke(config, release.absolute(), repository == null ? null
                    : PublishCommand.repositoryUri(repository), login.source(), only, out).manifest();
        }
        ReleaseSummary summary = new ReleaseSummary(spec.commandLine().getOut());
        if (out == null) {
            summary.printBuild(manifest, release.given());
        } else {
            summary.printSmokeResults(ManifestStore.read(out), out, release.given());
        }
        return 0;
    }
}
