package dev.forgeline.release.pipeline;

import dev.forgeline.release.config.ReleaseConfig;
import dev.forgeline.release.cross.Doctor;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where cross toolchains, emulated JVMs and third-party Maven files are kept: {@code FORGELINE_TOOLCHAINS} when set
 * (CI caches it between runs), else {@code <project>/.forgeline/toolchains}.
 */
public final class Toolchains {
    public static final String DIR_ENV = "FORGELINE_TOOLCHAINS";

    private Toolchains() {}

    /** The directory itself: {@code FORGELINE_TOOLCHAINS}, else {@code <project>/.forgeline/toolchains}. */
    public static Path dir(ReleaseConfig config, Map<String, String> env) {
        String dir = env.get(DIR_ENV);
        return dir == null || dir.isBlank() ? config.projectDir().resolve(".forgeline").resolve("toolchains") : Path.of(dir);
    }

    /** Third-party Maven files kept between runs ({@code maven.UpstreamCache}), beside the toolchains. */
    public static Path mavenUpstreamCache(ReleaseConfig config, Map<String, String> env) {
        return dir(config, env).resolve("maven-upstream");
    }

    public static Doctor doctor(ReleaseConfig config, Map<String, String> env) {
        String dir = env.get(DIR_ENV);
        Doctor doctor = dir == null || dir.isBlank()
                ? Doctor.forProject(config.projectDir(), config.crossRustc())
                : new Doctor(Path.of(dir), config.crossRustc());
        return doctor.withMaxGlibc(config.binaryPolicy().maxGlibc()).withSmokeOnOlderGlibc(config.smoke().olderGlibc())
                .withDebianMirror(env.get(dev.forgeline.release.cross.OlderDebian.MIRROR_ENV));
    }
}
