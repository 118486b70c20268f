package dev.forgeline.release.workflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where one job (one matrix entry) runs and what its steps have set so far: the sandbox, the job's work directory
 * (mounted where GitHub puts it: {@code /__w} in a container, {@code /home/runner/work} on the runner), the
 * variables and PATH entries steps added through {@code $GITHUB_ENV} and {@code $GITHUB_PATH}.
 */
final class JobMachine {
    static final String REPOSITORY = "forgeline/forgeline";
    private static final String NAME = "forgeline";
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    final JobSandbox sandbox;
    final boolean container;
    final Path hostWork;
    final String insideWork;
    final String insideHome;
    final Map<String, String> addedEnv = new LinkedHashMap<>();
    final List<String> addedPath = new ArrayList<>();

    JobMachine(JobSandbox sandbox, boolean container, Path hostWork) throws IOException {
        this.sandbox = sandbox;
        this.container = container;
        this.hostWork = hostWork;
        this.insideWork = container ? "/__w" : "/home/runner/work";
        this.insideHome = container ? "/github/home" : "/home/runner";
        Files.createDirectories(hostWorkspace());
        Files.createDirectories(hostTemp());
        sandbox.bind(hostWork, insideWork, false);
        if (container) {
            Path home = Files.createDirectories(hostWork.resolveSibling("github-home"));
            sandbox.bind(home, insideHome, false);
        }
    }

    String insideWorkspace() {
        return insideWork + "/" + NAME + "/" + NAME;
    }

    Path hostWorkspace() {
        return hostWork.resolve(NAME).resolve(NAME);
    }

    String insideTemp() {
        return insideWork + "/_temp";
    }

    Path hostTemp() {
        return hostWork.resolve("_temp");
    }

    /** A path inside the job's machine for a host file under the work directory. */
    String inside(Path hostFile) {
        return insideWork + "/" + hostWork.relativize(hostFile);
    }

    /** Java's user.home of the user the steps run as (from /etc/passwd, not $HOME): where Maven keeps its repository. */
    String javaUserHome() {
        return sandbox.asRunnerUser() ? "/home/runner" : "/root";
    }

    /** Makes {@code path} the step user's, as files the runner (or, in a container, root) wrote would be. */
    void own(Path path, Path log) throws IOException, InterruptedException {
        String owner = sandbox.asRunnerUser() ? JobSandbox.RUNNER_UID + ":" + JobSandbox.RUNNER_UID : "0:0";
        Commands.check(List.of("chown", "-R", owner, path.toString()), null, log);
    }
}
