package dev.forgeline.release.rust;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few facts the release tool needs from a crate's Cargo.toml: package name and version, the
 * library name (what the cdylib file is called) and the declared minimum Rust version. Reads the
 * {@code [package]} and {@code [lib]} tables' simple {@code key = "value"} lines; it is not a TOML parser.
 */
public record CargoProject(Path dir, String packageName, String version, String libName, String rustVersion) {
    private static final Pattern TABLE = Pattern.compile("^\\s*\\[([^\\[\\]]+)]\\s*(#.*)?$");
    private static final Pattern STRING_KEY = Pattern.compile("^\\s*([A-Za-z0-9_-]+)\\s*=\\s*\"([^\"]*)\"\\s*(#.*)?$");

    public static CargoProject read(Path crateDir) {
        Path manifest = crateDir.resolve("Cargo.toml");
        Map<String, String> values = new HashMap<>();
        String table = "";
        try {
            for (String line : Files.readAllLines(manifest)) {
                Matcher t = TABLE.matcher(line);
                if (t.matches()) {
                    table = t.group(1).trim();
                    continue;
                }
                Matcher kv = STRING_KEY.matcher(line);
                if (kv.matches()) {
                    values.putIfAbsent(table + "." + kv.group(1), kv.group(2));
                }
            }
        } catch (IOException e) {
            throw new ForgelineException(ExitCode.USAGE, "cannot read " + manifest + ": " + e.getMessage(),
                    "check native.crate in release.yaml", e);
        }
        String name = values.get("package.name");
        String version = values.get("package.version");
        if (name == null || version == null) {
            throw new ForgelineException(ExitCode.USAGE, manifest + ": [package] must set name and version as plain strings",
                    "forgeline reads name = \"...\" and version = \"...\" from the [package] table", null);
        }
        String libName = values.getOrDefault("lib.name", name.replace('-', '_'));
        return new CargoProject(crateDir, name, version, libName, values.get("package.rust-version"));
    }
}
