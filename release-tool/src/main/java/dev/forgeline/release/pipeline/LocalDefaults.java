package dev.forgeline.release.pipeline;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.config.ReleaseConfig;
import dev.forgeline.release.cross.BuildCapability;
import dev.forgeline.release.cross.Doctor;
import dev.forgeline.release.platform.Target;
import dev.forgeline.release.platform.TargetCatalog;
import dev.forgeline.release.sign.DevelopmentKeys;
import dev.forgeline.release.sign.KeyLoader;
import dev.forgeline.release.sign.KeySources;
import dev.forgeline.release.sign.SecretSource;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** The embedded defaults of {@code release --local}: which targets it builds and which keys it signs with. */
final class LocalDefaults {
    private LocalDefaults() {}

    /**
     * Every target of the matrix this machine can build, as the doctor reports it (natively, or with a cross
     * toolchain whose host packages are installed; the target's std and glibc lists are provisioned into the
     * project's toolchains directory, which needs no root).
     */
    static List<Target> buildableTargets(ReleaseConfig config, Doctor doctor) {
        List<Target> buildable = config.targets().stream().map(TargetCatalog::require)
                .filter(t -> BuildCapability.of(t, doctor).buildable()).toList();
        if (buildable.isEmpty()) {
            throw new ForgelineException(ExitCode.TOOLCHAIN_MISSING, "this machine (" + System.getProperty("os.name") + "/"
                    + System.getProperty("os.arch") + ") can build none of the targets of " + config.sourceFile() + ": "
                    + String.join(", ", config.targets()),
                    "run forgeline doctor to see what each target needs (forgeline doctor --install sets it up)", null);
        }
        return buildable;
    }

    /** The keys named in the environment when both are set, else the project's development keys (made on first use). */
    static KeyLoader keys(ReleaseConfig config, Map<String, String> env, PrintStream progress) {
        KeySources fromEnv = new KeySources(SecretSource.environment(KeySources.PGP_KEY_ENV),
                SecretSource.environment(KeySources.PGP_PASSPHRASE_ENV), SecretSource.environment(KeySources.SIGSTORE_KEY_ENV));
        if (fromEnv.pgpKey().isPresent(env) && fromEnv.sigstoreKey().isPresent(env)) {
            return fromEnv;
        }
        return (environment, clock) -> {
            try {
                return DevelopmentKeys.ensure(config.projectDir(), Clock.systemUTC(), progress).load(environment, clock);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the development keys in " + config.projectDir(), e);
            }
        };
    }
}
