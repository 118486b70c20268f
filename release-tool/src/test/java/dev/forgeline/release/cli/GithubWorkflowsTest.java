package dev.forgeline.release.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.forgeline.release.config.ReleaseConfig;
import dev.forgeline.release.config.ReleaseConfigLoader;
import dev.forgeline.release.sign.KeySources;
import dev.forgeline.release.testing.CliRun;
import dev.forgeline.release.testing.TestProjects;
import dev.forgeline.release.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The workflows in .github/workflows, checked without GitHub: against SchemaStore's schema (action-validator) and by
 * GitHub's own parser, and, for the release workflow, against the CLI it drives: every forgeline command line parses
 * with the real picocli model, and the matrices are the ones plan prints.
 */
class GithubWorkflowsTest {
    private static final Path WORKFLOWS = TestProjects.repositoryRoot().resolve(".github/workflows");
    private static final Path RELEASE = WORKFLOWS.resolve("release.yml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern FORGELINE = Pattern.compile("(?<![\\w/.])\\./forgeline\\b");
    private static final Pattern MATRIX_KEY = Pattern.compile("\\bmatrix\\.([A-Za-z0-9_-]+)");

    @Test
    void everyWorkflow_passesActionValidator() throws Exception {
        Tools.requireWorkflowValidators();
        for (Path workflow : workflows()) {
            Tools.Run run = Tools.run(Tools.NODE_DIR, Map.of("FORCE_COLOR", "0"), List.of("node",
                    "node_modules/@action-validator/cli/cli.mjs", workflow.toString()));
            assertEquals(0, run.exitCode(), workflow + ":\n" + run.output());
        }
    }

    @Test
    void everyWorkflow_passesGithubsWorkflowParser() throws Exception {
        Tools.requireWorkflowValidators();
        List<String> command = new ArrayList<>(List.of("node", "validate-workflows.mjs"));
        workflows().forEach(w -> command.add(w.toString()));
        Tools.Run run = Tools.run(Tools.NODE_DIR, Map.of(), command);
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(workflows().size(), run.output().lines().filter(l -> l.startsWith("OK ")).count(), run.output());
    }

    @Test
    void releaseWorkflow_everyForgelineCommandLineParsesWithTheCli() throws Exception {
        List<List<String>> invocations = forgelineInvocations(YAML.readTree(RELEASE.toFile()));
        Set<String> subcommands = new TreeSet<>();
        for (List<String> args : invocations) {
            try {
                CommandLine.ParseResult parsed = ForgelineCli.commandLine().parseArgs(args.toArray(String[]::new));
                assertTrue(parsed.hasSubcommand(), "no command: ./forgeline " + String.join(" ", args));
                subcommands.add(parsed.subcommand().commandSpec().name());
            } catch (CommandLine.ParameterException e) {
                fail("release.yml runs ./forgeline " + String.join(" ", args) + ", which the CLI refuses: " + e.getMessage());
            }
        }
        assertEquals(new TreeSet<>(List.of("assemble", "build", "doctor", "plan", "publish", "sign", "smoke", "stage", "verify")),
                subcommands, "the release flow, every stage of it");
    }

    @Test
    void releaseWorkflow_signAttestsFromTheCheckoutsConfig_andVerifyRequiresProvenanceNamingThisWorkflow() throws Exception {
        JsonNode publish = YAML.readTree(RELEASE.toFile()).path("jobs").path("publish");
        List<List<String>> invocations = forgelineInvocations(publish);
        List<String> sign = invocations.stream().filter(a -> a.get(0).equals("sign")).findFirst().orElseThrow();
        assertTrue(sign.contains("--config"), "sign attests and reads release.yaml for it: " + sign);
        List<String> verify = invocations.stream().filter(a -> a.get(0).equals("verify")).findFirst().orElseThrow();
        for (String option : List.of("--require-provenance", "--require-sbom", "--builder-id", "--source-uri", "--source-tag")) {
            assertTrue(verify.contains(option), "verify " + option + ": " + verify);
        }
        String script = String.join("\n", publish.findValuesAsText("run"));
        assertTrue(script.contains("--builder-id \"$GITHUB_SERVER_URL/$GITHUB_WORKFLOW_REF\""),
                "the builder id is the workflow's identity, as attest writes it: " + script);
        assertTrue(publish.path("steps").findValuesAsText("uses").contains("actions/checkout@v4"),
                "the checkout holds the release.yaml sign reads");
    }

    @Test
    void releaseWorkflow_matricesComeFromPlan_andUseOnlyKeysPlanPrints() throws Exception {
        JsonNode workflow = YAML.readTree(RELEASE.toFile());
        JsonNode jobs = workflow.get("jobs");
        assertEquals("${{ fromJSON(needs.plan.outputs.build-matrix) }}", jobs.at("/build/strategy/matrix").asText());
        assertEquals("${{ fromJSON(needs.plan.outputs.smoke-matrix) }}", jobs.at("/smoke-runner/strategy/matrix").asText());
        assertEquals("${{ steps.plan.outputs.build-matrix }}", jobs.at("/plan/outputs/build-matrix").asText());
        assertEquals("${{ steps.plan.outputs.smoke-matrix }}", jobs.at("/plan/outputs/smoke-matrix").asText());
        List<List<String>> planRuns = forgelineInvocations(jobs.get("plan")).stream()
                .filter(a -> a.get(0).equals("plan")).toList();
        assertEquals(List.of(List.of("plan", "--github-matrix", "build"), List.of("plan", "--github-matrix", "smoke")), planRuns);

        Path config = TestProjects.repositoryRoot().resolve("release.yaml");
        JsonNode build = plan(config, "build");
        JsonNode smoke = plan(config, "smoke");
        ReleaseConfig release = new ReleaseConfigLoader().load(config);
        List<String> builtTargets = new ArrayList<>();
        List<String> runnerTargets = new ArrayList<>();
        Set<String> keys = new TreeSet<>();
        for (JsonNode entry : build.get("include")) {
            builtTargets.add(entry.get("target").asText());
            entry.fieldNames().forEachRemaining(keys::add);
            if (entry.get("smoke").asText().equals("runner")) {
                runnerTargets.add(entry.get("target").asText());
            }
        }
        assertEquals(release.targets(), builtTargets, "the build matrix is release.yaml's");
        assertEquals(runnerTargets, smoke.findValuesAsText("target"), "the smoke matrix is the runner-only targets");
        assertFalse(runnerTargets.isEmpty(), "release.yaml has macOS and Windows targets: the smoke-runner job runs");

        for (String job : List.of("build", "smoke-runner")) {
            Matcher used = MATRIX_KEY.matcher(YAML.writeValueAsString(jobs.get(job)));
            while (used.find()) {
                assertTrue(keys.contains(used.group(1)), job + " uses matrix." + used.group(1) + ", which plan does not print: "
                        + keys);
            }
        }
    }

    @Test
    void everyWorkflow_readOnlyToken_actionsPinnedToAMajorVersion_secretsOnlyInTheSigningEnvironment() throws Exception {
        Set<String> signingVariables = Set.of(KeySources.PGP_KEY_ENV, KeySources.PGP_PASSPHRASE_ENV, KeySources.SIGSTORE_KEY_ENV);
        for (Path file : workflows()) {
            JsonNode workflow = YAML.readTree(file.toFile());
            assertEquals("read", workflow.at("/permissions/contents").asText(), file + ": permissions");
            assertEquals(1, workflow.get("permissions").size(), file + ": contents: read, nothing more");
            for (JsonNode job : workflow.get("jobs")) {
                for (JsonNode step : job.path("steps")) {
                    if (step.has("uses")) {
                        assertTrue(step.get("uses").asText().matches("[\\w.-]+/[\\w.-]+@v\\d+"), file + ": " + step.get("uses"));
                    }
                    assertFalse(step.path("run").asText().contains("secrets."), file + ": a secret on a command line: "
                            + step.get("run"));
                    step.path("env").fields().forEachRemaining(env -> {
                        if (env.getValue().asText().contains("secrets.")) {
                            assertTrue(signingVariables.contains(env.getKey()), file + ": secret in " + env.getKey());
                            assertEquals("release", job.path("environment").asText(), file + ": signing keys outside the "
                                    + "release environment");
                        }
                    });
                }
            }
        }
    }

    @Test
    void everyWorkflow_containerJobsRunningMaven_cacheRootsMavenRepository() throws Exception {
        // In a container Maven runs as root and writes /root/.m2 (user.home), not $HOME/.m2, which setup-java's
        // cache: maven saves; ReleaseWorkflowRunTest checks the same thing by running the jobs.
        int checked = 0;
        for (Path file : workflows()) {
            JsonNode jobs = YAML.readTree(file.toFile()).get("jobs");
            for (var job : (Iterable<Map.Entry<String, JsonNode>>) jobs::fields) {
                JsonNode steps = job.getValue().path("steps");
                boolean container = job.getValue().has("container");
                boolean maven = steps.findValues("run").stream().anyMatch(r -> r.asText().contains("./forgeline")
                        || r.asText().contains(".ci/test"));
                if (!container || !maven) {
                    continue;
                }
                checked++;
                boolean cached = false;
                for (JsonNode step : steps) {
                    if (step.path("uses").asText().startsWith("actions/cache@")
                            && step.at("/with/path").asText().lines().anyMatch(p -> p.strip().equals("/root/.m2/repository"))) {
                        cached = true;
                    }
                }
                assertTrue(cached, file.getFileName() + " job " + job.getKey() + " runs Maven as root in a container without an "
                        + "actions/cache step on /root/.m2/repository");
            }
        }
        assertEquals(4, checked, "build, stage, smoke-linux and ci's test run Maven in a container");
    }

    private static JsonNode plan(Path config, String kind) throws IOException {
        CliRun run = CliRun.of("plan", "--config", config.toString(), "--github-matrix", kind);
        assertEquals(0, run.exitCode(), run.err());
        return new ObjectMapper().readTree(run.out());
    }

    private static List<Path> workflows() throws IOException {
        try (Stream<Path> files = Files.list(WORKFLOWS)) {
            List<Path> found = files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted().toList();
            assertTrue(found.contains(RELEASE), "no release workflow in " + WORKFLOWS);
            return found;
        }
    }

    /** The arguments of every {@code ./forgeline} command line in the {@code run:} scripts under {@code node}. */
    static List<List<String>> forgelineInvocations(JsonNode node) {
        List<List<String>> invocations = new ArrayList<>();
        for (JsonNode run : node.findValues("run")) {
            String script = run.asText().replace("\\\n", " ");
            Matcher m = FORGELINE.matcher(script);
            while (m.find()) {
                invocations.add(ShellWords.until(script, m.end()));
            }
        }
        return invocations;
    }

    /**
     * Just enough of shell word splitting for a workflow's command lines: quotes, and the end of a command at a shell
     * operator. A variable stands for a value ({@code X}); {@code "${targets[@]}"} for a list of {@code --target}s.
     */
    static final class ShellWords {
        private static final Pattern VARIABLE = Pattern.compile("\\$\\{\\{[^}]*}}|\\$\\{?[A-Za-z_][A-Za-z0-9_]*}?");

        static List<String> until(String script, int from) {
            List<String> words = new ArrayList<>();
            StringBuilder word = null;
            char quote = 0;
            for (int i = from; i < script.length(); i++) {
                char c = script.charAt(i);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    } else {
                        word.append(c);
                    }
                } else if (c == '"' || c == '\'') {
                    quote = c;
                    word = word == null ? new StringBuilder() : word;
                } else if (Character.isWhitespace(c) && c != '\n') {
                    word = add(words, word);
                } else if ("\n;|&)<>".indexOf(c) >= 0) {
                    break;
                } else {
                    word = word == null ? new StringBuilder() : word;
                    word.append(c);
                }
            }
            add(words, word);
            return words;
        }

        private static StringBuilder add(List<String> words, StringBuilder word) {
            if (word != null) {
                String text = word.toString();
                if (text.equals("${targets[@]}")) {
                    words.addAll(List.of("--target", "linux-x86_64"));
                } else {
                    words.add(VARIABLE.matcher(text).replaceAll("X"));
                }
            }
            return null;
        }
    }
}
