package dev.forgeline.release.cross;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What a root's {@code /etc/os-release} says it is (os-release(5): {@code KEY=value} lines, values optionally quoted):
 * its {@code ID} and {@code VERSION_ID}, e.g. {@code debian} and {@code 12}.
 */
public record OsRelease(String id, String versionId) {
    public static final String PATH = "etc/os-release";

    /** {@code ID-VERSION_ID} ({@code debian-12}): the {@code distro} qualifier of a Debian package's purl. */
    public String distro() {
        return id + "-" + versionId;
    }

    /** The os-release of {@code root} (a relative link into {@code usr/lib}, as base-files ships it, is followed). */
    public static OsRelease of(Path root) {
        Path file = root.resolve(PATH);
        Map<String, String> fields = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0 && !line.startsWith("#")) {
                    fields.put(line.substring(0, eq).strip(), unquoted(line.substring(eq + 1).strip()));
                }
            }
        } catch (IOException e) {
            throw new ForgelineException(ExitCode.TOOLCHAIN_MISSING, "cannot read " + file + ": " + e.getMessage(),
                    "delete " + root + " so it is made again (base-files ships it)", e);
        }
        String id = fields.get("ID");
        String versionId = fields.get("VERSION_ID");
        if (id == null || id.isEmpty() || versionId == null || versionId.isEmpty()) {
            throw new ForgelineException(ExitCode.TOOLCHAIN_MISSING, file + " names no ID and VERSION_ID",
                    "delete " + root + " so it is made again (base-files ships it)");
        }
        return new OsRelease(id, versionId);
    }

    private static String unquoted(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
