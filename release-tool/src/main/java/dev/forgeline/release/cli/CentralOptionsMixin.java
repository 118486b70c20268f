package dev.forgeline.release.cli;

import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.common.RepositoryUris;
import dev.forgeline.release.maven.central.CentralOptions;
import dev.forgeline.release.maven.central.PublishingType;
import java.net.URI;
import picocli.CommandLine.Option;

/** {@code publish --central}: Maven Central's Publisher API and how long to wait for it (docs/publishing.md). */
final class CentralOptionsMixin {
    @Option(names = "--central", description = "publish to Maven Central through its Publisher API (instead of "
            + "--repository): Central's rules checked first, one deployment bundle, polled until done")
    boolean central;

    @Option(names = "--central-url", paramLabel = "URL", defaultValue = "https://central.sonatype.com/",
            description = "the Central Portal; default: ${DEFAULT-VALUE}")
    String url;

    @Option(names = "--central-publishing-type", paramLabel = "TYPE", defaultValue = "USER_MANAGED",
            description = "USER_MANAGED (stop at VALIDATED: publish or drop it in the portal) or AUTOMATIC (wait for "
                    + "PUBLISHED); default: ${DEFAULT-VALUE}")
    String publishingType;

    @Option(names = "--central-wait", paramLabel = "DURATION", defaultValue = "30m",
            description = "the longest wait for the deployment (then exit 5; publishing again polls it); default: "
                    + "${DEFAULT-VALUE}")
    String waitFor;

    @Option(names = "--central-poll-interval", paramLabel = "DURATION", defaultValue = "5s",
            description = "between two status requests; default: ${DEFAULT-VALUE}")
    String pollInterval;

    @Option(names = "--central-deployment-id", paramLabel = "ID",
            description = "after an upload whose answer was lost: the deployment the portal shows for it, to poll")
    String deploymentId;

    @Option(names = "--central-upload-again", description = "after an upload whose answer was lost: the portal "
            + "shows no deployment of it, upload again")
    boolean uploadAgain;

    URI portal() {
        URI portal = RepositoryUris.parse(url, "--central-url");
        String scheme = RepositoryUris.scheme(portal);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw ForgelineException.usage("--central-url " + url + ": not an http(s) URL",
                    "e.g. --central-url https://central.sonatype.com/");
        }
        return portal;
    }

    CentralOptions options() {
        PublishingType type;
        try {
            type = PublishingType.valueOf(publishingType.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ForgelineException.usage("--central-publishing-type " + publishingType + ": not a publishing type",
                    "USER_MANAGED or AUTOMATIC");
        }
        if (deploymentId != null && uploadAgain) {
            throw ForgelineException.usage("--central-deployment-id and --central-upload-again exclude each other",
                    "give the id when the portal shows the deployment, --central-upload-again when it does not");
        }
        return new CentralOptions(type, RepositoryAccessOptions.duration("--central-wait", waitFor),
                RepositoryAccessOptions.duration("--central-poll-interval", pollInterval), deploymentId, uploadAgain,
                line -> {});
    }
}
