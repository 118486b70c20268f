package dev.forgeline.release.pipeline;

import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.build.SourceInfo;
import dev.forgeline.release.config.ReleaseConfig;
import java.util.Map;
import java.util.Optional;

/**
 * The tag a run releases, when it is a tag build: {@code --tag}, or GitHub Actions' {@code GITHUB_REF} when it is a tag
 * ({@code refs/tags/v0.1.0}). A tag must name the version in the POMs (through release.yaml's {@code project.tagPattern},
 * default {@code v{version}}), else nothing is built: a tag v0.2.0 on a commit whose POM says 0.1.0 would otherwise
 * publish 0.1.0 without a word.
 */
public final class ReleaseTag {
    static final String GITHUB_REF_ENV = "GITHUB_REF";
    private static final String TAG_REF = "refs/tags/";

    private ReleaseTag() {}

    /** The tag of this run: {@code explicit} when given, else a tag ref in {@code GITHUB_REF}; empty otherwise. */
    public static Optional<String> of(String explicit, Map<String, String> env) {
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(explicit.trim());
        }
        String ref = env.get(GITHUB_REF_ENV);
        return ref != null && ref.startsWith(TAG_REF) ? Optional.of(ref.substring(TAG_REF.length())) : Optional.empty();
    }

    /**
     * A tag build releases the tag's commit: the tag must be in the clone (a shallow clone may lack it) and name the
     * commit checked out.
     *
     * @throws ForgelineException {@link dev.forgeline.release.ExitCode#TOOLCHAIN_MISSING} when the clone lacks the tag
     *     or cannot be read, {@link dev.forgeline.release.ExitCode#USAGE} when the tag names another commit
     */
    public static void requireAtCheckout(Optional<String> tag, java.nio.file.Path projectDir, boolean outsideGit) {
        if (tag.isEmpty()) {
            return;
        }
        String head = SourceInfo.gitOrNull(projectDir, "rev-parse", "--verify", "-q", "HEAD");
        if (head == null) {
            if (outsideGit) {
                throw ForgelineException.usage("a tag build (" + tag.get() + ") cannot be made outside git: "
                        + "there is no commit for the tag to name", "build the tag from a git checkout, or drop the tag "
                        + "(--tag, or GITHUB_REF) for a build outside git");
            }
            return; // the source check names what is wrong with the checkout
        }
        String tagged = SourceInfo.gitOrNull(projectDir, "rev-parse", "--verify", "-q", "refs/tags/" + tag.get() + "^{commit}");
        if (tagged == null) {
            boolean shallow = "true".equals(SourceInfo.gitOrNull(projectDir, "rev-parse", "--is-shallow-repository"));
            throw new ForgelineException(dev.forgeline.release.ExitCode.TOOLCHAIN_MISSING, "the tag " + tag.get()
                    + " is not in the clone " + projectDir + (shallow ? " (a shallow clone without its tags)" : ""),
                    "fetch it: git fetch --depth=1 origin tag " + tag.get() + " (with actions/checkout: fetch-depth: 0, "
                            + "or fetch-tags: true); or tag the commit to release: git tag " + tag.get(), null);
        }
        if (!tagged.equals(head)) {
            throw ForgelineException.usage("the tag " + tag.get() + " names commit " + tagged + " but the checkout is at "
                    + head + "; nothing was built", "check out the tag (git checkout " + tag.get() + ") and run again");
        }
    }

    /**
     * @throws ForgelineException {@link dev.forgeline.release.ExitCode#USAGE} when the tag names another version
     */
    public static void requireMatchesVersion(Optional<String> tag, ReleaseConfig config) {
        if (tag.isEmpty() || tag.get().equals(config.expectedTag())) {
            return;
        }
        throw ForgelineException.usage("the tag " + tag.get() + " does not name version " + config.version() + " of "
                + config.sourceFile() + " and the POMs (project.tagPattern " + config.tagPattern() + " expects tag "
                + config.expectedTag() + "); nothing was built",
                "set the version the tag names in the POMs (mvn versions:set -DnewVersion=...) and tag that commit, or "
                        + "tag this commit " + config.expectedTag() + "; project.tagPattern in release.yaml sets the tag's form");
    }
}
