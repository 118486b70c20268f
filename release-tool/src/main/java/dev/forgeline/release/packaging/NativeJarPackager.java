package dev.forgeline.release.packaging;

import dev.forgeline.release.build.NativeBuild;
import dev.forgeline.release.io.ReproducibleJar;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Packages a target's library as the per-platform classifier jar the loader reads:
 * {@code META-INF/native/<classifier>/<library file>} and, next to it, {@code <lib name>.json} with
 * the library's SHA-256 and build information (format in docs/formats.md).
 */
public final class NativeJarPackager {
    public static final int MANIFEST_FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private NativeJarPackager() {}

    public static void write(NativeBuild build, Path jar) throws IOException {
        String classifier = build.target().classifier();
        String fileName = build.library().getFileName().toString();
        String dir = "META-INF/native/" + classifier + "/";
        new ReproducibleJar(build.source().sourceDateEpoch())
                .add("META-INF/MANIFEST.MF", jarManifest(build))
                .add(dir + fileName, build.library())
                .add(dir + build.crate().libName() + ".json", libraryManifest(build))
                .writeTo(jar);
    }

    static byte[] libraryManifest(NativeBuild build) throws JsonProcessingException {
        ObjectNode json = JSON.createObjectNode();
        json.put("formatVersion", MANIFEST_FORMAT);
        json.put("library", build.crate().libName());
        json.put("classifier", build.target().classifier());
        json.put("target", build.target().rustTriple());
        json.put("file", build.library().getFileName().toString());
        json.put("sha256", build.sha256());
        json.put("size", build.size());
        json.put("crateVersion", build.crate().version());
        json.put("rustc", build.toolchain().rustcVersion());
        json.put("profile", "release");
        json.put("sourceCommit", build.source().commit());
        json.put("sourceDateEpoch", build.source().sourceDateEpoch());
        return (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] jarManifest(NativeBuild build) {
        String text = "Manifest-Version: 1.0\r\n"
                + "Created-By: Forgeline\r\n"
                + "Forgeline-Native-Library: " + build.crate().libName() + "\r\n"
                + "Forgeline-Native-Target: " + build.target().rustTriple() + "\r\n"
                + "Forgeline-Native-Classifier: " + build.target().classifier() + "\r\n"
                + "\r\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
