package dev.forgeline.release.build;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.io.ProcessRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where the release comes from: the commit (null outside git), whether the working tree differed
 * from it, and the SOURCE_DATE_EPOCH every timestamp in the release is derived from.
 */
public record SourceInfo(String commit, boolean dirty, long sourceDateEpoch) {

    /** Fallback epoch outside git: 2026-01-01T00:00:00Z, so builds stay reproducible. */
    static final long DEFAULT_EPOCH = 1767225600L;

    /**
     * Reads git state of {@code dir}. SOURCE_DATE_EPOCH from the environment wins, as the
     * reproducible-builds convention says; otherwise the commit time.
     */
    public static SourceInfo of(Path dir, Map<String, String> env) {
        String commit = gitOrNull(dir, "rev-parse", "HEAD");
        if (commit == null) {
            requireNoRefusedRepository(dir);
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
        return new SourceInfo(commit, dirty, epoch);
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

    private static String gitOrNull(Path dir, String... args) {
        try {
            List<String> command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
            command.addAll(List.of(args));
            return ProcessRunner.query(command, Map.of());
        } catch (Exception e) {
            return null;
        }
    }
}
