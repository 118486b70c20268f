package dev.forgeline.release.cli;

import dev.forgeline.release.pipeline.ReleaseRunner;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/** What every command that runs stages shares: a runner over the process environment, its progress on the command's error stream. */
final class Runners {
    private Runners() {}

    static ReleaseRunner open(CommandSpec spec) {
        return open(spec, System.getenv());
    }

    static ReleaseRunner open(CommandSpec spec, Map<String, String> env) {
        return new ReleaseRunner(env, ProgressStream.to(spec.commandLine().getErr()));
    }
}
