package dev.forgeline.release.cli;

import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.common.RepositoryUris;
import dev.forgeline.release.maven.PublishResult;
import dev.forgeline.release.pipeline.ReleaseRunner;
import dev.forgeline.release.publish.Published;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Deploy every artifact of a built release to a Maven repository, with .md5/.sha1/.sha256/.sha512 "
                + "checksums. A version appears whole or not at all. Every built target must have passed its smoke test "
                + "(exit 1 otherwise).")
final class PublishCommand implements Callable<Integer> {
    @Option(names = "--repository", paramLabel = "URL",
            description = "target repository: https://host/path (http: too), file:///srv/maven or file:relative/dir")
    String repository;

    @Mixin
    CentralOptionsMixin central;

    @Mixin
    ReleaseDirOption release;

    @Mixin
    RepositoryAccessOptions access;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if ((repository == null) == !central.central) {
            throw ForgelineException.usage("publish needs either --repository URL or --central",
                    "forgeline publish --repository https://repo.example.org/releases/, or --central for Maven Central");
        }
        try (ReleaseRunner runner = Runners.open(spec)) {
            var run = central.central
                    ? runner.publishToCentral(release.absolute(), central.portal(), access.access(), central.options())
                    : runner.publish(release.absolute(), repositoryUri(repository), access.access());
            PublishResult result = run.get("publish", Published.class).result();
            new ReleaseSummary(spec.commandLine().getOut()).printPublish(result);
        }
        return 0;
    }

    /** Accepts absolute URLs and {@code file:relative/path}, resolved against the working directory. */
    static URI repositoryUri(String text) {
        return RepositoryUris.parse(text, "--repository");
    }
}
