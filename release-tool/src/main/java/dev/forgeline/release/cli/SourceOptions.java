package dev.forgeline.release.cli;

import dev.forgeline.release.pipeline.ReleaseRunner;
import picocli.CommandLine.Option;

/** What the commands that build share about the source they release: its tag, and whether it may lack a commit. */
final class SourceOptions {
    @Option(names = "--tag", paramLabel = "TAG", description = "the git tag this run releases (default: GITHUB_REF when "
            + "it is a tag); it must name the version in the POMs (project.tagPattern in release.yaml, default v{version}) "
            + "and the commit checked out")
    String tag;

    @Option(names = "--outside-git", description = "build sources that are not a git checkout, on purpose: the manifest "
            + "records no commit and source.outsideGit: true (without it, a source whose commit cannot be read fails)")
    boolean outsideGit;

    /** The runner for these sources. */
    ReleaseRunner applyTo(ReleaseRunner runner) {
        return runner.withTag(tag).withOutsideGit(outsideGit);
    }
}
