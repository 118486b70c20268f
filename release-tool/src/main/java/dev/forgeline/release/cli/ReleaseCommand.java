package dev.forgeline.release.cli;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.config.ReleaseConfig;
import dev.forgeline.release.pipeline.ReleaseRunner;
import dev.forgeline.release.pipeline.RunResults;
import dev.forgeline.release.publish.Published;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "release", mixinStandardHelpOptions = true,
        description = "Run the whole release. --local: build every target of the matrix this machine can build, package, "
                + "smoke-test, sign (development "
                + "keys unless keys are configured), export the public keys to DIR/keys, and publish to "
                + "DIR/repository, a file repository; the manifest goes to DIR/release-manifest.json.")
final class ReleaseCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--local", description = "use the embedded defaults: every target this machine can build, development "
            + "keys unless keys are configured, a file repository in the output directory")
    boolean local;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "dist", description = "output directory (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--target", paramLabel = "CLASSIFIER",
            description = "platform to build, smoke-test and publish (repeatable; default: every target of the matrix "
                    + "this machine can build, as forgeline doctor reports it)")
    java.util.List<String> targets = new java.util.ArrayList<>();

    @Mixin
    SigningOptions signing;

    @Mixin
    KeylessOptions keyless;

    @Mixin
    SourceOptions source;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!local) {
            throw new ForgelineException(ExitCode.USAGE, "release needs --local in this version of forgeline",
                    "run: forgeline release --local [--out DIR]; for CI, use forgeline build and forgeline publish", null);
        }
        ReleaseConfig config = options.load();
        java.util.Map<String, String> env = System.getenv();
        dev.forgeline.release.sign.KeyLoader keys = keyless.loader(config.signing(), signing, env); // before any build
        try (ReleaseRunner runner = source.applyTo(Runners.open(spec))) {
            RunResults result = runner.localRelease(config, out, BuildCommand.selectTargets(config, targets),
                    keys != null ? keys : signing.sources(env));
            ReleaseSummary summary = new ReleaseSummary(spec.commandLine().getOut());
            summary.printBuild(result.manifest(), out);
            summary.printPublish(result.get("publish", Published.class).result());
        }
        return 0;
    }
}
