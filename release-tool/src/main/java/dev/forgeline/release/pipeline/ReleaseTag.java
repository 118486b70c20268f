package dev.forgeline.release.pipeline;

import dev.forgeline.release.ForgelineException;
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
