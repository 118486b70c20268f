package dev.forgeline.release.stage;

import java.io.IOException;
import java.util.Optional;

/**
 * One stage of a release, in the manner of jib-core's steps. Every input is a final constructor field; the result is
 * an immutable value; {@link #done} says whether the stage's recorded outputs are already in place with their recorded
 * digests, and then the runner skips {@link #run} and takes the recorded result. That is how a rerun resumes where the
 * last run stopped and a finished release reruns as a no-op. A stage never calls another stage: the runner wires them.
 *
 * @param <R> what the stage hands to the stages after it
 */
public interface Stage<R extends StageResult> {

    /** The stage's name, as the runner prints it and the modes list it ({@code build}, {@code sign}, ...). */
    String name();

    /** The recorded result when the work is already done (outputs present, digests as recorded); empty otherwise. */
    default Optional<R> done(StageContext context) throws IOException {
        return Optional.empty();
    }

    /** Does the work on the context's executor and returns what it produced. */
    R run(StageContext context) throws IOException, InterruptedException;
}
