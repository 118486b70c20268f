package dev.forgeline.release.image;

import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.stage.ManifestResult;

/** The image stage's result: the manifest with the image recorded (or as it was, with nothing to build), and what it did. */
public record ImageBuilt(ReleaseManifest manifest, String summary) implements ManifestResult {}
