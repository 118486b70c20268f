package dev.forgeline.release.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a workflow's jobs on this machine, in the order of their {@code needs:}: each job's {@code if:} against the
 * results and outputs of the jobs it needs, its matrix expanded, and each entry that runs on an x86_64 Linux runner
 * (on the runner itself, or in a {@code debian:12} container) run by {@link JobRunner} in a Debian 12 root of its own.
 * Entries for macOS, Windows and Arm runners are not run and listed as such; to the jobs after them they count as
 * skipped.
 */
final class WorkflowRun {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Images this runner has a root file system for: the Debian 12 minimal root stands in for them. */
    private static final Set<String> IMAGES = Set.of("debian:12", "debian:bookworm");
    /** x86_64 Linux runners: the same Debian 12 root stands in for their system (runner user, uid 1001). */
    private static final Set<String> X64_LINUX_RUNNERS = Set.of("ubuntu-24.04", "ubuntu-22.04", "ubuntu-latest");

    /** The results of every job and matrix entry, in the order they ran; the ones not run with the reason. */
    record Outcome(List<JobResult> results, List<String> notRun, Map<String, JobResult.Result> jobs) {
        List<StepFailure> failures() {
            return results.stream().flatMap(r -> r.failures().stream()).toList();
        }

        String summary() {
            StringBuilder text = new StringBuilder("jobs:\n");
            results.forEach(r -> text.append("  ").append(r.name()).append(": ").append(r.result().github())
                    .append(r.note().isEmpty() ? "" : " (" + r.note() + ")").append('\n'));
            text.append("not run here (").append(notRun.size()).append("):\n");
            notRun.forEach(n -> text.append("  ").append(n).append('\n'));
            failures().forEach(f -> text.append(f.describe()).append('\n'));
            return text.toString();
        }
    }

    private final WorkflowRunSettings settings;
    private final StepLog log;

    WorkflowRun(WorkflowRunSettings settings, StepLog log) {
        this.settings = settings;
        this.log = log;
    }

