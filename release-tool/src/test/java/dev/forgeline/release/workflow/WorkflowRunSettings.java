package dev.forgeline.release.workflow;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a workflow run is given: the workflow file, the test repository and the tag it releases ({@code GITHUB_REF} is
 * {@code refs/tags/<tag>}), the secrets of the environments ({@code environment:} name to secrets), where the run's
 * jobs and artifacts go, and the cache kept between runs (root file system, apt's .debs, actions/cache).
 */
record WorkflowRunSettings(Path workflow, Path testRepository, String tag, String sha, Map<String, Map<String, String>> environmentSecrets,
        Path runDir, Path cacheDir, Path hostMavenRepository, Path jdk) {}
