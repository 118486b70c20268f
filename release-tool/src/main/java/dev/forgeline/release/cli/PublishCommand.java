package dev.forgeline.release.cli;

import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.common.RepositoryUris;
import dev.forgeline.release.maven.PublishResult;
import dev.forgeline.release.pipeline.ReleaseRunner;
import dev.forgeline.release.publish.Published;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.imagepush.ImagePushed;
import dev.forgeline.release.pipeline.RunResults;
import dev.forgeline.release.registry.ImageReference;
import dev.forgeline.release.registry.RegistryCredentials;
import dev.forgeline.release.sign.KeySources;
import dev.forgeline.release.sign.SecretSource;
import java.net.URI;
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
    @Option(names = "--repository", paramLabel = "URL",
            description = "target repository: https://host/path (http: too), file:///srv/maven or file:relative/dir")
    String repository;

    @Option(names = "--staging-repository", paramLabel = "URL", description = "deploy to this staging repository "
            + "first (http(s): or file:), verify the copy there, then promote it to --repository; a copy that fails "
            + "verification promotes nothing (exit 1)")
    String stagingRepository;

    @Option(names = "--staging-server-id", paramLabel = "ID", description = "with --staging-repository: its credentials "
            + "from this <server> of the settings.xml (default: the same credentials as --repository)")
    String stagingServerId;

    @Option(names = "--image", paramLabel = "REF", description = "also push the release's OCI image to this registry "
            + "reference (host[:port]/repository:tag; plain http only for loopback hosts) and sign it in cosign's form; "
            + "login from " + RegistryCredentials.USERNAME_ENV + "/" + RegistryCredentials.PASSWORD_ENV + ", "
            + RegistryCredentials.TOKEN_ENV + " or Docker's config.json")
    String image;

    @Option(names = "--sigstore-key", paramLabel = "FILE", description = "with --image: the release's PKCS#8 PEM "
            + "Sigstore key that signs the image (default: the variable named by --sigstore-key-env)")
    Path sigstoreKeyFile;

    @Option(names = "--sigstore-key-env", paramLabel = "NAME", defaultValue = KeySources.SIGSTORE_KEY_ENV,
            description = "with --image: the environment variable holding the PEM Sigstore key (default: ${DEFAULT-VALUE})")
    String sigstoreKeyEnv;

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
        if (repository != null && central.central) {
            throw ForgelineException.usage("--repository and --central both given: publish goes to one of them",
                    "drop one: --repository URL for a Maven repository, --central for Maven Central");
        }
        if ((stagingRepository != null || stagingServerId != null) && (central.central || image != null)) {
            throw ForgelineException.usage("--staging-repository goes with --repository alone",
                    "publish to a Maven repository through staging in a run of its own");
        }
        if (stagingServerId != null && stagingRepository == null) {
            throw ForgelineException.usage("--staging-server-id needs --staging-repository URL",
                    "name the staging repository, or leave the option out");
        }
        if (image != null) {
            if (central.central) {
                throw ForgelineException.usage("--image with --central is not supported in one run",
                        "publish to Central first (forgeline publish --central), then the image (--image REF)");
            }
            ImageReference reference = ImageReference.parse(image, "--image");
            SecretSource key = sigstoreKeyFile != null ? SecretSource.file(sigstoreKeyFile)
                    : SecretSource.environment(sigstoreKeyEnv);
            try (ReleaseRunner runner = Runners.open(spec)) {
                RunResults run = runner.publishImage(release.absolute(), repository == null ? null
                        : repositoryUri(repository), access.access(), reference, key);
                ReleaseSummary summary = new ReleaseSummary(spec.commandLine().getOut());
                if (repository != null) {
                    summary.printPublish(run.get("publish", Published.class).result());
                }
                spec.commandLine().getOut().println("Image: " + run.get("publish-image", ImagePushed.class).summary());
            }
            return 0;
        }
        if (repository == null && !central.central) {
            throw ForgelineException.usage("publish needs --repository URL, --central, --image REF, or a repository"
                    + " and an image", "e.g. forgeline publish --repository https://repo.example.org/releases/ --image "
                            + "registry.example.org/forgeline/gateway:1.2.3, or --central for Maven Central");
        }
        if (stagingRepository != null) {
            var stagingAccess = access.access().withCredentials(access.login.source(
                    stagingServerId != null ? stagingServerId : access.login.serverId));
            try (ReleaseRunner runner = Runners.open(spec)) {
                var run = runner.publishThroughStaging(release.absolute(), repositoryUri(repository), access.access(),
                        RepositoryUris.parse(stagingRepository, "--staging-repository"), stagingAccess);
                new ReleaseSummary(spec.commandLine().getOut()).printPublish(run.get("publish", Published.class).result());
            }
            return 0;
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
