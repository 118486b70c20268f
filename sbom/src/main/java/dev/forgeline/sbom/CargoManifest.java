package dev.forgeline.sbom;

import dev.forgeline.sbom.MiniToml.Scalar;
import dev.forgeline.sbom.MiniToml.Str;
import dev.forgeline.sbom.MiniToml.Table;
import dev.forgeline.sbom.MiniToml.Value;
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
        Table root = MiniToml.read(file, "crate manifest");
        Value pkgValue = root.get("package") != null ? root.get("package") : root.get("project");
        if (pkgValue == null) {
            String hint = root.get("workspace") != null
                    ? "this is a virtual workspace manifest: pass the Cargo.toml of the crate to describe"
                    : "a crate manifest needs a [package] table with at least a name";
            throw SbomException.of(Reason.MISSING_FIELD, file, "no [package] table", hint);
        }
        if (!(pkgValue instanceof Table pkg)) {
            throw SbomException.at(Reason.MALFORMED_INPUT, file, pkgValue.line(),
                    "'package' must be a table, found " + pkgValue.kind(), null);
        }
        Fields fields = new Fields(file, root, pkg);
        String name = fields.string("name");
        if (name == null) {
            throw SbomException.at(Reason.MISSING_FIELD, file, pkg.line(),
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
        private final Path file;
        private final Table root;
        private final Table pkg;
        private Table workspacePackage;
        private Path workspaceFile;

        Fields(Path file, Table root, Table pkg) {
            this.file = file;
            this.root = root;
            this.pkg = pkg;
        }

        String string(String key) throws SbomException {
            Value v = pkg.get(key);
            if (v == null) {
                return null;
            }
            if (v instanceof Str s) {
                return s.value();
            }
            if (v instanceof Table t && t.get("workspace") instanceof Scalar w && w.raw().equals("true")) {
                return inherited(key, v.line());
            }
            throw SbomException.at(Reason.MALFORMED_INPUT, file, v.line(),
                    "[package] " + key + " must be a string, found " + v.kind(), null);
        }

        private String inherited(String key, int line) throws SbomException {
            if (workspacePackage == null) {
                findWorkspace(key, line);
            }
            Value v = workspacePackage.get(key);
            if (v instanceof Str s) {
                return s.value();
            }
            if (v == null) {
                throw SbomException.at(Reason.UNRESOLVED_REFERENCE, file, line,
                        "[package] " + key + " is inherited from the workspace, but [workspace.package] in "
                                + workspaceFile + " has no '" + key + "'",
                        "add " + key + " to [workspace.package], or give it in the crate");
            }
            throw SbomException.at(Reason.MALFORMED_INPUT, workspaceFile, v.line(),
                    "[workspace.package] " + key + " must be a string, found " + v.kind(), null);
        }

        private void findWorkspace(String key, int line) throws SbomException {
            Table candidate = root;
            Path candidateFile = file;
            Path dir = file.toAbsolutePath().getParent();
            while (true) {
                if (candidate != null && candidate.get("workspace") instanceof Table ws) {
                    workspaceFile = candidateFile;
                    Value wp = ws.get("package");
                    workspacePackage = wp instanceof Table t ? t : new Table(ws.line(), false, true);
                    return;
                }
                dir = dir == null ? null : dir.getParent();
                if (dir == null) {
                    throw SbomException.at(Reason.UNRESOLVED_REFERENCE, file, line,
                            "[package] " + key + " is inherited from the workspace, but no Cargo.toml with a "
                                    + "[workspace] table was found above " + file.toAbsolutePath().getParent(),
                            "give " + key + " in the crate, or build from inside its workspace");
                }
                candidateFile = dir.resolve("Cargo.toml");
                candidate = Files.isRegularFile(candidateFile)
                        ? MiniToml.read(candidateFile, "workspace manifest") : null;
            }
        }
    }
}
