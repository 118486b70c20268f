package dev.forgeline.release.workflow;

/** A failed step: which job and step, what it ran, and the tail of what it printed. */
record StepFailure(String job, String step, String command, int exitCode, String outputTail) {
    String describe() {
        return "job " + job + ", step \"" + step + "\" failed (exit " + exitCode + ")\n--- command:\n" + command.strip()
                + "\n--- output (tail):\n" + outputTail;
    }
}
