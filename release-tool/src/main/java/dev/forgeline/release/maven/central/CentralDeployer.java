package dev.forgeline.release.maven.central;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Puts a release (a repository-layout directory with checksums and signatures) onto Maven Central through the
 * Publisher API, at most once:
 *
 * <ol>
 *   <li>check Central's rules locally ({@link CentralRules}), every violation at once, before anything is sent;
 *   <li>write the deterministic bundle ({@link CentralBundle}); its SHA-256 identifies it in the journal;
 *   <li>journaled deployment of this bundle with an id: poll it (a restart never uploads again);
 *       journaled upload without an id (its answer was lost): the components already on Central end it, a
 *       deployment id from the user is polled, an explicit "upload again" uploads; otherwise stop and say how to
 *       find out, because the API cannot list deployments by name and a blind upload could make a second one;
 *       nothing journaled: upload, recording "uploading" first and the id the moment it is known;
 *   <li>poll the status until VALIDATED (USER_MANAGED) or PUBLISHED (AUTOMATIC), FAILED (the per-file errors, exit 1)
 *       or the wait runs out (exit 5, resumable: the next run polls the same deployment).
 * </ol>
 */
public final class CentralDeployer {
    /**
     * The id journaled for a deployment found published on Central after its upload's answer was lost: the API gave
     * no id, and none is needed any more.
     */
    static final String UNKNOWN_ID = "unknown";

    private final CentralPortalClient client;
    private final DeploymentJournal journal;
    private final CentralOptions options;
    private final int uploadAttempts;
    private final Duration retryBackoff;

    /**
     * @param uploadAttempts tries of an upload Central answered with 408, 429 or 5xx (an answer: nothing was created)
     */
    public CentralDeployer(CentralPortalClient client, DeploymentJournal journal, CentralOptions options,
            int uploadAttempts, Duration retryBackoff) {
        this.client = Objects.requireNonNull(client, "client");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.options = Objects.requireNonNull(options, "options");
        this.uploadAttempts = Math.max(1, uploadAttempts);
        this.retryBackoff = Objects.requireNonNull(retryBackoff, "retryBackoff");
    }

    /** What a deployment ended as. */
    public record Outcome(String deploymentId, String deploymentName, DeploymentState state, CentralBundle bundle,
            boolean uploaded) {}

    /**
     * Deploys the files {@code relativePaths} under {@code root}, writing the bundle into {@code work}.
     *
     * @throws CentralRulesException the release breaks Central's rules (exit 1, nothing sent)
     * @throws ForgelineException    FAILED validation (exit 1), a refused request or the wait ran out (exit 5)
     */
    public Outcome deploy(Path root, Collection<String> relativePaths, Path work) throws IOException,
            InterruptedException {
        CentralRules.require(root, relativePaths);
        CentralBundle bundle = CentralBundle.write(root, relativePaths, work.resolve("central-bundle.zip"));
        List<String[]> components = components(bundle.files());
        String name = deploymentName(components, bundle);

        Optional<DeploymentJournal.Recorded> recorded = journal.read();
        if (recorded.isPresent() && !recorded.get().bundleSha256().equals(bundle.sha256())) {
            DeploymentJournal.Recorded other = recorded.get();
            if (other.deploymentId() != null && other.state() != DeploymentState.FAILED) {
                throw new ForgelineException(ExitCode.PUBLISH_CONFLICT, "the journal records Central deployment "
                        + other.deploymentId() + " (" + other.deploymentName() + ", " + other.state() + ") of other"
                        + " bytes than this release's bundle",
                        "A released version is immutable. If that deployment is not published, drop it (DELETE "
                                + client.deploymentUrl(other.deploymentId()) + ", or in the portal), remove its"
                                + " entry from publish-journal.json, and publish again.");
            }
            journal.clear(); // a failed deployment of an earlier bundle, or an upload that was refused
            recorded = Optional.empty();
        }

        String id = recorded.map(DeploymentJournal.Recorded::deploymentId).orElse(null);
        boolean uploaded = false;
        if (id == null && recorded.isPresent()) {
            Optional<Outcome> resolved = afterLostUpload(recorded.get(), bundle, components);
            if (resolved.isPresent()) {
                return resolved.get();
            }
            id = options.deploymentId();
        }
        if (id == null) {
            id = upload(bundle, name, components);
            uploaded = true;
        } else {
            options.progress().accept("central deployment " + id + " (" + name + ") recorded in the journal: polling"
                    + " it, not uploading again");
        }
        DeploymentStatus status = poll(id, name, bundle);
        return new Outcome(id, name, status.state(), bundle, uploaded);
    }

