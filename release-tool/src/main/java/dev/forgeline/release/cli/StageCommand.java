package dev.forgeline.release.cli;

import dev.forgeline.release.maven.PublishResult;
import dev.forgeline.release.pipeline.ReleaseRunner;
import dev.forgeline.release.publish.Published;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "stage", mixinStandardHelpOptions = true,
        description = "Deploy a built release into a staging repository, for smoke tests on other machines "
                + "(forgeline smoke --repository URL). Unlike publish it does not require passed smoke tests: never stage "
                + "into a repository consumers use.")
final class StageCommand implements Callable<Integer> {
    @Option(names = "--repository", paramLabel = "URL", required = true,
            description = "staging repository, e.g. file:dist/staging or https://host/staging")
    String repository;

    @Mixin
    ReleaseDirOption release;

    @Mixin
    RepositoryAccessOptions access;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (ReleaseRunner runner = Runners.open(spec)) {
            PublishResult result = runner.stage(release.absolute(), PublishCommand.repositoryUri(repository), access.access())
                    .get("stage", Published.class).result();
            new ReleaseSummary(spec.commandLine().getOut()).printPublish(result);
        }
        return 0;
    }
}
