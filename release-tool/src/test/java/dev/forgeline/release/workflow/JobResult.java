package dev.forgeline.release.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A job's (or one matrix entry's) end: its result as {@code needs.<job>.result} reads it, its outputs, and its
 * failures. {@code NOT_RUN} is a job this machine cannot run (a macOS, Windows or Arm runner).
 */
record JobResult(String name, Result result, ObjectNode outputs, List<StepFailure> failures, String note) {
    enum Result {
        SUCCESS, FAILURE, SKIPPED, CANCELLED, NOT_RUN;

        /** As {@code needs.<job>.result} says it; a job this test cannot run counts as skipped. */
        String github() {
            return this == NOT_RUN ? "skipped" : name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