    /** A journaled upload whose answer never came: decide without guessing, or stop. */
    private Optional<Outcome> afterLostUpload(DeploymentJournal.Recorded recorded, CentralBundle bundle,
            List<String[]> components) throws IOException, InterruptedException {
        if (options.deploymentId() != null) {
            journal.write(new DeploymentJournal.Recorded(bundle.sha256(), bundle.size(), recorded.deploymentName(),
                    options.deploymentId(), null));
            return Optional.empty();
        }
        if (allPublished(components)) {
            journal.write(new DeploymentJournal.Recorded(bundle.sha256(), bundle.size(), recorded.deploymentName(),
                    UNKNOWN_ID, DeploymentState.PUBLISHED));
            options.progress().accept("central every component of " + recorded.deploymentName() + " is published on"
                    + " Maven Central: the earlier upload went through");
            return Optional.of(new Outcome(UNKNOWN_ID, recorded.deploymentName(), DeploymentState.PUBLISHED, bundle,
                    false));
        }
        if (options.uploadAgain()) {
            journal.clear();
            return Optional.empty();
        }
        throw lostUpload(recorded.deploymentName());
    }

    private String upload(CentralBundle bundle, String name, List<String[]> components) throws IOException,
            InterruptedException {
        for (int attempt = 1; ; attempt++) {
            journal.write(new DeploymentJournal.Recorded(bundle.sha256(), bundle.size(), name, null, null));
            options.progress().accept("central uploading " + name + " (" + bundle.files().size() + " files, "
                    + bundle.size() + " bytes, " + options.publishingType() + ")");
            try {
                String id = client.upload(bundle.zip(), name, options.publishingType());
                journal.write(new DeploymentJournal.Recorded(bundle.sha256(), bundle.size(), name, id,
                        DeploymentState.PENDING));
                options.progress().accept("central deployment " + id + " created (journaled)");
                return id;
            } catch (CentralHttpException e) {
                journal.clear(); // Central answered: no deployment was created
                if (e.retryable() && attempt < uploadAttempts) {
                    Duration wait = retryBackoff.multipliedBy(1L << Math.min(attempt - 1, 5));
                    options.progress().accept("central " + e.getMessage() + "; retrying in " + wait.toMillis() + " ms");
                    Thread.sleep(wait.toMillis());
                    continue;
                }
                throw refused(e, attempt);
            } catch (IOException e) {
                // No answer: the deployment may exist. The journal keeps "uploading"; only the published check may
                // decide, never a second upload.
                if (allPublishedQuietly(components)) {
                    journal.write(new DeploymentJournal.Recorded(bundle.sha256(), bundle.size(), name, UNKNOWN_ID,
                            DeploymentState.PUBLISHED));
                    options.progress().accept("central the upload of " + name + " got no answer, but every component"
                            + " of it is published on Maven Central: it went through");
                    return UNKNOWN_ID;
                }
                ForgelineException lost = lostUpload(name);
                lost.addSuppressed(e);
                throw lost;
            }
        }
    }

    private DeploymentStatus poll(String id, String name, CentralBundle bundle) throws IOException,
            InterruptedException {
        if (UNKNOWN_ID.equals(id)) { // published, found by the published check
            return new DeploymentStatus(id, name, DeploymentState.PUBLISHED, null);
        }
        Instant deadline = Instant.now().plus(options.maxWait());
        DeploymentState last = null;
        IOException lastFailure = null;
        while (true) {
            try {
                DeploymentStatus status = client.status(id);
                lastFailure = null;
                if (status.state() != last) {
                    last = status.state();
                    journal.write(new DeploymentJournal.Recorded(bundle.sha256(), bundle.size(), name, id, last));
                    options.progress().accept("central deployment " + id + ": " + last);
                }
                if (last == DeploymentState.FAILED) {
                    throw failed(status);
                }
                if (last.reached(options.publishingType())) {
                    if (options.publishingType() == PublishingType.USER_MANAGED && last != DeploymentState.PUBLISHED
                            && last != DeploymentState.PUBLISHING) {
                        options.progress().accept(howToPublishOrDrop(id));
                    }
                    return status;
                }
            } catch (CentralHttpException e) {
                if (!e.retryable()) {
                    throw refused(e, 1);
                }
                lastFailure = e;
            } catch (IOException e) {
                lastFailure = e;
            }
            if (Instant.now().plus(options.pollInterval()).isAfter(deadline)) {
                throw new ForgelineException(ExitCode.PUBLISH_FAILED, "Central deployment " + id + " (" + name + ") is "
                        + (last == null ? "of unknown state" : last) + " after waiting " + options.maxWait().toSeconds()
                        + " s" + (lastFailure == null ? "" : "; last status request: " + lastFailure.getMessage()),
                        "Publish again: the deployment id is in publish-journal.json, so the next run polls it and"
                                + " uploads nothing (raise --central-wait to wait longer).", lastFailure);
            }
            Thread.sleep(options.pollInterval().toMillis());
        }
    }

