package dev.forgeline.release.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The release's OCI image as the image stage wrote it: the layout directory (relative to the manifest's), the
 * reference name of the multi-platform index in its {@code index.json}, the index digest, and one record per
 * platform image, keyed by target classifier. Documented in docs/formats.md and docs/image.md.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageRecord(String layout, String reference, String indexDigest,
        SortedMap<String, PlatformImage> platforms) {

    public ImageRecord {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(indexDigest, "indexDigest");
        platforms = new TreeMap<>(platforms == null ? java.util.Map.of() : platforms);
    }

    /**
     * One platform image: its OCI platform ({@code linux/arm64}), manifest and config digests, its layers in order,
     * the .debs of its base and the distribution they are of ({@code debian-12}, from the base's os-release; absent in
     * manifests made before it was recorded), the jars it runs (path in the image, coordinate, SHA-256: the Maven
     * release's bytes), the native library's SHA-256 inside its classifier jar, and the smoke test of the image itself.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PlatformImage(String platform, String manifestDigest, String configDigest, List<Layer> layers,
            List<Deb> packages, String distro, List<Jar> jars, String librarySha256, ReleaseManifest.Smoke smoke) {
        public PlatformImage {
            layers = List.copyOf(layers);
            packages = List.copyOf(packages);
            jars = List.copyOf(jars);
        }

        public PlatformImage withSmoke(ReleaseManifest.Smoke result) {
            return new PlatformImage(platform, manifestDigest, configDigest, layers, packages, distro, jars, librarySha256,
                    result);
        }

        /** Whether the image passed its smoke test with this very library loaded. */
        public boolean smokePassedForItsLibrary() {
            return smoke != null && smoke.status() == ReleaseManifest.Smoke.SmokeStatus.passed
                    && librarySha256 != null && librarySha256.equals(smoke.testedSha256());
        }
    }

    /** A layer: what it holds ({@code base}, {@code user}, {@code dependencies}, {@code project}), digest, size. */
    public record Layer(String role, String digest, long size) {}

    /** A .deb of the base: {@code name:arch=version} and the SHA-256 of the file. */
    public record Deb(String name, String arch, String version, String sha256) {}

    /** A jar in the image: where it is, what it is ({@code group:artifact:jar[:classifier]:version}), its SHA-256. */
    public record Jar(String path, String coordinate, String sha256) {}

    public ImageRecord withPlatforms(SortedMap<String, PlatformImage> newPlatforms) {
        return new ImageRecord(layout, reference, indexDigest, newPlatforms);
    }
}
