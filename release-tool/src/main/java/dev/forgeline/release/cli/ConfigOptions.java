package dev.forgeline.release.cli;

import dev.forgeline.release.config.ReleaseConfig;
import dev.forgeline.release.config.ReleaseConfigLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command shares: where release.yaml is. */
final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "release configuration (default: ./release.yaml)")
    Path config;

    ReleaseConfig load() {
        ReleaseConfigLoader loader = new ReleaseConfigLoader();
        return config == null ? loader.loadFromProject(Path.of("").toAbsolutePath()) : loader.load(config);
    }
}
