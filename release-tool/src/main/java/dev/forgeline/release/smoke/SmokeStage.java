package dev.forgeline.release.smoke;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.common.MavenCoordinates;
import dev.forgeline.release.io.FileTrees;
import dev.forgeline.release.io.OutputDirectory;
import dev.forgeline.release.io.ProcessRunner;
import dev.forgeline.release.io.ReproducibleJar;
import dev.forgeline.release.manifest.ManifestStore;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.manifest.TargetId;
import dev.forgeline.release.manifest.ReleaseManifest.Smoke;
import dev.forgeline.release.manifest.ReleaseManifest.SmokeCheck;
import dev.forgeline.release.maven.CredentialsSource;
import dev.forgeline.release.maven.MavenArtifactResolver;
import dev.forgeline.release.maven.RepositoryCredentials;
import dev.forgeline.release.maven.ResolverSupplier;
import dev.forgeline.release.maven.MavenPublisher;
import dev.forgeline.release.maven.PublishRequest;
import dev.forgeline.release.maven.ReleaseFiles;
import dev.forgeline.release.maven.ResolutionRequest;
import dev.forgeline.release.maven.ResolutionResult;
import dev.forgeline.release.platform.Target;
import dev.forgeline.release.platform.TargetCatalog;
import dev.forgeline.release.stage.Stage;
import dev.forgeline.release.stage.StageContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The smoke stage: stages the release in a file repository, then for each built target resolves the
 * native artifact (loader plus platform jars) from that staging repository into an empty local
 * repository, exactly as a consumer would, and runs the harness on the target's JVM. The harness must
 * load the very library the release manifest records. Results go into the manifest (or, on a CI runner,
 * into a results directory that {@code assemble} merges); if any target fails, the stage throws and
 * nothing is published. Targets fan out on the run's executor. Done when every selected built target already has a
 * passed record for its own library and the release's files are intact.
 */
public final class SmokeStage implements Stage<Smoked> {
    /** An emulated JVM takes seconds; a harness still running after this is hung, and fails its target. */
    static final java.time.Duration HARNESS_TIMEOUT = java.time.Duration.ofMinutes(5);

    private final SmokeSubject subject;
    private final Path releaseDir;
    private final Function<Target, List<TargetJvm>> runners;
    private final URI stagingRepository;
    /** Where the login to {@link #stagingRepository} comes from, when it needs one for reads. */
    private final CredentialsSource stagingCredentials;
    private final java.util.Set<TargetId> only;
    /** Where the results go instead of the release's own manifest; null: into the release's manifest. */
    private final Path resultsDir;

    /**
     * @param subject what is tested (the native artifact, its library, the harness)
     * @param runners the JVMs a target is tested on
     */
    public SmokeStage(SmokeSubject subject, Path releaseDir, Function<Target, List<TargetJvm>> runners) {
        this(subject, releaseDir, runners, null, CredentialsSource.environment(), java.util.Set.of(), null);
    }

    private SmokeStage(SmokeSubject subject, Path releaseDir, Function<Target, List<TargetJvm>> runners,
            URI stagingRepository, CredentialsSource stagingCredentials, java.util.Set<TargetId> only, Path resultsDir) {
        this.subject = subject;
        this.releaseDir = releaseDir.toAbsolutePath().normalize();
        this.runners = runners;
        this.stagingRepository = stagingRepository;
        this.stagingCredentials = stagingCredentials;
        this.only = java.util.Set.copyOf(only);
        this.resultsDir = resultsDir;
    }

    /**
     * The same stage resolving from a staging repository that already holds the release (a CI runner smoke-testing
     * what another machine staged) instead of staging the release directory's artifacts into a private one.
     */
    public SmokeStage fromStagingRepository(URI repository) {
        return fromStagingRepository(repository, CredentialsSource.environment());
    }

    /**
     * As {@link #fromStagingRepository(URI)}, logging in to it for reads with the credentials {@code login} names
     * (a settings.xml server, or the environment as for publishing); none found: anonymous.
     */
    public SmokeStage fromStagingRepository(URI repository, CredentialsSource login) {
        return new SmokeStage(subject, releaseDir, runners, repository, login, only, resultsDir);
    }

    /** The same stage for these targets alone (a runner's own); empty: every built target. */
    public SmokeStage onlyTargets(java.util.Set<String> targets) {
        return new SmokeStage(subject, releaseDir, runners, stagingRepository, stagingCredentials,
                targets.stream().map(TargetId::of).collect(Collectors.toSet()), resultsDir);
    }

