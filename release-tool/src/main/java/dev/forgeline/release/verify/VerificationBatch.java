package dev.forgeline.release.verify;

import java.util.List;

/**
 * Inputs that belong to one release, with where its signed index is (null: files named one by one, bound by no
 * index) and where its other files are ({@link ReleaseFiles}: each artifact's SBOM, the provenance; null: none known).
 */
public record VerificationBatch(List<Verifier.Input> inputs, ReleaseIndexCheck.Source index, ReleaseFiles files) {
    public VerificationBatch {
        inputs = List.copyOf(inputs);
    }

    public static VerificationBatch unindexed(List<Verifier.Input> inputs) {
        return new VerificationBatch(inputs, null, null);
    }
}
