package dev.forgeline.release.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Runs one job (one matrix entry) as GitHub's runner does: each step's {@code if:} evaluated, a {@code run:} step's
 * script with its {@code ${{ }}} expressions substituted and run by bash in the job's machine with the runner's
 * variables, the workflow's, the job's and the step's {@code env:}; {@code $GITHUB_OUTPUT}, {@code $GITHUB_ENV} and
 * {@code $GITHUB_PATH} read after it; a {@code uses:} step done by its stand-in. After the steps, the job's outputs,
 * and a check that Maven wrote nothing its caches do not keep.
 */
final class JobRunner {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final WorkflowRunSettings settings;
    private final ActionStandIns standIns;
    private final StepLog log;

    private final String defaultShell;

    JobRunner(WorkflowRunSettings settings, ActionStandIns standIns, String defaultShell, StepLog log) {
        this.settings = settings;
        this.defaultShell = defaultShell;
        this.standIns = standIns;
        this.log = log;
    }

    /**
     * Runs {@code job} as {@code name} (the job id and its matrix values), {@code runnerEnv} being what the runner
     * sets for every step (GITHUB_REF, CI, ...), {@code baseContexts} the contexts the job starts with.
     */
    JobResult run(String name, String jobId, JsonNode job, ObjectNode baseContexts, Map<String, String> runnerEnv,
            boolean container, Path rootfs)
            throws IOException, InterruptedException {
        Path jobDir = settings.runDir().resolve("jobs").resolve(name.replaceAll("[^A-Za-z0-9_.-]", "_"));
        JobSandbox sandbox = new JobSandbox(rootfs, jobDir, !container);
        // The .debs the doctor's apt-get fetches are kept between jobs and runs, as the root's own were.
        sandbox.bind(new DebianRootFilesystem(settings.cacheDir()).aptArchives(), "/var/cache/apt/archives", false);
        JobMachine machine = new JobMachine(sandbox, container, jobDir.resolve("work"));
        ObjectNode contexts = baseContexts.deepCopy();
        ObjectNode steps = contexts.putObject("steps");
        ((ObjectNode) contexts.get("github")).put("job", jobId).put("workspace", machine.insideWorkspace());
        contexts.putObject("runner").put("os", "Linux").put("arch", "X64").put("temp", machine.insideTemp())
                .put("name", "forgeline-test-runner");
        contexts.putObject("job").put("status", "success");
        Map<String, String> jobEnv = new LinkedHashMap<>(strings(contexts.get("env")));
        jobEnv.putAll(evaluatedMap(job.path("env"), contexts, machine));
        contexts.set("env", toObject(jobEnv));

        List<StepFailure> failures = new ArrayList<>();
        int index = 0;
        for (JsonNode step : job.path("steps")) {
            index++;
            String id = step.has("id") ? step.get("id").asText() : "__step" + index;
            String stepName = stepName(step, contexts, machine);
            ExpressionContext.Status status = failures.isEmpty() ? ExpressionContext.Status.SUCCESS : ExpressionContext.Status.FAILURE;
            ((ObjectNode) contexts.get("job")).put("status", status.name().toLowerCase());
            Map<String, String> env = new LinkedHashMap<>(jobEnv);
            env.putAll(machine.addedEnv);
            contexts.set("env", toObject(env));
            if (step.has("if") && !Expressions.condition(step.get("if").asText(), new ExpressionContext(contexts, status, machine.hostWorkspace()))
                    || !step.has("if") && status != ExpressionContext.Status.SUCCESS) {
                log.line(name + ": skip  " + stepName);
                steps.putObject(id).put("outcome", "skipped").put("conclusion", "skipped").putObject("outputs");
                continue;
            }
            Map<String, String> stepEnv = evaluatedMap(step.path("env"), contexts, machine);
            env.putAll(stepEnv);
            contexts.set("env", toObject(env));
            Path stepLog = jobDir.resolve("logs").resolve(String.format("%02d-%s.log", index, id.replaceAll("[^A-Za-z0-9_.-]", "_")));
            long start = System.nanoTime();
            ObjectNode outputs = NODES.objectNode();
            String command;
            int exitCode;
            String note = "";
            if (step.has("run")) {
                command = Expressions.interpolate(step.get("run").asText(), context(contexts, status, machine));
                exitCode = runScript(command, step, runnerEnv, env, machine, stepLog, outputs);
            } else {
                command = "uses: " + step.get("uses").asText() + " " + evaluatedMap(step.path("with"), contexts, machine);
                try {
                    note = standIns.run(step.get("uses").asText(), evaluatedMap(step.path("with"), contexts, machine), machine, stepLog);
                    exitCode = 0;
                } catch (RuntimeException | IOException e) {
                    Files.createDirectories(stepLog.getParent());
                    Files.writeString(stepLog, e + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                            java.nio.file.StandardOpenOption.APPEND);
                    exitCode = 1;
                }
            }
            long seconds = (System.nanoTime() - start) / 1_000_000_000;
            String outcome = exitCode == 0 ? "success" : "failure";
            steps.putObject(id).put("outcome", outcome).put("conclusion", outcome).set("outputs", outputs);
            log.line(name + ": " + (exitCode == 0 ? "ok   " : "FAIL ") + stepName + " (" + seconds + " s)" + (note.isEmpty() ? "" : ": " + note));
            if (exitCode != 0) {
                failures.add(new StepFailure(name, stepName, command, exitCode, new Commands.Result(exitCode, stepLog).tail(40)));
            }
        }
        ObjectNode jobOutputs = NODES.objectNode();
        if (failures.isEmpty()) {
            ExpressionContext end = context(contexts, ExpressionContext.Status.SUCCESS, machine);
            job.path("outputs").fields().forEachRemaining(o -> jobOutputs.put(o.getKey(), Expressions.interpolate(o.getValue().asText(), end)));
            mavenWroteOnlyToCaches(name, machine).ifPresent(failures::add);
        }
        return new JobResult(name, failures.isEmpty() ? JobResult.Result.SUCCESS : JobResult.Result.FAILURE, jobOutputs, failures, "");
    }