    /**
     * The same stage writing its results into {@code dir} instead of the release directory, which it leaves as it
     * was (a CI runner's copy of the release): {@code dir/release-manifest.json} holds the smoke-tested targets'
     * records alone, for {@code forgeline assemble RELEASE DIR} to merge.
     */
    public SmokeStage resultsInto(Path dir) {
        Path results = dir.toAbsolutePath().normalize();
        if (results.equals(releaseDir)) {
            throw ForgelineException.usage("--out " + dir + " is the release directory itself",
                    "write the results elsewhere (e.g. --out dist/smoke-<target>), or leave out --out to record them in "
                            + "the release's own manifest");
        }
        return new SmokeStage(subject, releaseDir, runners, stagingRepository, stagingCredentials, only, results);
    }

    @Override
    public String name() {
        return "smoke";
    }

    @Override
    public Optional<Smoked> done(StageContext context) throws IOException {
        if (resultsDir != null) {
            return Optional.empty(); // a runner's results are written anew each time
        }
        ReleaseManifest manifest = ManifestStore.read(releaseDir);
        if (!only.stream().allMatch(manifest.builtTargets()::contains)) {
            return Optional.empty(); // run() says which one is not built
        }
        Map<TargetId, Smoke> recorded = new java.util.TreeMap<>();
        for (Map.Entry<TargetId, ReleaseManifest.TargetRecord> entry : selected(manifest).entrySet()) {
            ReleaseManifest.TargetRecord record = entry.getValue();
            if (record.smoke() == null || record.smoke().status() != Smoke.SmokeStatus.passed
                    || !record.smokeTestedThisLibrary()) {
                return Optional.empty();
            }
            recorded.put(entry.getKey(), record.smoke());
        }
        if (recorded.isEmpty() || !ManifestStore.intact(releaseDir, manifest)) {
            return Optional.empty();
        }
        return Optional.of(new Smoked(manifest, recorded, true));
    }

    /**
     * Runs every selected built target's smoke test and returns the release manifest with the results recorded. The
     * results are written (into the release's manifest, or {@link #resultsInto the results directory}) before a
     * failure is reported, so a failure is always on record.
     */
    @Override
    public Smoked run(StageContext context) throws IOException, InterruptedException {
        ReleaseManifest manifest = ManifestStore.read(releaseDir);
        requireSelectedBuilt(manifest);
        ManifestStore.verifyFiles(releaseDir, manifest);
        if (resultsDir == null) {
            Path work = Files.createTempDirectory(releaseDir, ".smoke-");
            try {
                Map<TargetId, Smoke> results = smokeAll(context, manifest, work);
                ReleaseManifest recorded = SmokeResults.recorded(manifest, results);
                ManifestStore.write(releaseDir, recorded);
                SmokeResults.requireAllPassed(results, releaseDir.resolve(ReleaseManifest.FILE_NAME));
                return new Smoked(recorded, results, false);
            } finally {
                FileTrees.deleteTree(work);
            }
        }
        // The release directory may be a read-only download: the scratch space lives with the results.
        try (OutputDirectory out = OutputDirectory.open(resultsDir)) {
            Map<TargetId, Smoke> results = smokeAll(context, manifest, out.work());
            ReleaseManifest recorded = SmokeResults.recorded(manifest, results);
            ManifestStore.write(out.staging(), SmokeResults.forMerge(recorded, results.keySet()));
            out.commit();
            SmokeResults.requireAllPassed(results, resultsDir.resolve(ReleaseManifest.FILE_NAME));
            return new Smoked(recorded, results, false);
        }
    }

    /** A target asked for by name must be one the release built: testing nothing would look like a pass. */
    private void requireSelectedBuilt(ReleaseManifest manifest) {
        for (TargetId classifier : only) {
            ReleaseManifest.TargetRecord record = manifest.targets().get(classifier);
            if (record == null || record.status() != ReleaseManifest.TargetRecord.Status.built) {
                throw ForgelineException.usage("cannot smoke-test " + classifier + ": the release in " + releaseDir
                        + (record == null ? " does not have it in its matrix" : " did not build it (" + record.reason() + ")"),
                        "smoke-test a built target (built: " + manifest.builtTargets().stream().map(TargetId::classifier)
                                .collect(Collectors.joining(", ")) + "), or build "
                                + classifier + " and assemble it into the release first");
            }
        }
    }

    /** The built targets this run tests, by classifier. */
    private Map<TargetId, ReleaseManifest.TargetRecord> selected(ReleaseManifest manifest) {
        Map<TargetId, ReleaseManifest.TargetRecord> selected = new java.util.TreeMap<>();
        manifest.targets().forEach((classifier, record) -> {
            if (record.status() == ReleaseManifest.TargetRecord.Status.built && (only.isEmpty() || only.contains(classifier))) {
                selected.put(classifier, record);
            }
        });
        return selected;
    }