    Outcome run() throws IOException, InterruptedException {
        JsonNode workflow = YAML.readTree(settings.workflow().toFile());
        Path rootfs = new DebianRootFilesystem(settings.cacheDir()).provision(WorkflowPackages.of(workflow), log);
        ArtifactStore artifacts = new ArtifactStore(settings.runDir().resolve("artifacts"));
        CacheStandIn caches = new CacheStandIn(settings.cacheDir().resolve("actions-cache"), settings.hostMavenRepository());
        ActionStandIns standIns = new ActionStandIns(settings.testRepository(), settings.tag(), settings.jdk(), caches, artifacts);
        JobRunner runner = new JobRunner(settings, standIns, workflow.at("/defaults/run/shell").asText("bash"), log);

        ObjectNode github = NODES.objectNode()
                .put("ref", "refs/tags/" + settings.tag()).put("ref_name", settings.tag()).put("ref_type", "tag")
                .put("sha", settings.sha()).put("repository", JobMachine.REPOSITORY).put("repository_owner", "forgeline")
                .put("event_name", "push").put("workflow", workflow.path("name").asText()).put("run_id", "1")
                .put("run_number", "1").put("run_attempt", "1").put("actor", "forgeline-test")
                .put("server_url", "https://github.com")
                // As GitHub sets it: the workflow file at the ref that ran it (the provenance's builder id).
                .put("workflow_ref", JobMachine.REPOSITORY + "/.github/workflows/" + settings.workflow().getFileName()
                        + "@refs/tags/" + settings.tag());
        Map<String, String> runnerEnv = new LinkedHashMap<>();
        runnerEnv.put("CI", "true");
        runnerEnv.put("GITHUB_ACTIONS", "true");
        github.fields().forEachRemaining(e -> runnerEnv.put("GITHUB_" + e.getKey().toUpperCase(), e.getValue().asText()));
        runnerEnv.remove("GITHUB_SERVER_URL");
        runnerEnv.put("GITHUB_SERVER_URL", "https://github.com");
        runnerEnv.put("RUNNER_OS", "Linux");
        runnerEnv.put("RUNNER_ARCH", "X64");
        runnerEnv.put("LANG", "C.UTF-8");
        Map<String, String> workflowEnv = JobRunner.strings(workflow.path("env"));
        runnerEnv.putAll(workflowEnv);

        List<JobResult> results = new ArrayList<>();
        List<String> notRun = new ArrayList<>();
        Map<String, JobResult> byJob = new LinkedHashMap<>();
        for (String jobId : JobOrder.of(workflow.path("jobs"))) {
            JsonNode job = workflow.path("jobs").get(jobId);
            ObjectNode needs = NODES.objectNode();
            boolean needsSucceeded = true;
            for (String need : JobOrder.needs(job)) {
                JobResult done = byJob.get(need);
                needs.putObject(need).put("result", done.result().github()).set("outputs", done.outputs());
                needsSucceeded &= done.result() == JobResult.Result.SUCCESS;
            }
            ObjectNode contexts = NODES.objectNode();
            contexts.set("github", github.deepCopy());
            contexts.set("env", JobRunner.toObject(workflowEnv));
            contexts.set("needs", needs);
            contexts.putObject("inputs");
            contexts.putObject("vars");
            contexts.putObject("matrix");
            contexts.putObject("secrets");
            ExpressionContext.Status status = needsSucceeded ? ExpressionContext.Status.SUCCESS : ExpressionContext.Status.FAILURE;
            if (!Expressions.condition(job.path("if").asText(""), new ExpressionContext(contexts, status, null))) {
                JobResult skipped = new JobResult(jobId, JobResult.Result.SKIPPED, NODES.objectNode(), List.of(),
                        job.has("if") ? "if: " + job.get("if").asText().strip() : "a job it needs did not succeed");
                log.line(jobId + ": skipped (" + skipped.note() + ")");
                results.add(skipped);
                byJob.put(jobId, skipped);
                continue;
            }
            List<ObjectNode> entries = matrixEntries(job, contexts);
            List<JobResult> legs = new ArrayList<>();
            boolean failFast = job.path("strategy").path("fail-fast").asBoolean(true);
            for (ObjectNode matrix : entries) {
                ObjectNode legContexts = contexts.deepCopy();
                legContexts.set("matrix", matrix);
                String name = matrix.isEmpty() ? jobId : jobId + " (" + String.join(", ", JobRunner.strings(matrix).values().stream()
                        .filter(v -> !v.isEmpty()).limit(2).toList()) + ")";
                ExpressionContext leg = new ExpressionContext(legContexts, ExpressionContext.Status.SUCCESS, null);
                String runsOn = Expressions.interpolate(job.path("runs-on").asText(), leg);
                String image = job.path("container").isObject()
                        ? Expressions.interpolate(job.path("container").path("image").asText(), leg)
                        : Expressions.interpolate(job.path("container").asText(""), leg);
                if (failFast && legs.stream().anyMatch(l -> l.result() == JobResult.Result.FAILURE)) {
                    log.line(name + ": cancelled (fail-fast: an entry of the matrix failed)");
                    legs.add(new JobResult(name, JobResult.Result.CANCELLED, NODES.objectNode(), List.of(), "fail-fast"));
                    continue;
                }
                if (!X64_LINUX_RUNNERS.contains(runsOn)) {
                    String reason = name + ": needs a " + runsOn + " runner";
                    notRun.add(reason);
                    log.line("not run: " + reason);
                    legs.add(new JobResult(name, JobResult.Result.NOT_RUN, NODES.objectNode(), List.of(), "needs " + runsOn));
                    continue;
                }
                if (!image.isEmpty() && !IMAGES.contains(image)) {
                    throw new IllegalStateException(name + " runs in container " + image + ", which this runner has no root for");
                }
                String environment = job.path("environment").isObject() ? job.path("environment").path("name").asText()
                        : job.path("environment").asText("");
                Map<String, String> secrets = settings.environmentSecrets().getOrDefault(environment, Map.of());
                legContexts.set("secrets", JobRunner.toObject(secrets));
                log.line(name + ": start on " + runsOn + (image.isEmpty() ? " (as the runner user)" : " in " + image + " (as root)"));
                JobResult result = runner.run(name, jobId, job, legContexts, runnerEnv, !image.isEmpty(), rootfs);
                log.line(name + ": " + result.result().github());
                legs.add(result);
            }
            results.addAll(legs);
            JobResult combined = combine(jobId, legs);
            byJob.put(jobId, combined);
        }
        Map<String, JobResult.Result> jobs = new LinkedHashMap<>();
        byJob.forEach((id, r) -> jobs.put(id, r.result()));
        return new Outcome(results, notRun, jobs);
    }

    private static List<ObjectNode> matrixEntries(JsonNode job, ObjectNode contexts) {
        JsonNode matrix = job.path("strategy").path("matrix");
        if (matrix.isMissingNode()) {
            return List.of(NODES.objectNode());
        }
        JsonNode value = matrix.isTextual() ? Expressions.value(matrix.asText(), new ExpressionContext(contexts,
                ExpressionContext.Status.SUCCESS, null)) : matrix;
        List<ObjectNode> entries = new ArrayList<>();
        value.fieldNames().forEachRemaining(key -> {
            if (!key.equals("include")) {
                throw new IllegalStateException("this runner expands include: matrices only, not " + key);
            }
        });
        value.path("include").forEach(e -> entries.add((ObjectNode) e));
        if (entries.isEmpty()) {
            throw new IllegalStateException("an empty matrix: GitHub fails the job (Matrix vector 'include' does not contain any values)");
        }
        return entries;
    }

    /** A matrix job failed when an entry failed, succeeded when every entry run here succeeded; outputs of the last. */
    private static JobResult combine(String jobId, List<JobResult> legs) {
        if (legs.size() == 1 && legs.get(0).name().equals(jobId)) {
            return legs.get(0);
        }
        List<JobResult> ran = legs.stream().filter(l -> l.result() != JobResult.Result.NOT_RUN).toList();
        JobResult.Result result = ran.isEmpty() ? JobResult.Result.NOT_RUN
                : ran.stream().anyMatch(l -> l.result() == JobResult.Result.FAILURE) ? JobResult.Result.FAILURE : JobResult.Result.SUCCESS;
        ObjectNode outputs = ran.isEmpty() ? NODES.objectNode() : ran.get(ran.size() - 1).outputs();
        return new JobResult(jobId, result, outputs, List.of(), "");
    }
}
