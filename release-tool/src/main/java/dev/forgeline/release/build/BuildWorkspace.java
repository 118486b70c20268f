package dev.forgeline.release.build;

import dev.forgeline.release.config.ProjectPaths;
import dev.forgeline.release.config.ReleaseConfig;
import dev.forgeline.release.io.OutputDirectory;
import dev.forgeline.release.rust.CargoProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where one build writes: a private snapshot of the project's sources to build from, a scratch directory, and the
 * staged release directory ({@link OutputDirectory}) that replaces the output only when every stage of the build has
 * succeeded ({@link #commit}).
 */
public final class BuildWorkspace implements AutoCloseable {
    public static final String ARTIFACTS_DIR = "artifacts";

    private final ReleaseConfig config;
    private final OutputDirectory out;
    private final Path sourceRoot;

    private BuildWorkspace(ReleaseConfig config, OutputDirectory out, Path sourceRoot) {
        this.config = config;
        this.out = out;
        this.sourceRoot = sourceRoot;
    }

    /** Stages a new release directory for {@code outDir} and snapshots the project's sources into it. */
    public static BuildWorkspace open(ReleaseConfig config, Path outDir) throws IOException {
        OutputDirectory out = OutputDirectory.open(outDir);
        try {
            Path sourceRoot = out.work().resolve("source");
            SourceSnapshot.copy(config.projectDir(), sourceRoot, outDir);
            return new BuildWorkspace(config, out, sourceRoot);
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /** The staged release directory: the manifest and {@code artifacts/} go here. */
    public Path release() {
        return out.staging();
    }

    public Path artifactsDir() throws IOException {
        return Files.createDirectories(out.staging().resolve(ARTIFACTS_DIR));
    }

    /** Scratch space that {@link #commit} discards: cargo target directories, glibc stubs, logs. */
    public Path work() throws IOException {
        return out.work();
    }

    public Path logs() throws IOException {
        return work().resolve("logs");
    }

    /** The native crate as it is in the snapshot. */
    public CargoProject crate() {
        return CargoProject.read(snapshotOf(config.nativeCrate(), "native.crate"));
    }

    /** The Maven project's root in the snapshot. */
    public Path mavenRoot() {
        return snapshotOf(config.mavenRoot(), "maven.root");
    }

    public Path sourceRoot() {
        return sourceRoot;
    }

    private Path snapshotOf(Path inProject, String field) {
        return sourceRoot.resolve(ProjectPaths.relativeToProject(config, inProject, field).toString());
    }

    /** Moves the staged release into the output directory. */
    public void commit() throws IOException {
        out.commit();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
