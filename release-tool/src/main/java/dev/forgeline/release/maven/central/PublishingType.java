package dev.forgeline.release.maven.central;

/** How Central's Publisher API treats a deployment once it is validated ({@code publishingType} of the upload). */
public enum PublishingType {
    /** Validated, then held until someone publishes (or drops) it: the run stops at VALIDATED. */
    USER_MANAGED,
    /** Validated, then published to Maven Central at once: the run waits for PUBLISHED. */
    AUTOMATIC
}
