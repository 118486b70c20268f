package dev.forgeline.release.smoke;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.build.CargoProject;
import dev.forgeline.release.build.ProcessRunner;
import dev.forgeline.release.build.ReproducibleJar;
import dev.forgeline.release.config.ReleaseConfig;
import dev.forgeline.release.io.FileTrees;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.manifest.ReleaseManifest.Smoke;
import dev.forgeline.release.manifest.ReleaseManifest.SmokeCheck;
import dev.forgeline.release.maven.MavenArtifactResolver;
import dev.forgeline.release.maven.MavenCoordinates;
import dev.forgeline.release.maven.MavenPublisher;
import dev.forgeline.release.maven.PublishRequest;
import dev.forgeline.release.maven.ResolutionRequest;
import dev.forgeline.release.maven.ResolutionResult;
import dev.forgeline.release.pipeline.Parallelism;
import dev.forgeline.release.pipeline.PublishStage;
import dev.forgeline.release.platform.Target;
import dev.forgeline.release.platform.TargetCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The smoke stage: stages the release in a file repository, then for each built target resolves the
 * native artifact (loader plus platform jars) from that staging repository into an empty local
 * repository, exactly as a consumer would, and runs the harness on the target's JVM. The harness must
 * load the very library the release manifest records. Results go into the manifest; if any target
 * fails, the stage throws and nothing is published.
 */
public final class SmokeStage {
    private final ReleaseConfig config;
    private final Path releaseDir;
    /** An emulated JVM takes seconds; a harness still running after this is hung, and fails its target. */
    static final java.time.Duration HARNESS_TIMEOUT = java.time.Duration.ofMinutes(5);

    private final Function<Target, List<TargetJvm>> runners;
    private final PrintStream progress;
    private final URI stagingRepository;
    private final java.util.Set<String> only;

    public SmokeStage(ReleaseConfig config, Path releaseDir, Function<Target, List<TargetJvm>> runners,
            PrintStream progress) {
        this(config, releaseDir, runners, progress, null);
    }

    /**
     * @param stagingRepository a staging repository that already holds the release (a CI runner smoke-testing
     *     what another machine staged); null: stage the release directory's artifacts into a private one
     */
    public SmokeStage(ReleaseConfig config, Path releaseDir, Function<Target, List<TargetJvm>> runners,
            PrintStream progress, URI stagingRepository) {
        this(config, releaseDir, runners, progress, stagingRepository, java.util.Set.of());
    }

    /** @param only the targets to smoke-test (a runner's own); empty: every built target */
    public SmokeStage(ReleaseConfig config, Path releaseDir, Function<Target, List<TargetJvm>> runners,
            PrintStream progress, URI stagingRepository, java.util.Set<String> only) {
        this.only = java.util.Set.copyOf(only);
        this.config = config;
        this.releaseDir = releaseDir;
        this.runners = runners;
        this.progress = progress;
        this.stagingRepository = stagingRepository;
    }

    /** Runs every built target's smoke test and returns the manifest with the results recorded. */
    public ReleaseManifest run() throws IOException, InterruptedException {
        ReleaseManifest manifest = ManifestStore.read(releaseDir);
        ManifestStore.verifyFiles(releaseDir, manifest);
        Path work = Files.createTempDirectory(releaseDir, ".smoke-");
        try {
            URI staging;
            if (stagingRepository != null) {
                staging = stagingRepository;
            } else {
                Path local = work.resolve("staging-repository");
                stage(manifest, local);
                staging = local.toUri();
            }
            String libName = CargoProject.read(config.nativeCrate()).libName();
            Path harnessJar = writeGenericHarness(work.resolve("forgeline-load-check.jar"), manifest.source().sourceDateEpoch());
            // Targets are independent: their runs go in parallel, bounded by the cores (Parallelism).
            Map<String, java.util.concurrent.Future<Smoke>> pending = new java.util.TreeMap<>();
            java.util.concurrent.ExecutorService pool = Parallelism.pool(manifest.targets().size());
            try {
                for (Map.Entry<String, ReleaseManifest.TargetRecord> entry : manifest.targets().entrySet()) {
                    ReleaseManifest.TargetRecord record = entry.getValue();
                    if (record.status() != ReleaseManifest.TargetRecord.Status.built
                            || (!only.isEmpty() && !only.contains(entry.getKey()))) {
                        continue;
                    }
                    Target target = TargetCatalog.byClassifier(entry.getKey()).orElseThrow();
                    List<TargetJvm> jvms = runners.apply(target);
                    if (jvms.isEmpty()) {
                        throw new ForgelineException(ExitCode.TOOLCHAIN_MISSING, "no JVM to smoke-test " + target
                                + " on this machine", "run forgeline smoke --target " + target + " on a runner of that platform",
                                null);
                    }
                    ReleaseManifest staged = manifest;
                    pending.put(entry.getKey(), pool.submit(() -> {
                        List<Smoke> runs = new ArrayList<>();
                        for (TargetJvm jvm : jvms) {
                            progress.println("smoke     " + target + " on " + jvm.name());
                            runs.add(smokeOne(staged, target, record, jvm, staging,
                                    work.resolve("local-" + target + "-" + runs.size()), harnessJar, libName));
                        }
                        return combine(runs);
                    }));
                }
                List<String> failures = new ArrayList<>();
                for (Map.Entry<String, java.util.concurrent.Future<Smoke>> done : pending.entrySet()) {
                    Smoke smoke = Parallelism.await(done.getValue());
                    manifest = manifest.withTarget(done.getKey(), manifest.targets().get(done.getKey()).withSmoke(smoke));
                    if (smoke.status() == Smoke.SmokeStatus.failed) {
                        failures.add(done.getKey() + ": " + smoke.checks().stream().filter(c -> !c.passed())
                                .map(c -> c.name() + " (" + c.detail() + ")").collect(Collectors.joining("; ")));
                    }
                }
                ManifestStore.write(releaseDir, manifest);
                if (!failures.isEmpty()) {
                    throw new ForgelineException(ExitCode.CHECK_FAILED, "smoke test failed, nothing was published:\n  "
                            + String.join("\n  ", failures), "the results are in " + releaseDir.resolve(ReleaseManifest.FILE_NAME),
                            null);
                }
            } finally {
                pool.shutdownNow();
            }
            return manifest;
        } finally {
            FileTrees.deleteTree(work);
        }
    }

