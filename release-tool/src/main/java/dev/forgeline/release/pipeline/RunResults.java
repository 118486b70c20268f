package dev.forgeline.release.pipeline;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.stage.ManifestResult;
import dev.forgeline.release.stage.StageResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The results of one run, one slot per stage of its {@link Mode}. Every slot starts as a placeholder that fails loudly
 * when read: a result asked of a stage that never ran is a wiring defect, never an empty success.
 */
public final class RunResults {
    private final Mode mode;
    private final Map<String, StageResult> results = new LinkedHashMap<>();
    private final Map<String, Boolean> done = new LinkedHashMap<>();

    RunResults(Mode mode) {
        this.mode = mode;
    }

    public Mode mode() {
        return mode;
    }

    void record(String stage, StageResult result, boolean wasDone) {
        requireStageOfMode(stage);
        results.put(stage, result);
        done.put(stage, wasDone);
    }

    /** Refuses a stage this run's mode does not list. */
    void requireStageOfMode(String stage) {
        if (!mode.stages().contains(stage)) {
            throw new IllegalStateException("stage " + stage + " is not a stage of " + mode + ": " + mode.stages());
        }
    }

    /** The result of {@code stage}, of the given type. */
    public <R extends StageResult> R get(String stage, Class<R> type) {
        StageResult result = results.get(stage);
        if (result == null) {
            throw new IllegalStateException("no result of stage " + stage + " in this " + mode + " run (stages run: "
                    + results.keySet() + ")");
        }
        return type.cast(result);
    }

    /** Whether {@code stage} was skipped because its recorded outputs were already in place. */
    public boolean wasDone(String stage) {
        get(stage, StageResult.class);
        return done.get(stage);
    }

    /** The release manifest as the last stage that has one left it. */
    public ReleaseManifest manifest() {
        List<String> order = mode.stages();
        for (int i = order.size() - 1; i >= 0; i--) {
            if (results.get(order.get(i)) instanceof ManifestResult m) {
                return m.manifest();
            }
        }
        throw new IllegalStateException("no stage of this " + mode + " run left a manifest");
    }

    /** Fails when a stage of the mode has no result: the run is not complete, whatever else it did. */
    void requireComplete() {
        for (String stage : mode.stages()) {
            if (!results.containsKey(stage)) {
                throw new ForgelineException(ExitCode.INTERNAL, "the " + mode + " run ended without its " + stage
                        + " stage", "this is a defect of forgeline: please report it", null);
            }
        }
    }
}