    private int runScript(String script, JsonNode step, Map<String, String> runnerEnv, Map<String, String> env, JobMachine machine, Path stepLog,
            ObjectNode outputs) throws IOException, InterruptedException {
        String shell = step.path("shell").asText(defaultShell);
        if (!shell.equals("bash")) {
            throw new IllegalStateException("this runner knows shell: bash only, not " + shell);
        }
        String unique = UUID.randomUUID().toString();
        Path scriptFile = machine.hostTemp().resolve(unique + ".sh");
        Path commands = Files.createDirectories(machine.hostTemp().resolve("_runner_file_commands"));
        Path outputFile = commands.resolve("set_output_" + unique);
        Path envFile = commands.resolve("set_env_" + unique);
        Path pathFile = commands.resolve("add_path_" + unique);
        Path summaryFile = commands.resolve("step_summary_" + unique);
        for (Path file : List.of(outputFile, envFile, pathFile, summaryFile)) {
            Files.writeString(file, "");
        }
        Files.writeString(scriptFile, script, StandardCharsets.UTF_8);
        machine.own(machine.hostTemp(), stepLog);
        Map<String, String> full = new LinkedHashMap<>(runnerEnv);
        full.putAll(env);
        List<String> path = new ArrayList<>(machine.addedPath);
        path.add(JobMachine.DEFAULT_PATH);
        full.put("PATH", String.join(":", path));
        full.put("HOME", machine.insideHome);
        full.put("GITHUB_OUTPUT", machine.inside(outputFile));
        full.put("GITHUB_ENV", machine.inside(envFile));
        full.put("GITHUB_PATH", machine.inside(pathFile));
        full.put("GITHUB_STEP_SUMMARY", machine.inside(summaryFile));
        full.put("GITHUB_WORKSPACE", machine.insideWorkspace());
        full.put("RUNNER_TEMP", machine.insideTemp());
        String workingDirectory = step.path("working-directory").asText(machine.insideWorkspace());
        Commands.Result result = machine.sandbox.runBash(machine.inside(scriptFile), workingDirectory, full, stepLog);
        outputs.setAll(toObject(FileCommands.read(outputFile)));
        machine.addedEnv.putAll(FileCommands.read(envFile));
        List<String> added = Files.readAllLines(pathFile).stream().filter(l -> !l.isBlank()).toList();
        for (String dir : added) {
            machine.addedPath.add(0, dir);
        }
        return result.exitCode();
    }

    /**
     * Maven keeps its repository in {@code <user.home>/.m2/repository}, user.home being the passwd home of whoever runs
     * it ({@code /root} in a container), not $HOME. What it wrote there outside a restored cache lands in the job's
     * overlay: then the workflow's Maven cache points elsewhere, and every run downloads again.
     */
    private static java.util.Optional<StepFailure> mavenWroteOnlyToCaches(String job, JobMachine machine) throws IOException {
        String repository = machine.javaUserHome() + "/.m2/repository";
        Path written = machine.sandbox.upper().resolve(repository.substring(1));
        if (!Files.isDirectory(written)) {
            return java.util.Optional.empty();
        }
        try (Stream<Path> files = Files.walk(written)) {
            List<Path> found = files.filter(Files::isRegularFile).limit(5).toList();
            if (found.isEmpty()) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(new StepFailure(job, "(after the steps) Maven's cache", "Maven repository " + repository,
                    1, "Maven wrote to " + repository + ", which no actions/cache or setup-java cache step of the job restores"
                            + " (e.g. " + found.stream().map(f -> "/" + machine.sandbox.upper().relativize(f)).toList() + "):"
                            + " cache the path Maven writes"));
        }
    }

    private ExpressionContext context(ObjectNode contexts, ExpressionContext.Status status, JobMachine machine) {
        return new ExpressionContext(contexts, status, machine.hostWorkspace());
    }

    private Map<String, String> evaluatedMap(JsonNode map, ObjectNode contexts, JobMachine machine) {
        Map<String, String> values = new LinkedHashMap<>();
        ExpressionContext context = context(contexts, ExpressionContext.Status.SUCCESS, machine);
        map.fields().forEachRemaining(e -> values.put(e.getKey(), Expressions.interpolate(e.getValue().asText(), context)));
        return values;
    }

    private String stepName(JsonNode step, ObjectNode contexts, JobMachine machine) {
        if (step.has("name")) {
            return Expressions.interpolate(step.get("name").asText(), context(contexts, ExpressionContext.Status.SUCCESS, machine));
        }
        return step.has("run") ? "Run " + step.get("run").asText().strip().lines().findFirst().orElse("") : "Run " + step.get("uses").asText();
    }

    static Map<String, String> strings(JsonNode object) {
        Map<String, String> values = new LinkedHashMap<>();
        if (object != null) {
            object.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        }
        return values;
    }

    static ObjectNode toObject(Map<String, String> values) {
        ObjectNode node = NODES.objectNode();
        values.forEach(node::put);
        return node;
    }
}
