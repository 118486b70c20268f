package dev.forgeline.release.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --from DIR}: the built release a command works on (the directory holding release-manifest.json). */
final class ReleaseDirOption {
    @Option(names = "--from", paramLabel = "DIR", defaultValue = "dist",
            description = "directory holding release-manifest.json (default: ${DEFAULT-VALUE})")
    Path from;

    /** As given on the command line, for messages. */
    Path given() {
        return from;
    }

    Path absolute() {
        return from.toAbsolutePath().normalize();
    }
}
