package dev.forgeline.release.packaging;

import dev.forgeline.release.build.NativeBuild;
import dev.forgeline.release.bom.Boms;
import dev.forgeline.release.bom.PlatformLibrarySbom;
import dev.forgeline.release.io.ReproducibleJar;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.sbom.SbomException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Packages a target's library as the per-platform classifier jar the loader reads:
 * {@code META-INF/native/<classifier>/<library file>} and, next to it, {@code <lib name>.json} with
 * the library's SHA-256 and build information (format in docs/formats.md), and the library's CycloneDX SBOM under
 * {@code META-INF/sbom/} (docs/sbom.md), so the SBOM travels with the bytes.
 */
public final class NativeJarPackager {
    public static final int MANIFEST_FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private NativeJarPackager() {}

    /**
     * @param toolchain what built the library, as the manifest records it: the SBOM in the jar
     *     ({@code META-INF/sbom/<lib name>.cdx.json}) lists it
     */
    public static void write(NativeBuild build, ReleaseManifest.Toolchain toolchain, Path jar) throws IOException {
        String classifier = build.target().classifier();
        String fileName = build.library().getFileName().toString();
        String dir = "META-INF/native/" + classifier + "/";
        new ReproducibleJar(build.source().sourceDateEpoch())
                .add("META-INF/MANIFEST.MF", jarManifest(build))
                .add(dir + fileName, build.library())
                .add(dir + build.crate().libName() + ".json", libraryManifest(build))
                .add(sbomEntry(build), librarySbom(build, toolchain))
                .writeTo(jar);
    }

    /** The jar entry of the library's SBOM. */
    static String sbomEntry(NativeBuild build) {
        return Boms.JAR_SBOM_DIR + build.crate().libName() + ".cdx.json";
    }

    private static byte[] librarySbom(NativeBuild build, ReleaseManifest.Toolchain toolchain) {
        String fileName = build.library().getFileName().toString();
        PlatformLibrarySbom.Library library = new PlatformLibrarySbom.Library(build.crate().dir(),
                build.target().classifier(), build.target().rustTriple(), fileName, build.sha256(), toolchain);
        try {
            return Boms.render(PlatformLibrarySbom.of(library), build.source().sourceDateEpoch(), fileName);
        } catch (SbomException e) {
            throw Boms.failure(fileName, e);
        }
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
