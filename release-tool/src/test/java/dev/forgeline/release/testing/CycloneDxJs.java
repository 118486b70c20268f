package dev.forgeline.release.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The CycloneDX project's own JavaScript library ({@code @cyclonedx/cyclonedx-library}, its strict JSON validator over
 * ajv) as the sbom module's tests run it: {@code sbom/src/test/node/validate-sboms.mjs}. Missing node or the packages: a
 * skip locally, a failure on CI.
 */
public final class CycloneDxJs {
    static final Path NODE_DIR = TestProjects.repositoryRoot().resolve("sbom/src/test/node");

    private CycloneDxJs() {}

    /** Validates every file as CycloneDX 1.6, failing the test with the library's errors for the first invalid one. */
    public static void requireValid(List<Path> files) throws IOException, InterruptedException {
        Tools.require("node", Tools.onPath("node"), "sudo apt-get install -y nodejs npm");
        Tools.require("@cyclonedx/cyclonedx-library (npm packages in sbom/src/test/node)",
                Files.isDirectory(NODE_DIR.resolve("node_modules/@cyclonedx/cyclonedx-library")),
                "cd sbom/src/test/node && npm ci");
        List<String> command = new ArrayList<>(List.of("node", NODE_DIR.resolve("validate-sboms.mjs").toString()));
        files.forEach(f -> command.add(f.toString()));
        Tools.Run run = Tools.run(NODE_DIR, Map.of(), command);
        assertEquals(0, run.exitCode(), "the CycloneDX library rejects an SBOM:\n" + run.output());
        assertEquals(files.size(), run.output().lines().filter(l -> l.startsWith("OK ")).count(), run.output());
    }
}
