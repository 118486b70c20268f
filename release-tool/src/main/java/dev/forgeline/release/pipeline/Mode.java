package dev.forgeline.release.pipeline;

import java.util.List;

/**
 * What a run does, and the stages it runs in order. The runner refuses to run a stage its mode does not list and
 * fails a run that ends with a listed stage missing, so a stage left out of the wiring cannot pass silently.
 */
public enum Mode {
    /** {@code release --local}: the whole release on this machine, into a file repository. */
    LOCAL_RELEASE("build", "check", "package", "sbom", "smoke", "image", "sign", "attest", "publish"),
    /** {@code build}: a CI runner's part, the platform jars (and the Maven modules unless native-only). */
    CI_BUILD("build", "check", "package", "sbom"),
    /** {@code assemble}: the runners' builds merged into one release. */
    ASSEMBLE("assemble", "sbom"),
    /** {@code stage}: the release deployed into a staging repository for runners' smoke tests. */
    STAGE("stage"),
    /** {@code smoke}: this machine's smoke tests of a built release. */
    SMOKE("smoke"),
    /**
     * {@code sign}: every artifact signed, then the release's provenance written and signed (the CI path's attest:
     * the assembled release is signed where the keys are, and what is signed is what the provenance vouches for).
     */
    SIGN("sign", "attest"),
    /**
     * {@code sign --keyless}: every artifact signed with a Fulcio certificate and Rekor entries, then the provenance's
     * DSSE envelope with the same certificate, logged as a Rekor {@code dsse} entry.
     */
    SIGN_KEYLESS("sign", "attest"),
    /** {@code publish}: the signed release deployed to a repository consumers use. */
    PUBLISH("publish"),
    /** {@code publish --repository URL --image REF}: the Maven side first, the image only once it is published. */
    PUBLISH_WITH_IMAGE("publish", "publish-image"),
    /** {@code publish --image REF}: the release's OCI image pushed to a registry and signed. */
    PUBLISH_IMAGE("publish-image");

    private final List<String> stages;

    Mode(String... stages) {
        this.stages = List.of(stages);
    }

    /** The stages of this mode, in the order they run. */
    public List<String> stages() {
        return stages;
    }
}
