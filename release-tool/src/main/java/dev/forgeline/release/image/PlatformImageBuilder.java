package dev.forgeline.release.image;

import dev.forgeline.release.cross.DebianBaseRoot;
import dev.forgeline.release.cross.OsRelease;
import dev.forgeline.release.manifest.ImageRecord;
import dev.forgeline.release.oci.ImageConfig;
import dev.forgeline.release.oci.OciLayout;
import dev.forgeline.release.oci.TarLayer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One platform image, written into a layout: four layers, each its own so that a change of one leaves the others'
 * digests alone (as jib does): the Debian base, the user (passwd, group, its home, /tmp), the third-party jars, the
 * project's jars; then the config (entrypoint, user, labels) and the manifest.
 */
final class PlatformImageBuilder {
    /** The user the container runs as (distroless's "nonroot" id): not root, no login, a home of its own. */
    static final int UID = 65532;
    static final String APP_DIR = "app";
    static final int PORT = 8080;

    /** A jar the image carries: where it goes (under /app), its file in the release, its coordinate and SHA-256. */
    record JarFile(String pathInImage, Path file, String coordinate, String sha256) {}

    private final OciLayout layout;
    private final long epoch;
    private final String userName;
    private final String mainClass;
    private final Map<String, String> labels;

    PlatformImageBuilder(OciLayout layout, long epoch, String userName, String mainClass, Map<String, String> labels) {
        this.layout = layout;
        this.epoch = epoch;
        this.userName = userName;
        this.mainClass = mainClass;
        this.labels = Map.copyOf(labels);
    }

    /** Writes the platform image; its record carries no smoke result yet. */
    Built build(DebianBaseRoot base, List<JarFile> dependencies, List<JarFile> project, String librarySha256)
            throws IOException {
        OciLayout.Platform platform = ImagePlatform.of(base.arch());
        OciLayout.Descriptor baseLayer = layout.layer(new TarLayer(epoch).tree(base.root(), ""));
        OciLayout.Descriptor userLayer = layout.layer(userLayer());
        OciLayout.Descriptor depsLayer = layout.layer(jarLayer(dependencies));
        OciLayout.Descriptor projectLayer = layout.layer(jarLayer(project));
        List<String> classPath = new ArrayList<>();
        project.forEach(j -> classPath.add("/" + j.pathInImage()));
        dependencies.forEach(j -> classPath.add("/" + j.pathInImage()));
        List<String> entrypoint = List.of(base.javaInImage(), "-cp", String.join(":", classPath), mainClass,
                // The gateway's options take the last value given: arguments to `run IMAGE ...` override these.
                "--bind", "0.0.0.0", "--port", String.valueOf(PORT));
        String javaHome = base.javaInImage().substring(0, base.javaInImage().length() - "/bin/java".length());
        ImageConfig config = new ImageConfig(platform, epoch, UID + ":" + UID, entrypoint,
                List.of("PATH=" + javaHome + "/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                        "JAVA_HOME=" + javaHome, "HOME=/home/" + userName),
                "/home/" + userName, List.of(PORT + "/tcp"), labels,
                List.of(new ImageConfig.Layer(baseLayer.digest(), "Debian packages: " + base.packages().stream()
                                .map(Object::toString).reduce((a, b) -> a + " " + b).orElse("")),
                        new ImageConfig.Layer(userLayer.digest(), "user " + userName + " (" + UID + "), /tmp"),
                        new ImageConfig.Layer(depsLayer.digest(), "third-party jars"),
                        new ImageConfig.Layer(projectLayer.digest(), "project jars")));
        OciLayout.Descriptor configBlob = layout.blob(OciLayout.CONFIG_MEDIA_TYPE, config.toJson());
        OciLayout.Descriptor manifest = layout.manifest(configBlob,
                List.of(baseLayer, userLayer, depsLayer, projectLayer), labels).withPlatform(platform);
        List<ImageRecord.Jar> jars = new ArrayList<>();
        for (JarFile j : project) {
            jars.add(new ImageRecord.Jar("/" + j.pathInImage(), j.coordinate(), j.sha256()));
        }
        for (JarFile j : dependencies) {
            jars.add(new ImageRecord.Jar("/" + j.pathInImage(), j.coordinate(), j.sha256()));
        }
        ImageRecord.PlatformImage record = new ImageRecord.PlatformImage(platform.toString(), manifest.digest(),
                configBlob.digest(), List.of(
                        new ImageRecord.Layer("base", baseLayer.digest(), baseLayer.size()),
                        new ImageRecord.Layer("user", userLayer.digest(), userLayer.size()),
                        new ImageRecord.Layer("dependencies", depsLayer.digest(), depsLayer.size()),
                        new ImageRecord.Layer("project", projectLayer.digest(), projectLayer.size())),
                base.packages().stream().map(p -> new ImageRecord.Deb(p.name(), p.arch(), p.version(), p.sha256())).toList(),
                OsRelease.of(base.root()).distro(), jars, librarySha256, null);
        return new Built(manifest, record);
    }

    record Built(OciLayout.Descriptor manifest, ImageRecord.PlatformImage record) {}

    /** passwd and group naming root and the user, the user's home (owned by it), and a world-writable sticky /tmp. */
    private TarLayer userLayer() {
        String passwd = "root:x:0:0:root:/root:/usr/sbin/nologin\n" + userName + ":x:" + UID + ":" + UID + ":" + userName
                + ":/home/" + userName + ":/usr/sbin/nologin\n";
        String group = "root:x:0:\n" + userName + ":x:" + UID + ":\n";
        return new TarLayer(epoch)
                .file("etc/passwd", 0644, passwd.getBytes(StandardCharsets.UTF_8))
                .file("etc/group", 0644, group.getBytes(StandardCharsets.UTF_8))
                .directory("home")
                .directory("home/" + userName, 0755, UID, UID)
                .directory("tmp", 01777, 0, 0);
    }

    private TarLayer jarLayer(List<JarFile> jars) {
        TarLayer layer = new TarLayer(epoch);
        jars.forEach(j -> layer.file(j.pathInImage(), 0644, j.file()));
        return layer;
    }
}
