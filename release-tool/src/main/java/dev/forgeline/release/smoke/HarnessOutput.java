package dev.forgeline.release.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forgeline.release.manifest.ReleaseManifest.SmokeCheck;
import java.util.ArrayList;
import java.util.List;

/**
 * What a harness printed: one JSON object per check ({@code check}, {@code passed}, {@code detail})
 * and a summary with {@code passed} and {@code loadedSha256}. Lines that are not such JSON (JVM
 * warnings, emulator noise) are ignored.
 */
record HarnessOutput(List<SmokeCheck> checks, boolean summaryPassed, String loadedSha256) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static HarnessOutput parse(String output) {
        List<SmokeCheck> checks = new ArrayList<>();
        boolean passed = false;
        String sha = null;
        for (String line : output.split("\\R")) {
            String trimmed = line.trim();
            if (!trimmed.startsWith("{")) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(trimmed);
            } catch (Exception e) {
                continue;
            }
            if (node.hasNonNull("check")) {
                checks.add(new SmokeCheck(node.get("check").asText(), node.path("passed").asBoolean(false),
                        node.path("detail").asText("")));
            } else if (node.hasNonNull("summary")) {
                passed = node.path("passed").asBoolean(false);
                sha = node.hasNonNull("loadedSha256") ? node.get("loadedSha256").asText() : null;
            }
        }
        return new HarnessOutput(checks, passed, sha);
    }
}
