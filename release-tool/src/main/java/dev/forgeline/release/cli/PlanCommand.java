package dev.forgeline.release.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.forgeline.release.pipeline.ReleasePlan;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Print the release plan as JSON: version, targets, and whether each can be built here (and why not).")
final class PlanCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--github-matrix", arity = "0..1", fallbackValue = "build", paramLabel = "build|smoke",
            description = "print a GitHub Actions matrix instead: build (the default) has one entry per target with "
                    + "where it is built and smoke-tested; smoke has the targets only a runner of their own platform can "
                    + "smoke-test")
    GithubMatrix.Kind githubMatrix;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ReleasePlan plan = ReleasePlan.of(options.load(), System.getenv());
        ObjectMapper json = new ObjectMapper();
        String text = githubMatrix != null
                ? json.writeValueAsString(GithubMatrix.of(plan, githubMatrix))
                : json.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(plan);
        spec.commandLine().getOut().println(text);
        return 0;
    }
}
