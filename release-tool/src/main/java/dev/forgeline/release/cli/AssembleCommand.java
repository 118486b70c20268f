package dev.forgeline.release.cli;

import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.pipeline.ReleaseRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "assemble", mixinStandardHelpOptions = true,
        description = "Merge the outputs of several build runs (one per CI runner) into one release, refusing two "
                + "different digests for one coordinate; package the Maven modules when the runs were --native-only.")
final class AssembleCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Parameters(paramLabel = "DIR", arity = "1..*", description = "output directories of forgeline build")
    List<Path> inputs;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "dist/release", description = "output directory (default: ${DEFAULT-VALUE})")
    Path out;

    @Mixin
    SourceOptions source;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (ReleaseRunner runner = source.applyTo(Runners.open(spec))) {
            ReleaseManifest manifest = runner.assemble(options.load(), inputs, out).manifest();
            new ReleaseSummary(spec.commandLine().getOut()).printBuild(manifest, out);
        }
        return 0;
    }
}
