package dev.forgeline.release.config;

import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.config.ReleaseConfig;
import java.nio.file.Path;

/** Paths of the configuration, relative to the project, so they can be found again in a source snapshot. */
public final class ProjectPaths {
    private ProjectPaths() {}

    public static Path relativeToProject(ReleaseConfig config, Path path, String field) {
        Path project = config.projectDir().toAbsolutePath().normalize();
        Path absolute = path.toAbsolutePath().normalize();
        if (!absolute.startsWith(project)) {
            throw ForgelineException.usage(field + " (" + absolute + ") lies outside the project directory " + project,
                    "keep the crate and the Maven project inside the directory of release.yaml");
        }
        return project.relativize(absolute);
    }
}
