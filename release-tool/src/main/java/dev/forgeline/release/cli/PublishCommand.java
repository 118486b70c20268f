package dev.forgeline.release.cli;

import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.maven.PublishResult;
import dev.forgeline.release.pipeline.PublishStage;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
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
    @Option(names = "--repository", paramLabel = "URL", required = true,
            description = "target repository, e.g. file:///srv/maven or file:relative/dir")
    String repository;

    @Mixin
    ReleaseDirOption release;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PublishResult result = new PublishStage(release.absolute(), repositoryUri(repository)).run();
        new ReleaseSummary(spec.commandLine().getOut()).printPublish(result);
        return 0;
    }

    /** Accepts absolute URLs and {@code file:relative/path}, resolved against the working directory. */
    static URI repositoryUri(String text) {
        try {
            URI uri = new URI(text);
            if ("file".equals(uri.getScheme()) && uri.isOpaque()) {
                return Path.of(uri.getSchemeSpecificPart()).toAbsolutePath().normalize().toUri();
            }
            if (uri.getScheme() == null) {
                throw ForgelineException.usage("--repository " + text + ": not a URL",
                        "use file:///path/to/repository (or file:relative/path)");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw ForgelineException.usage("--repository " + text + ": not a valid URL: " + e.getMessage(),
                    "use file:///path/to/repository");
        }
    }
}
