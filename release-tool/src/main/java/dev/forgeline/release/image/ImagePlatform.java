package dev.forgeline.release.image;

import dev.forgeline.release.cross.DebianArch;
import dev.forgeline.release.oci.OciLayout;

/** A Debian architecture as an OCI platform: amd64, arm64, ppc64le, s390x, arm/v7. */
final class ImagePlatform {
    private ImagePlatform() {}

    static OciLayout.Platform of(DebianArch arch) {
        return switch (arch) {
            case AMD64 -> new OciLayout.Platform("linux", "amd64", null);
            case ARM64 -> new OciLayout.Platform("linux", "arm64", null);
            case PPC64EL -> new OciLayout.Platform("linux", "ppc64le", null);
            case S390X -> new OciLayout.Platform("linux", "s390x", null);
            case ARMHF -> new OciLayout.Platform("linux", "arm", "v7");
        };
    }

    /** The platform part of a reference name: {@code linux-arm64}, {@code linux-arm-v7}. */
    static String refSuffix(OciLayout.Platform platform) {
        return platform.toString().replace('/', '-');
    }
}
