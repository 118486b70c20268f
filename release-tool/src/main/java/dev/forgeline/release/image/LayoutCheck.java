package dev.forgeline.release.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forgeline.release.common.FileDigest;
import dev.forgeline.release.manifest.ImageRecord;
import dev.forgeline.release.oci.OciLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The image stage's resume rule: the layout names the recorded index in its {@code index.json}, and every blob the
 * record names (the index, each platform's manifest, config and layers) is present with its digest.
 */
final class LayoutCheck {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LayoutCheck() {}

    static boolean intact(Path layout, ImageRecord image) throws IOException {
        Path indexJson = layout.resolve("index.json");
        if (!Files.isRegularFile(indexJson) || !Files.isRegularFile(layout.resolve("oci-layout"))) {
            return false;
        }
        JsonNode index;
        try {
            index = JSON.readTree(indexJson.toFile());
        } catch (IOException e) {
            return false;
        }
        boolean named = false;
        for (JsonNode m : index.path("manifests")) {
            named |= image.indexDigest().equals(m.path("digest").asText());
        }
        if (!named) {
            return false;
        }
        List<String> digests = new ArrayList<>(List.of(image.indexDigest()));
        for (ImageRecord.PlatformImage p : image.platforms().values()) {
            digests.add(p.manifestDigest());
            digests.add(p.configDigest());
            p.layers().forEach(l -> digests.add(l.digest()));
        }
        for (String digest : digests) {
            Path blob = OciLayout.blobFile(layout, digest);
            if (!Files.isRegularFile(blob)
                    || !digest.equals("sha256:" + HexFormat.of().formatHex(FileDigest.of(blob).sha256()))) {
                return false;
            }
        }
        return true;
    }
}
