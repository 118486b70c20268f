package dev.forgeline.release.smoke;

import dev.forgeline.release.config.ReleaseConfig;
import dev.forgeline.release.rust.CargoProject;
import java.net.URI;

/**
 * What the smoke stage tests: the native artifact's coordinates, the library and crate version the harness must
 * find, the harness (a main class in the published native artifact, or null for forgeline's generic load check), and
 * where third-party dependencies are resolved from.
 */
public record SmokeSubject(String groupId, String nativeArtifactId, String libName, String crateVersion,
        String mainClass, URI upstream) {

    /** The subject of a project's release.yaml, with the crate read from its Cargo.toml. */
    public static SmokeSubject of(ReleaseConfig config) {
        CargoProject crate = CargoProject.read(config.nativeCrate());
        return new SmokeSubject(config.groupId(), config.nativeArtifactId(), crate.libName(), crate.version(),
                config.smoke().mainClass(), config.smoke().upstream());
    }
}
