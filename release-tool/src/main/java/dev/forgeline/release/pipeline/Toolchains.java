package dev.forgeline.release.pipeline;

import dev.forgeline.release.config.ReleaseConfig;
import dev.forgeline.release.cross.Doctor;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where cross toolchains and emulated JVMs are kept: {@code FORGELINE_TOOLCHAINS} when set (CI caches
 * it between runs), else {@code <project>/.forgeline/toolchains}.
 */
public final class Toolchains {
    public static final String DIR_ENV = "FORGELINE_TOOLCHAINS";

    private Toolchains() {}

    public static Doctor doctor(ReleaseConfig config, Map<String, String> env) {
        String dir = env.get(DIR_ENV);
        Doctor doctor = dir == null || dir.isBlank()
                ? Doctor.forProject(config.projectDir(), config.crossRustc())
                : new Doctor(Path.of(dir), config.crossRustc());
        return doctor.withMaxGlibc(config.binaryPolicy().maxGlibc()).withSmokeOnOlderGlibc(config.smoke().olderGlibc())
                .withDebianMirror(env.get(dev.forgeline.release.cross.OlderDebian.MIRROR_ENV));
    }
}
