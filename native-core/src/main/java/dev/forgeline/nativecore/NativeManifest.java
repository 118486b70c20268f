package dev.forgeline.nativecore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Pattern;

/**
 * The JSON manifest next to a packaged library, {@code META-INF/native/<classifier>/<library>.json}
 * (format version 1, written by the release tool and by {@code build-from-source.sh}):
 *
 * <pre>{@code
 * {"formatVersion":1,"library":"forgeline_native_core","classifier":"linux-x86_64",
 *  "target":"x86_64-unknown-linux-gnu","file":"libforgeline_native_core.so","sha256":"<64 hex>",
 *  "size":N,"crateVersion":"0.1.0","rustc":"rustc 1.95.0 (...)","profile":"release",
 *  "sourceCommit":"<sha>"|null,"sourceDateEpoch":N|null}
 * }</pre>
 *
 * <p>A manifest is checked on construction: the loader relies on {@link #file()} being a plain file
 * name (it is resolved next to the manifest and inside the cache) and on {@link #sha256()} being 64
 * lower-case hex digits. Unknown fields are ignored so that a later writer can add some.
 */
record NativeManifest(
        int formatVersion,
        String library,
        String classifier,
        String target,
        String file,
        String sha256,
        long size,
        String crateVersion,
        String rustc,
        String profile,
        String sourceCommit,
        Long sourceDateEpoch) {

    static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    NativeManifest {
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported formatVersion " + formatVersion
                    + " (this loader reads " + FORMAT_VERSION + ")");
        }
        require(library, "library");
        require(classifier, "classifier");
        require(file, "file");
        require(sha256, "sha256");
        if (file.equals(".") || file.equals("..") || file.contains("/") || file.contains("\\")
                || file.indexOf('\0') >= 0 || file.contains(":")) {
            throw new IllegalArgumentException("file must be a plain file name, got \"" + file + "\"");
        }
        if (!SHA256_HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits, got \"" + sha256 + "\"");
        }
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative, got " + size);
        }
    }

    /** Reads a manifest; {@link IllegalArgumentException} for a well-formed JSON that breaks the rules. */
    static NativeManifest read(InputStream in) throws IOException {
        JsonNode n = JSON.readTree(in);
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("manifest is not a JSON object");
        }
        JsonNode version = n.get("formatVersion");
        if (version == null || !version.canConvertToInt()) {
            throw new IllegalArgumentException("formatVersion is missing or not an integer");
        }
        JsonNode size = n.get("size");
        if (size == null || !size.canConvertToLong() || !size.isIntegralNumber()) {
            throw new IllegalArgumentException("size is missing or not an integer");
        }
        JsonNode epoch = n.get("sourceDateEpoch");
        return new NativeManifest(
                version.asInt(),
                text(n, "library"),
                text(n, "classifier"),
                text(n, "target"),
                text(n, "file"),
                text(n, "sha256"),
                size.asLong(),
                text(n, "crateVersion"),
                text(n, "rustc"),
                text(n, "profile"),
                text(n, "sourceCommit"),
                epoch == null || epoch.isNull() ? null : epoch.asLong());
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return v.asText();
    }

    private static void require(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(field + " is missing");
        }
    }
}
