package dev.forgeline.release.build;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.io.ProcessRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where the release comes from: the commit (null only for a build deliberately made outside git), whether the working
 * tree differed from it, and the SOURCE_DATE_EPOCH every timestamp in the release is derived from.
 */
public record SourceInfo(String commit, boolean dirty, long sourceDateEpoch, boolean outsideGit) {

    /** Fallback epoch outside git: 2026-01-01T00:00:00Z, so builds stay reproducible. */
    static final long DEFAULT_EPOCH = 1767225600L;

    /** The option that allows a build outside git, as the CLI spells it (named in the error that asks for it). */
    public static final String OUTSIDE_GIT_OPTION = "--outside-git";

    public SourceInfo {
        if (outsideGit && commit != null) {
            throw new IllegalArgumentException("a build outside git has no commit");
        }
    }

    /** The source of a build from a commit ({@code commit} null only in tests that build outside git). */
    public SourceInfo(String commit, boolean dirty, long sourceDateEpoch) {
        this(commit, dirty, sourceDateEpoch, false);
    }

    /**
     * Reads the git state of {@code dir}. SOURCE_DATE_EPOCH from the environment wins, as the reproducible-builds
     * convention says; otherwise the commit time.
     *
     * @param outsideGitAllowed whether a directory without a readable commit may be built ({@value #OUTSIDE_GIT_OPTION});
     *     otherwise a release never goes without its source identity
     * @throws ForgelineException {@link ExitCode#TOOLCHAIN_MISSING} when the commit cannot be read and that is not allowed,
     *     with git's words and the fix
     */
    public static SourceInfo of(Path dir, Map<String, String> env, boolean outsideGitAllowed) {
        String commit = gitOrNull(dir, "rev-parse", "HEAD");
        if (commit == null) {
            requireNoRefusedRepository(dir);
            if (!outsideGitAllowed) {
                throw noCommit(dir);
            }
        }
        boolean dirty = false;
        if (commit != null) {
            String status = gitOrNull(dir, "status", "--porcelain", "--untracked-files=no");
            dirty = status != null && !status.isEmpty();
        }
        long epoch;
        String fromEnv = env.get("SOURCE_DATE_EPOCH");
        if (fromEnv != null && fromEnv.matches("\\d+")) {
            epoch = Long.parseLong(fromEnv);
        } else if (commit != null) {
            String time = gitOrNull(dir, "log", "-1", "--format=%ct");
            epoch = time != null && time.matches("\\d+") ? Long.parseLong(time) : DEFAULT_EPOCH;
        } else {
            epoch = DEFAULT_EPOCH;
        }
        return new SourceInfo(commit, dirty, epoch, commit == null);
    }

    /** Why no commit could be read (git's own words where it has any), and the two ways on. */
    private static ForgelineException noCommit(Path dir) {
        String why;
        try {
            ProcessRunner.query(List.of("git", "-C", dir.toString(), "rev-parse", "HEAD"), Map.of());
            why = "git reads no commit";
        } catch (Exception e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            why = message.contains("No such file") || message.contains("Cannot run program") ? "git is not installed"
                    : message.lines().filter(l -> l.contains("fatal:")).findFirst()
                            .map(l -> "git says: " + l.substring(l.indexOf("fatal:")).trim()).orElse("git reads no commit");
        }
        return new ForgelineException(ExitCode.TOOLCHAIN_MISSING, dir + " has no commit to release (" + why
                + "): the release would not record where it comes from",
                "build from a git checkout of the commit to release (install git; in CI, check the repository out with "
                        + "git, not as an archive), or pass " + OUTSIDE_GIT_OPTION + " to build outside git on purpose "
                        + "(the manifest then records source.outsideGit: true and no commit)", null);
    }

    /**
     * A checkout git refuses to read (owned by another user, as a CI runner's workspace is inside a container) must not
     * pass for a directory outside git: the release would record no commit, a fallback timestamp, and runners'
     * builds of one commit would no longer merge.
     *
     * @throws ForgelineException {@link ExitCode#TOOLCHAIN_MISSING} with git's words and the fix
     */
    static void requireNoRefusedRepository(Path dir) {
        String answer;
        try {
            ProcessRunner.query(List.of("git", "-C", dir.toString(), "rev-parse", "--git-dir"), Map.of());
            return; // a repository without commits yet, or git is fine: nothing is hidden
        } catch (Exception e) {
            answer = e.getMessage() == null ? "" : e.getMessage();
        }
        if (answer.contains("dubious ownership") || answer.contains("safe.directory")) {
            throw new ForgelineException(ExitCode.TOOLCHAIN_MISSING, "git refuses to read the checkout " + dir
                    + " (another user owns it), so the release would not know its commit: "
                    + answer.substring(answer.indexOf(':') + 1).trim().lines().findFirst().orElse(""),
                    "trust the checkout first: git config --global --add safe.directory " + dir
                            + " (in a GitHub Actions container job: \"$GITHUB_WORKSPACE\")", null);
        }
    }

    /** What git prints for {@code args} in {@code dir}, or null when it fails (not a checkout, no such ref, no git). */
    public static String gitOrNull(Path dir, String... args) {
        try {
            List<String> command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
            command.addAll(List.of(args));
            return ProcessRunner.query(command, Map.of());
        } catch (Exception e) {
            return null;
        }
    }
}
