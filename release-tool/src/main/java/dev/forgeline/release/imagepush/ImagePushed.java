package dev.forgeline.release.imagepush;

import dev.forgeline.release.registry.ImagePusher;
import dev.forgeline.release.stage.StageResult;

/** The image-push stage's result: where the image went and what the push did. */
public record ImagePushed(String reference, ImagePusher.Result result) implements StageResult {
    @Override
    public String summary() {
        ImagePusher.Result r = result;
        return reference + "@" + r.indexDigest() + ": " + r.blobsUploaded() + " blob(s) uploaded, " + r.blobsPresent()
                + " already there, " + r.manifestsPut() + " manifest(s) and tag(s) put; signature " + r.signatureTag()
                + (r.signed() ? "" : " already there") + "; " + r.attestations() + " attestation(s) "
                + (r.attested() ? "put" : "already there");
    }
}
