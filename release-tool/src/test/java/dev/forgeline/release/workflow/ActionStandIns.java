package dev.forgeline.release.workflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the {@code uses:} steps do, done by the host for the job (each documented where it differs from the action):
 * <ul>
 *   <li>{@code actions/checkout@v4}: a shallow clone of the test repository at the tag being released, the work
 *       directory then owned by the runner user (uid 1001), as the runner leaves it, also in a container job;</li>
 *   <li>{@code actions/setup-java@v4}: the JDK this test runs on (Java 17, Debian's build on a Debian 12 host, so it
 *       runs in the Debian 12 root), bind-mounted read-only where the tool cache keeps Temurin, with JAVA_HOME and
 *       PATH set as the action sets them; {@code cache: maven} restores {@code ~/.m2/repository} of $HOME;</li>
 *   <li>{@code actions/cache@v4}: see {@link CacheStandIn};</li>
 *   <li>{@code actions/upload-artifact@v4} and {@code actions/download-artifact@v4}: see {@link ArtifactStore}.</li>
 * </ul>
 */
final class ActionStandIns {
    private final Path testRepository;
    private final String tag;
    private final Path jdk;
    private final CacheStandIn caches;
    private final ArtifactStore artifacts;

    ActionStandIns(Path testRepository, String tag, Path jdk, CacheStandIn caches, ArtifactStore artifacts) {
        this.testRepository = testRepository;
        this.tag = tag;
        this.jdk = jdk;
        this.caches = caches;
        this.artifacts = artifacts;
    }

    /** Runs {@code uses} with its {@code with:} inputs; a message for the step's log, or an exception when it fails. */
    String run(String uses, Map<String, String> with, JobMachine machine, Path log) throws IOException, InterruptedException {
        String action = uses.substring(0, uses.indexOf('@'));
        return switch (action) {
            case "actions/checkout" -> checkout(machine, log);
            case "actions/setup-java" -> setupJava(with, machine, log);
            case "actions/cache" -> cache(with, machine, log);
            case "actions/upload-artifact" -> upload(with, machine, log);
            case "actions/download-artifact" -> download(with, machine, log);
            default -> throw new IllegalStateException("no stand-in for " + uses + ": add one to " + getClass().getSimpleName());
        };
    }

    private String checkout(JobMachine machine, Path log) throws IOException, InterruptedException {
        Commands.check(List.of("git", "clone", "--quiet", "--depth", "1", "--branch", tag, "file://" + testRepository,
                machine.hostWorkspace().toString()), null, log);
        Commands.check(List.of("chown", "-R", JobSandbox.RUNNER_UID + ":" + JobSandbox.RUNNER_UID, machine.hostWork.toString()), null, log);
        return "checked out " + tag + " (depth 1) into " + machine.insideWorkspace() + ", owned by uid " + JobSandbox.RUNNER_UID;
    }

    private String setupJava(Map<String, String> with, JobMachine machine, Path log) throws IOException, InterruptedException {
        String version = with.getOrDefault("java-version", "");
        if (!version.equals(Runtime.version().feature() + "")) {
            throw new IllegalStateException("setup-java asks for Java " + version + "; this stand-in has the test's JDK, Java "
                    + Runtime.version().feature());
        }
        String toolCache = machine.container ? "/__t" : "/opt/hostedtoolcache";
        String javaHome = toolCache + "/Java_Temurin-Hotspot_jdk/" + version + "/x64";
        machine.sandbox.bind(jdk, javaHome, true);
        machine.addedEnv.put("JAVA_HOME", javaHome);
        machine.addedEnv.put("JAVA_HOME_" + version + "_X64", javaHome);
        machine.addedPath.add(0, javaHome + "/bin");
        String message = "JDK " + jdk + " at " + javaHome;
        if ("maven".equals(with.get("cache"))) {
            String repository = machine.insideHome + "/.m2/repository";
            Path host = caches.hostDirFor(repository, "setup-java-maven", machine.sandbox.asRunnerUser(), log);
            machine.sandbox.bind(host, repository, false);
            message += "; Maven cache " + host + " at " + repository;
        }
        return message;
    }

    private String cache(Map<String, String> with, JobMachine machine, Path log) throws IOException, InterruptedException {
        String key = require(with, "key");
        StringBuilder message = new StringBuilder();
        for (String path : require(with, "path").strip().split("\n")) {
            String inside = path.strip();
            if (inside.startsWith("~/")) {
                inside = machine.insideHome + inside.substring(1);
            } else if (!inside.startsWith("/")) {
                inside = machine.insideWorkspace() + "/" + inside;
            }
            Path host = caches.hostDirFor(inside, key, machine.sandbox.asRunnerUser(), log);
            machine.sandbox.bind(host, inside, false);
            message.append("cache ").append(key).append(": ").append(host).append(" at ").append(inside).append("; ");
        }
        return message.toString();
    }

    private String upload(Map<String, String> with, JobMachine machine, Path log) throws IOException, InterruptedException {
        String name = require(with, "name");
        String path = require(with, "path").strip();
        if (path.contains("\n") || path.contains("*") || path.startsWith("/")) {
            throw new IllegalStateException("this stand-in uploads one workspace-relative path, not: " + path);
        }
        Path source = machine.hostWorkspace().resolve(path).normalize();
        boolean empty = !Files.exists(source) || Files.isDirectory(source) && isEmpty(source);
        String ifNone = with.getOrDefault("if-no-files-found", "warn");
        if (empty && ifNone.equals("error")) {
            throw new IllegalStateException("No files were found with the provided path: " + path + ". No artifacts will be uploaded.");
        }
        if (empty) {
            return "no files at " + path + ": nothing uploaded (" + ifNone + ")";
        }
        return "uploaded " + name + ": " + artifacts.upload(name, source, log) + " files";
    }

    private String download(Map<String, String> with, JobMachine machine, Path log) throws IOException, InterruptedException {
        Path into = machine.hostWorkspace().resolve(with.getOrDefault("path", ".")).normalize();
        // The action runs as the step user: the directories it makes are that user's (the runner's, off a container).
        Path topCreated = into;
        while (!Files.exists(topCreated.getParent())) {
            topCreated = topCreated.getParent();
        }
        List<String> names;
        if (with.containsKey("name")) {
            artifacts.download(with.get("name"), into, log);
            names = List.of(with.get("name"));
        } else {
            names = artifacts.names(with.getOrDefault("pattern", "*"));
            for (String name : names) {
                artifacts.download(name, into.resolve(name), log);
            }
        }
        if (Files.exists(topCreated)) {
            machine.own(topCreated, log);
        }
        return "downloaded " + names + " into " + machine.hostWorkspace().relativize(into);
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.noneMatch(Files::isRegularFile);
        }
    }

    private static String require(Map<String, String> with, String input) {
        String value = with.get(input);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("input '" + input + "' is required");
        }
        return value;
    }
}