    private void stage(ReleaseManifest manifest, Path staging) {
        new MavenPublisher().publish(new PublishRequest(staging.toUri(), PublishStage.publishedArtifacts(releaseDir, manifest)));
    }

    private Smoke smokeOne(ReleaseManifest manifest, Target target, ReleaseManifest.TargetRecord record, TargetJvm jvm,
            URI staging, Path localRepository, Path harnessJar, String libName) throws IOException, InterruptedException {
        String version = manifest.project().version();
        ResolutionResult resolved = new MavenArtifactResolver().resolve(new ResolutionRequest(
                new MavenCoordinates(config.groupId(), config.nativeArtifactId(), version, null, "jar"),
                staging, localRepository).withUpstream(config.smoke().upstream()));
        List<String> classPath = new ArrayList<>();
        classPath.add(harnessJar.toString());
        resolved.files().forEach(f -> classPath.add(f.toString()));

        String expectedSha = record.library().sha256();
        List<String> command = new ArrayList<>(jvm.javaCommand());
        command.add("-Dforgeline.native.cache=" + localRepository.resolve("native-cache"));
        command.addAll(List.of("-cp", String.join(java.io.File.pathSeparator, classPath)));
        String harness;
        if (config.smoke().mainClass() != null) {
            harness = config.smoke().mainClass();
            command.addAll(List.of(harness, "--expect-sha256", expectedSha, "--expect-target", record.rustTriple(),
                    "--expect-version", CargoProject.read(config.nativeCrate()).version()));
        } else {
            harness = LoadCheck.class.getName();
            command.addAll(List.of(harness, libName, target.classifier(), expectedSha));
        }
        Path log = localRepository.resolve("smoke.log");
        long started = System.nanoTime();
        ProcessRunner.Result result = ProcessRunner.run(command, localRepository, Map.of(), log, HARNESS_TIMEOUT);
        double seconds = Math.round((System.nanoTime() - started) / 1e8) / 10.0;
        HarnessOutput output = HarnessOutput.parse(result.output());
        List<SmokeCheck> checks = new ArrayList<>(output.checks());
        boolean digestMatches = expectedSha.equals(output.loadedSha256());
        checks.add(new SmokeCheck("release-digest", digestMatches, digestMatches
                ? "the harness loaded " + expectedSha
                : "the harness loaded " + output.loadedSha256() + ", the release manifest records " + expectedSha));
        boolean passed = result.exitCode() == 0 && output.summaryPassed() && digestMatches
                && checks.stream().allMatch(SmokeCheck::passed);
        if (!passed && result.exitCode() != 0 && output.checks().isEmpty()) {
            checks.add(new SmokeCheck("harness", false, "exited with " + result.exitCode() + ": " + result.tail(15)));
        }
        return new Smoke(passed ? Smoke.SmokeStatus.passed : Smoke.SmokeStatus.failed, jvm.name(), harness,
                output.loadedSha256(), checks, seconds);
    }

    /** One record for all runs of a target: failed if any failed; checks named by runner when there are several. */
    static Smoke combine(List<Smoke> runs) {
        if (runs.size() == 1) {
            return runs.get(0);
        }
        List<SmokeCheck> checks = new ArrayList<>();
        for (Smoke run : runs) {
            run.checks().forEach(c -> checks.add(new SmokeCheck(run.runner() + ": " + c.name(), c.passed(), c.detail())));
        }
        boolean passed = runs.stream().allMatch(r -> r.status() == Smoke.SmokeStatus.passed);
        String sha = runs.stream().map(Smoke::testedSha256).distinct().count() == 1 ? runs.get(0).testedSha256() : null;
        return new Smoke(passed ? Smoke.SmokeStatus.passed : Smoke.SmokeStatus.failed,
                runs.stream().map(Smoke::runner).collect(Collectors.joining(", ")), runs.get(0).harness(), sha, checks,
                runs.stream().mapToDouble(r -> r.seconds() == null ? 0 : r.seconds()).sum());
    }

    /** Packages {@link LoadCheck} (a single JDK-only class) as a jar for the target JVM. */
    static Path writeGenericHarness(Path jar, long epoch) throws IOException {
        String entry = LoadCheck.class.getName().replace('.', '/') + ".class";
        byte[] bytes;
        try (InputStream in = LoadCheck.class.getClassLoader().getResourceAsStream(entry)) {
            if (in == null) {
                throw new IOException("cannot read " + entry + " from forgeline's own class path");
            }
            bytes = in.readAllBytes();
        }
        new ReproducibleJar(epoch)
                .add("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\nCreated-By: Forgeline\r\n\r\n".getBytes(
                        java.nio.charset.StandardCharsets.UTF_8))
                .add(entry, bytes)
                .writeTo(jar);
        return jar;
    }

}
