package dev.forgeline.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgeline.sbom.SbomException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The {@code [package]} fields of a crate's Cargo.toml that describe it in an SBOM. Fields written
 * as {@code x.workspace = true} are read from {@code [workspace.package]} of the workspace root
 * manifest, found the way Cargo finds it: the nearest Cargo.toml with a {@code [workspace]} table,
 * starting with the crate's own.
 *
 * @param license an SPDX expression, with Cargo's old {@code /} separator turned into {@code OR}
 */
record CargoManifest(
        Path file,
        String name,
        String version,
        String license,
        String licenseFile,
        String rustVersion,
        String description,
        String repository,
        String homepage,
        String documentation) {

    /** Cargo's default when {@code [package]} has no version (Cargo 1.75 and later). */
    static final String DEFAULT_VERSION = "0.0.0";

    CargoManifest {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
    }

    static CargoManifest read(Path file) throws SbomException {
        return of(TomlFile.read(file, "crate manifest"));
    }

    static CargoManifest of(TomlFile toml) throws SbomException {
        Path file = toml.file();
        String table = toml.root().has("package") ? "package" : "project";
        JsonNode pkgValue = toml.root().get(table);
        if (pkgValue == null) {
            String hint = toml.root().has("workspace")
                    ? "this is a virtual workspace manifest: pass the Cargo.toml of the crate to describe"
                    : "a crate manifest needs a [package] table with at least a name";
            throw SbomException.of(Reason.MISSING_FIELD, file, "no [package] table", hint);
        }
        int line = toml.lines().tableHeader(table);
        if (!pkgValue.isObject()) {
            throw SbomException.at(Reason.MALFORMED_INPUT, file, toml.lines().key(0, table),
                    "'" + table + "' must be a table, found " + TomlFile.kind(pkgValue), null);
        }
        Fields fields = new Fields(toml, pkgValue, Math.max(line, 1));
        String name = fields.string("name");
        if (name == null) {
            throw SbomException.at(Reason.MISSING_FIELD, file, Math.max(line, 1),
                    "[package] has no 'name'", "add name = \"<crate name>\"");
        }
        String version = fields.string("version");
        String license = fields.string("license");
        return new CargoManifest(
                file,
                name,
                version == null ? DEFAULT_VERSION : version,
                license == null ? null : normalizeLicense(license),
                fields.string("license-file"),
                fields.string("rust-version"),
                fields.string("description"),
                fields.string("repository"),
                fields.string("homepage"),
                fields.string("documentation"));
    }

    /** {@code MIT/Apache-2.0} (accepted by Cargo, deprecated) is {@code MIT OR Apache-2.0} in SPDX. */
    static String normalizeLicense(String license) {
        if (!license.contains("/")) {
            return license.trim();
        }
        return Arrays.stream(license.split("/"))
                .map(String::trim)
                .collect(Collectors.joining(" OR "));
    }

    /** Reads string fields of [package], following {@code .workspace = true} when needed. */
    private static final class Fields {
        private final TomlFile toml;
        private final JsonNode pkg;
        private final int pkgLine;
        private JsonNode workspacePackage;
        private TomlFile workspace;

        Fields(TomlFile toml, JsonNode pkg, int pkgLine) {
            this.toml = toml;
            this.pkg = pkg;
            this.pkgLine = pkgLine;
        }

        String string(String key) throws SbomException {
            JsonNode v = pkg.get(key);
            if (v == null) {
                return null;
            }
            if (v.isTextual()) {
                return v.textValue();
            }
            int line = toml.lines().key(pkgLine, key);
            if (v.isObject() && v.path("workspace").isBoolean() && v.path("workspace").booleanValue()) {
                return inherited(key, line);
            }
            throw SbomException.at(Reason.MALFORMED_INPUT, toml.file(), line,
                    "[package] " + key + " must be a string, found " + TomlFile.kind(v), null);
        }

        private String inherited(String key, int line) throws SbomException {
            if (workspacePackage == null) {
                findWorkspace(key, line);
            }
            JsonNode v = workspacePackage.get(key);
            if (v != null && v.isTextual()) {
                return v.textValue();
            }
            if (v == null) {
                throw SbomException.at(Reason.UNRESOLVED_REFERENCE, toml.file(), line,
                        "[package] " + key + " is inherited from the workspace, but [workspace.package] in "
                                + workspace.file() + " has no '" + key + "'",
                        "add " + key + " to [workspace.package], or give it in the crate");
            }
            int at = workspace.lines().key(workspace.lines().tableHeader("workspace.package"), key);
            throw SbomException.at(Reason.MALFORMED_INPUT, workspace.file(), at,
                    "[workspace.package] " + key + " must be a string, found " + TomlFile.kind(v), null);
        }

        private void findWorkspace(String key, int line) throws SbomException {
            TomlFile root = CargoWorkspace.rootOf(toml);
            if (root == null) {
                throw SbomException.at(Reason.UNRESOLVED_REFERENCE, toml.file(), line,
                        "[package] " + key + " is inherited from the workspace, but no Cargo.toml with a "
                                + "[workspace] table was found above " + toml.file().toAbsolutePath().getParent(),
                        "give " + key + " in the crate, or build from inside its workspace");
            }
            workspace = root;
            JsonNode wp = root.root().path("workspace").get("package");
            workspacePackage = wp != null && wp.isObject() ? wp : root.root().objectNode();
        }
    }
}
