package dev.forgeline.release.maven.central;

import java.io.IOException;
import java.util.Optional;

/**
 * Where a Central deployment's progress is recorded the moment it changes ({@code publish-journal.json} of the
 * release, through the publisher's journal): the bundle's digest and name, and once known the deployment id and its
 * last state. A rerun reads it to poll the deployment instead of uploading the bundle again.
 */
public interface DeploymentJournal {

    /**
     * One record.
     *
     * @param deploymentId null while an upload is under way or its answer was lost
     * @param state        the last state seen, or null
     */
    record Recorded(String bundleSha256, long bundleSize, String deploymentName, String deploymentId,
            DeploymentState state) {}

    Optional<Recorded> read();

    void write(Recorded recorded) throws IOException;

    /** Forgets the record: the upload it recorded was refused, nothing exists on Central's side. */
    void clear() throws IOException;
}