    private String howToPublishOrDrop(String id) {
        return "central deployment " + id + " is VALIDATED and waits for you (USER_MANAGED): publish it in the portal ("
                + client.base().resolve("publishing/deployments") + ") or with\n"
                + "  curl -X POST -H \"Authorization: Bearer $TOKEN\" " + client.deploymentUrl(id) + "\n"
                + "or drop it with\n"
                + "  curl -X DELETE -H \"Authorization: Bearer $TOKEN\" " + client.deploymentUrl(id) + "\n"
                + "(TOKEN: base64 of your portal user token's user:password)";
    }

    private ForgelineException failed(DeploymentStatus status) {
        List<String> lines = status.errorLines();
        return new ForgelineException(ExitCode.CHECK_FAILED, "Central refused deployment " + status.deploymentId()
                + " (FAILED), " + lines.size() + " error(s):\n  " + String.join("\n  ", lines),
                "Fix the release and publish again (a release with other bytes makes a new deployment); drop the failed"
                        + " one in the portal or with DELETE " + client.deploymentUrl(status.deploymentId()) + ".");
    }

    private ForgelineException refused(CentralHttpException e, int tries) {
        String hint = switch (e.status()) {
            case 401, 403 -> "Central refused the credentials: use a portal user token (not the login password) in the"
                    + " settings.xml server (--server-id) or FORGELINE_CENTRAL_USERNAME/FORGELINE_CENTRAL_PASSWORD.";
            default -> e.retryable() ? "The failure may pass: publish again later (nothing was created on Central)."
                    : "See Central's answer above; nothing was created on Central.";
        };
        return new ForgelineException(ExitCode.PUBLISH_FAILED, e.getMessage() + (tries > 1 ? " (after " + tries
                + " tries)" : ""), hint, e);
    }

    private ForgelineException lostUpload(String name) {
        return new ForgelineException(ExitCode.PUBLISH_FAILED, "the upload of Central deployment '" + name + "' got no"
                + " answer: Central may have created the deployment, and its id is unknown",
                "Central's Publisher API cannot list deployments by name, so forgeline will not upload again blind (a"
                        + " second deployment of one version). Look for '" + name + "' in "
                        + client.base().resolve("publishing/deployments") + ": if it is there, publish again with"
                        + " --central-deployment-id ID; if not, with --central-upload-again.");
    }

    private boolean allPublished(List<String[]> components) throws IOException, InterruptedException {
        if (components.isEmpty()) {
            return false;
        }
        for (String[] c : components) {
            if (!client.published(c[0], c[1], c[2])) {
                return false;
            }
        }
        return true;
    }

    private boolean allPublishedQuietly(List<String[]> components) throws InterruptedException {
        try {
            return allPublished(components);
        } catch (IOException e) {
            return false;
        }
    }

    /** namespace, name, version of each POM in the bundle. */
    private static List<String[]> components(List<String> files) {
        List<String[]> components = new ArrayList<>();
        for (String path : files) {
            String[] segments = path.split("/");
            if (segments.length < 4 || !path.endsWith(".pom")) {
                continue;
            }
            String artifact = segments[segments.length - 3];
            String version = segments[segments.length - 2];
            if (segments[segments.length - 1].equals(artifact + "-" + version + ".pom")) {
                components.add(new String[] {String.join(".", java.util.Arrays.copyOf(segments, segments.length - 3)),
                        artifact, version});
            }
        }
        return components;
    }

    /** {@code group:version} of the release and the bundle's digest: the same bytes always get the same name. */
    private static String deploymentName(List<String[]> components, CentralBundle bundle) {
        String release = components.isEmpty() ? "release"
                : components.stream().map(c -> c[0] + ":" + c[2]).distinct().sorted().findFirst().orElseThrow();
        return release + " " + bundle.sha256().substring(0, 12);
    }
}
