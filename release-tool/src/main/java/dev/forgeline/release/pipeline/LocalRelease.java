package dev.forgeline.release.pipeline;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.config.ReleaseConfig;
import dev.forgeline.release.io.FileTrees;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.maven.PublishResult;
import dev.forgeline.release.platform.Target;
import dev.forgeline.release.smoke.SmokeRunners;
import dev.forgeline.release.smoke.SmokeStage;
import dev.forgeline.release.platform.TargetCatalog;
import dev.forgeline.release.sign.DevelopmentKeys;
import dev.forgeline.release.sign.KeySources;
import dev.forgeline.release.sign.SecretSource;
import dev.forgeline.release.sign.SigningKeys;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code forgeline release --local}: the embedded defaults. Builds the host platform (it must be in
 * the matrix), smoke-tests it from a staging repository, signs every artifact (keys from the environment, else
 * the project's development keys, created on first use), exports the public keys to {@code out/keys}, then
 * publishes into {@code out/repository}, a file repository. If the output directory
 * did not exist and the run fails, it does not exist afterwards either.
 */
public final class LocalRelease {
    public static final String REPOSITORY_DIR = "repository";

    public static final String KEYS_DIR = "keys";

    public record Result(ReleaseManifest manifest, PublishResult published) {}

    private final ReleaseConfig config;
    private final Path out;
    private final Map<String, String> env;
    private final PrintStream progress;
    private final KeySources keys;
    private final List<Target> targets;

    /** With the keys named in the environment when both are set, else the project's development keys. */
    public LocalRelease(ReleaseConfig config, Path out, Map<String, String> env, PrintStream progress) {
        this(config, out, env, progress, null);
    }

    /** @param keys where the signing keys come from; null: the environment, else development keys */
    public LocalRelease(ReleaseConfig config, Path out, Map<String, String> env, PrintStream progress, KeySources keys) {
        this(config, out, env, progress, keys, List.of());
    }

    private LocalRelease(ReleaseConfig config, Path out, Map<String, String> env, PrintStream progress, KeySources keys,
            List<Target> targets) {
        this.keys = keys;
        this.targets = List.copyOf(targets);
        this.config = config;
        this.out = out.toAbsolutePath().normalize();
        this.env = Map.copyOf(env);
        this.progress = progress;
    }

    /** The same release for the given targets of the matrix instead of the host alone (cross builds, QEMU smoke tests). */
    public LocalRelease forTargets(List<Target> selected) {
        return new LocalRelease(config, out, env, progress, keys, selected);
    }

    public Result run() throws IOException, InterruptedException {
        List<Target> selected = targets;
        if (selected.isEmpty()) {
            Target host = TargetCatalog.host().orElseThrow(() -> new ForgelineException(ExitCode.TOOLCHAIN_MISSING,
                    "this machine (" + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
                            + ") is not a platform forgeline knows", "run forgeline on one of: "
                            + String.join(", ", TargetCatalog.all().keySet()), null));
            if (!config.targets().contains(host.classifier())) {
                throw new ForgelineException(ExitCode.USAGE, "release --local builds the host platform " + host
                        + ", which is not in the matrix of " + config.sourceFile(),
                        "add " + host + " to targets in release.yaml, or name targets with --target", null);
            }
            selected = List.of(host);
        }
        boolean existed = Files.exists(out);
        try {
            ReleaseManifest built = new ReleaseBuild(config, selected, out, env, progress).run();
            // Nothing is signed or published unless the exact bytes passed their smoke test on the target.
            new SmokeStage(config, out, new SmokeRunners(Toolchains.doctor(config, env))::forTarget, progress).run();
            SigningKeys signingKeys = SigningKeys.load(keySources(), env,
                    // Signatures carry the release's timestamp, like the jars: a rerun writes identical files.
                    Clock.fixed(Instant.ofEpochSecond(built.source().sourceDateEpoch()), ZoneOffset.UTC));
            ReleaseManifest manifest = new SignStage(out, signingKeys.signers(), progress).run().manifest();
            signingKeys.exportPublicKeys(out.resolve(KEYS_DIR));
            progress.println("keys      public keys to verify this release: " + out.resolve(KEYS_DIR));
            Path repository = out.resolve(REPOSITORY_DIR);
            progress.println("publish   " + repository.toUri());
            PublishResult published = new PublishStage(out, repository.toUri()).run();
            return new Result(manifest, published);
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (!existed) {
                FileTrees.deleteTree(out);
            }
            throw e;
        }
    }

    private KeySources keySources() throws IOException {
        if (keys != null) {
            return keys;
        }
        KeySources fromEnv = new KeySources(SecretSource.environment(KeySources.PGP_KEY_ENV),
                SecretSource.environment(KeySources.PGP_PASSPHRASE_ENV), SecretSource.environment(KeySources.SIGSTORE_KEY_ENV));
        if (fromEnv.pgpKey().isPresent(env) && fromEnv.sigstoreKey().isPresent(env)) {
            return fromEnv;
        }
        return DevelopmentKeys.ensure(config.projectDir(), Clock.systemUTC(), progress);
    }
}
