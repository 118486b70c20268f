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
import dev.forgeline.release.pipeline.OutputDirectory;
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
 * load the very library the release manifest records. Results go into the manifest (or, on a CI runner,
 * into a results directory that {@code assemble} merges); if any target fails, the stage throws and
 * nothing is published.
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
    /** Where the results go instead of the release's own manifest; null: into the release's manifest. */
    private final Path resultsDir;

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
        this(config, releaseDir, runners, progress, stagingRepository, only, null);
    }

    private SmokeStage(ReleaseConfig config, Path releaseDir, Function<Target, List<TargetJvm>> runners,
            PrintStream progress, URI stagingRepository, java.util.Set<String> only, Path resultsDir) {
        this.resultsDir = resultsDir;
        this.only = java.util.Set.copyOf(only);
        this.config = config;
        this.releaseDir = releaseDir;
        this.runners = runners;
        this.progress = progress;
        this.stagingRepository = stagingRepository;
    }

    /**
     * The same stage writing its results into {@code dir} instead of the release directory, which it leaves as it
     * was (a CI runner's copy of the release): {@code dir/release-manifest.json} holds the smoke-tested targets'
     * records alone, for {@code forgeline assemble RELEASE DIR} to merge.
     */
    public SmokeStage resultsInto(Path dir) {
        Path results = dir.toAbsolutePath().normalize();
        if (results.equals(releaseDir.toAbsolutePath().normalize())) {
            throw ForgelineException.usage("--out " + dir + " is the release directory itself",
                    "write the results elsewhere (e.g. --out dist/smoke-<target>), or leave out --out to record them in "
                            + "the release's own manifest");
        }
        return new SmokeStage(config, releaseDir, runners, progress, stagingRepository, only, results);
    }

    /**
     * Runs every built target's smoke test and returns the release manifest with the results recorded. The results
     * are written (into the release's manifest, or {@link #resultsInto the results directory}) before a failure is
     * reported, so a failure is always on record.
     */
    public ReleaseManifest run() throws IOException, InterruptedException {
        ReleaseManifest manifest = ManifestStore.read(releaseDir);
        ManifestStore.verifyFiles(releaseDir, manifest);
        if (resultsDir == null) {
            Path work = Files.createTempDirectory(releaseDir, ".smoke-");
            try {
                Map<String, Smoke> results = smokeAll(manifest, work);
                ReleaseManifest recorded = SmokeResults.recorded(manifest, results);
                ManifestStore.write(releaseDir, recorded);
                SmokeResults.requireAllPassed(results, releaseDir.resolve(ReleaseManifest.FILE_NAME));
                return recorded;
            } finally {
                FileTrees.deleteTree(work);
            }
        }
        // The release directory may be a read-only download: the scratch space lives with the results.
        try (OutputDirectory out = OutputDirectory.open(resultsDir)) {
            Map<String, Smoke> results = smokeAll(manifest, out.work());
            ReleaseManifest recorded = SmokeResults.recorded(manifest, results);
            ManifestStore.write(out.staging(), SmokeResults.forMerge(recorded, results.keySet()));
            out.commit();
            SmokeResults.requireAllPassed(results, resultsDir.resolve(ReleaseManifest.FILE_NAME));
            return recorded;
        }
    }

    /** Smoke-tests the selected built targets in parallel (bounded by the cores); results by classifier. */
    private Map<String, Smoke> smokeAll(ReleaseManifest manifest, Path work) throws IOException, InterruptedException {
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
                pending.put(entry.getKey(), pool.submit(() -> {
                    List<Smoke> runs = new ArrayList<>();
                    for (TargetJvm jvm : jvms) {
                        progress.println("smoke     " + target + " on " + jvm.name());
                        Smoke run = smokeOne(manifest, target, record, jvm, staging,
                                work.resolve("local-" + target + "-" + runs.size()), harnessJar, libName);
                        progress.println("smoke     " + target + " on " + jvm.name() + ": " + run.status()
                                + (run.seconds() == null ? "" : " in " + run.seconds() + " s"));
                        runs.add(run);
                    }
                    return combine(runs);
                }));
            }
            Map<String, Smoke> results = new java.util.TreeMap<>();
            for (Map.Entry<String, java.util.concurrent.Future<Smoke>> done : pending.entrySet()) {
                results.put(done.getKey(), Parallelism.await(done.getValue()));
            }
            return results;
        } finally {
            pool.shutdownNow();
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