    /** Smoke-tests the selected built targets on the run's executor; results by classifier. */
    private Map<TargetId, Smoke> smokeAll(StageContext context, ReleaseManifest manifest, Path work)
            throws IOException, InterruptedException {
        URI staging;
        ResolverSupplier parts = new ResolverSupplier();
        if (stagingRepository != null) {
            staging = stagingRepository;
            if (!"file".equals(dev.forgeline.release.common.RepositoryUris.scheme(staging))) {
                RepositoryCredentials login = stagingCredentials.resolve(context.env());
                context.report("smoke", "resolving from " + staging + " (" + login.description() + ")");
                parts = parts.withReadCredentials(staging, login);
            }
        } else {
            Path local = work.resolve("staging-repository");
            stage(manifest, local);
            staging = local.toUri();
        }
        Path harnessJar = writeGenericHarness(work.resolve("forgeline-load-check.jar"), manifest.source().sourceDateEpoch());
        Map<TargetId, ReleaseManifest.TargetRecord> selected = selected(manifest);
        Map<TargetId, List<TargetJvm>> jvmsByTarget = new java.util.TreeMap<>();
        for (TargetId classifier : selected.keySet()) {
            Target target = TargetCatalog.require(classifier.classifier());
            List<TargetJvm> jvms = runners.apply(target);
            if (jvms.isEmpty()) {
                throw new ForgelineException(ExitCode.TOOLCHAIN_MISSING, "no JVM to smoke-test " + target
                        + " on this machine", "run forgeline smoke --target " + target + " on a runner of that platform",
                        null);
            }
            jvmsByTarget.put(classifier, jvms);
        }
        List<TargetId> classifiers = List.copyOf(jvmsByTarget.keySet());
        MavenArtifactResolver resolver = new MavenArtifactResolver(parts);
        List<Smoke> smoked = context.jobs().map(classifiers, classifier -> {
            Target target = TargetCatalog.require(classifier.classifier());
            List<Smoke> runs = new ArrayList<>();
            for (TargetJvm jvm : jvmsByTarget.get(classifier)) {
                context.report("smoke", target + " on " + jvm.name());
                Smoke run = smokeOne(resolver, manifest, target, selected.get(classifier), jvm, staging,
                        work.resolve("local-" + target + "-" + runs.size()), harnessJar);
                context.report("smoke", target + " on " + jvm.name() + ": " + run.status()
                        + (run.seconds() == null ? "" : " in " + run.seconds() + " s"));
                runs.add(run);
            }
            return combine(runs);
        });
        Map<TargetId, Smoke> results = new java.util.TreeMap<>();
        for (int i = 0; i < classifiers.size(); i++) {
            results.put(classifiers.get(i), smoked.get(i));
        }
        return results;
    }

    private void stage(ReleaseManifest manifest, Path staging) {
        new MavenPublisher().publish(new PublishRequest(staging.toUri(), ReleaseFiles.toDeploy(releaseDir, manifest)));
    }

    private Smoke smokeOne(MavenArtifactResolver resolver, ReleaseManifest manifest, Target target, ReleaseManifest.TargetRecord record, TargetJvm jvm,
            URI staging, Path localRepository, Path harnessJar) throws IOException, InterruptedException {
        String version = manifest.project().version();
        ResolutionResult resolved = resolver.resolve(new ResolutionRequest(
                new MavenCoordinates(subject.groupId(), subject.nativeArtifactId(), version, null, "jar"),
                staging, localRepository).withUpstream(subject.upstream()));
        List<String> classPath = new ArrayList<>();
        classPath.add(harnessJar.toString());
        resolved.files().forEach(f -> classPath.add(f.toString()));

        String expectedSha = record.library().sha256();
        List<String> command = new ArrayList<>(jvm.javaCommand());
        command.add("-Dforgeline.native.cache=" + localRepository.resolve("native-cache"));
        command.addAll(List.of("-cp", String.join(java.io.File.pathSeparator, classPath)));
        String harness;
        if (subject.mainClass() != null) {
            harness = subject.mainClass();
            command.addAll(List.of(harness, "--expect-sha256", expectedSha, "--expect-target", record.rustTriple(),
                    "--expect-version", subject.crateVersion()));
        } else {
            harness = LoadCheck.class.getName();
            command.addAll(List.of(harness, subject.libName(), target.classifier(), expectedSha));
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
