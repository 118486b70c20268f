package dev.forgeline.release.maven.central;

/** The states of a deployment in Central's Publisher API, in the order a deployment goes through them. */
public enum DeploymentState {
    PENDING, VALIDATING, VALIDATED, PUBLISHING, PUBLISHED, FAILED;

    /** Whether a deployment in this state has got as far as {@code type} takes it: the run's wait is over. */
    public boolean reached(PublishingType type) {
        return switch (this) {
            case PUBLISHED -> true;
            case VALIDATED, PUBLISHING -> type == PublishingType.USER_MANAGED;
            default -> false;
        };
    }
}
