package dev.forgeline.release.stage;

/** What every stage's result can say about itself: one line for the progress display. */
public interface StageResult {

    /** What the stage did, e.g. "5 artifact(s) signed, 0 already signed". */
    String summary();
}
