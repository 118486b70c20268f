package dev.forgeline.release.image;

import dev.forgeline.release.config.ReleaseConfig;
import java.net.URI;

/**
 * What the image stage builds: the published module that runs (its coordinates and main class), the native artifact
 * whose classifier jar each platform image carries, where the sources are (for the image's labels), and where
 * third-party jars are resolved from.
 */
public record ImageSubject(String groupId, String artifactId, String mainClass, URI source, String nativeArtifactId,
        URI upstream) {

    /** The image of release.yaml's {@code image} section, or null when it has none. */
    public static ImageSubject of(ReleaseConfig config) {
        ReleaseConfig.Image image = config.image();
        if (image == null) {
            return null;
        }
        return new ImageSubject(config.groupId(), image.artifactId(), image.mainClass(), image.source(),
                config.nativeArtifactId(), config.smoke().upstream());
    }
}
