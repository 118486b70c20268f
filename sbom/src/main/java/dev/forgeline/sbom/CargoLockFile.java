package dev.forgeline.sbom;

import dev.forgeline.sbom.MiniToml.Arr;
import dev.forgeline.sbom.MiniToml.Scalar;
import dev.forgeline.sbom.MiniToml.Str;
import dev.forgeline.sbom.MiniToml.Table;
import dev.forgeline.sbom.MiniToml.Value;
import dev.forgeline.sbom.SbomException.Reason;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Cargo.lock, any format Cargo has written: version 1 (checksums under {@code [metadata]}, every
 * dependency spelled {@code "name version (source)"}, sometimes a {@code [root]} table), version 2
 * (no marker, checksums inline, dependencies abbreviated to {@code "name"} or {@code "name version"}
 * where that is unambiguous), versions 3 and 4 ({@code version = N} at the top). Only the fields an
 * SBOM needs are kept; every package and dependency keeps its line for error messages.
 *
 * @param version the format version: as written for 3 and later; 1 or 2 as inferred for older files
 *     (1 when there is a {@code [metadata]} checksum or a {@code [root]} table)
 */
record CargoLockFile(Path file, int version, List<Package> packages) {

    /** The newest format this reader knows. */
    static final int NEWEST_VERSION = 4;

    private static final Pattern CHECKSUM = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern DEPENDENCY = Pattern.compile("(\\S+)(?: (\\S+)(?: \\((.+)\\))?)?");
    private static final Pattern METADATA_CHECKSUM = Pattern.compile("checksum (\\S+) (\\S+) \\((.+)\\)");

    CargoLockFile {
        Objects.requireNonNull(file, "file");
        packages = List.copyOf(packages);
    }

    /**
     * One {@code [[package]]}.
     *
     * @param source null for path packages (workspace members)
     * @param checksum the SHA-256 of the .crate file, lower-case hex; null when the lock has none
     */
    record Package(String name, String version, String source, String checksum,
            List<DependencyRef> dependencies, int line) {
        Package {
            dependencies = List.copyOf(dependencies);
        }

        @Override
        public String toString() {
            return name + " " + version + (source == null ? "" : " (" + source + ")");
        }
    }

    /** One entry of a package's {@code dependencies}; version and source are null when omitted. */
    record DependencyRef(String name, String version, String source, int line) {
        @Override
        public String toString() {
            return name + (version == null ? "" : " " + version) + (source == null ? "" : " (" + source + ")");
        }
    }

    static CargoLockFile read(Path file) throws SbomException {
        Table root = MiniToml.read(file, "lock file");
        Integer declared = declaredVersion(file, root);

        Map<String, String> metadataChecksums = metadataChecksums(file, root);
        List<Package> packages = new ArrayList<>();
        Value rootTable = root.get("root");
        if (rootTable != null) {
            if (!(rootTable instanceof Table t)) {
                throw wrongKind(file, rootTable, "'root'", "a table");
            }
            packages.add(pkg(file, t, "[root]", metadataChecksums));
        }
        Value pkgs = root.get("package");
        if (pkgs != null) {
            if (!(pkgs instanceof Arr arr && arr.ofTables())) {
                throw SbomException.at(Reason.MALFORMED_INPUT, file, pkgs.line(),
                        "'package' must be an array of tables ([[package]]), found " + pkgs.kind(), null);
            }
            for (Value v : arr.items()) {
                packages.add(pkg(file, (Table) v, "[[package]]", metadataChecksums));
            }
        }
        int version = declared != null ? declared
                : (!metadataChecksums.isEmpty() || rootTable != null) ? 1 : 2;
        return new CargoLockFile(file, version, packages);
    }

    private static Integer declaredVersion(Path file, Table root) throws SbomException {
        Value v = root.get("version");
        if (v == null) {
            return null;
        }
        int n;
        try {
            n = v instanceof Scalar s ? Integer.parseInt(s.raw()) : -1;
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1) {
            throw SbomException.at(Reason.MALFORMED_INPUT, file, v.line(),
                    "'version' must be a positive integer, found " + v.kind()
                            + (v instanceof Scalar s ? " '" + s.raw() + "'" : ""), null);
        }
        if (n > NEWEST_VERSION) {
            throw SbomException.at(Reason.UNSUPPORTED_INPUT, file, v.line(),
                    "lock file version " + n + " is newer than the versions this tool reads (1 to "
                            + NEWEST_VERSION + ")",
                    "upgrade Forgeline, or write the lock with an older Cargo (a lower rust-version also "
                            + "makes Cargo pick an older format)");
        }
        return n;
    }

    /** Version 1 keeps checksums as {@code "checksum name version (source)" = "hex"} under [metadata]. */
    private static Map<String, String> metadataChecksums(Path file, Table root) throws SbomException {
        Map<String, String> checksums = new HashMap<>();
        Value metadata = root.get("metadata");
        if (metadata == null) {
            return checksums;
        }
        if (!(metadata instanceof Table t)) {
            throw wrongKind(file, metadata, "'metadata'", "a table");
        }
        for (Map.Entry<String, Value> e : t.entries().entrySet()) {
            Matcher m = METADATA_CHECKSUM.matcher(e.getKey());
            if (!m.matches()) {
                continue;
            }
            if (!(e.getValue() instanceof Str s)) {
                throw wrongKind(file, e.getValue(), "[metadata] \"" + e.getKey() + "\"", "a string");
            }
            if (s.value().equals("<none>")) {
                continue;
            }
            checkChecksum(file, s, "[metadata] \"" + e.getKey() + "\"");
            checksums.put(key(m.group(1), m.group(2), m.group(3)), s.value());
        }
        return checksums;
    }

    private static Package pkg(Path file, Table t, String header, Map<String, String> metadataChecksums)
            throws SbomException {
        String name = requiredString(file, t, header, "name");
        String version = requiredString(file, t, header, "version");
        String source = optionalString(file, t, header, "source");
        String checksum = null;
        Value c = t.get("checksum");
        if (c != null) {
            if (!(c instanceof Str s)) {
                throw wrongKind(file, c, header + " '" + name + "' checksum", "a string");
            }
            checkChecksum(file, s, header + " '" + name + "' checksum");
            checksum = s.value();
        } else if (source != null) {
            checksum = metadataChecksums.get(key(name, version, source));
        }
        List<DependencyRef> deps = new ArrayList<>();
        Value d = t.get("dependencies");
        if (d != null) {
            if (!(d instanceof Arr arr) || arr.ofTables()) {
                throw wrongKind(file, d, header + " '" + name + "' dependencies", "an array of strings");
            }
            for (Value item : arr.items()) {
                if (!(item instanceof Str s)) {
                    throw wrongKind(file, item, "an entry of " + header + " '" + name + "' dependencies",
                            "a string");
                }
                Matcher m = DEPENDENCY.matcher(s.value());
                if (!m.matches()) {
                    throw SbomException.at(Reason.MALFORMED_INPUT, file, s.line(),
                            "dependency \"" + s.value() + "\" of '" + name + "' is not "
                                    + "\"name\", \"name version\" or \"name version (source)\"",
                            "regenerate the lock file with cargo");
                }
                deps.add(new DependencyRef(m.group(1), m.group(2), m.group(3), s.line()));
            }
        }
        return new Package(name, version, source, checksum, deps, t.line());
    }

    private static void checkChecksum(Path file, Str s, String what) throws SbomException {
        if (!CHECKSUM.matcher(s.value()).matches()) {
            throw SbomException.at(Reason.MALFORMED_INPUT, file, s.line(),
                    what + " must be 64 lower-case hex digits (a SHA-256), found \"" + s.value() + "\"",
                    "the lock file may be corrupted: regenerate it with cargo");
        }
    }

    private static String requiredString(Path file, Table t, String header, String key) throws SbomException {
        String s = optionalString(file, t, header, key);
        if (s == null) {
            Value name = t.get("name");
            String which = name instanceof Str n && !key.equals("name") ? " '" + n.value() + "'" : "";
            throw SbomException.at(Reason.MISSING_FIELD, file, t.line(),
                    header + which + " has no '" + key + "'",
                    "every locked package needs name and version: regenerate the lock file with cargo");
        }
        return s;
    }

    private static String optionalString(Path file, Table t, String header, String key) throws SbomException {
        Value v = t.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Str s)) {
            throw wrongKind(file, v, header + " " + key, "a string");
        }
        return s.value();
    }

    private static SbomException wrongKind(Path file, Value v, String what, String expected) {
        return SbomException.at(Reason.MALFORMED_INPUT, file, v.line(),
                what + " must be " + expected + ", found " + v.kind(), null);
    }

    private static String key(String name, String version, String source) {
        return name + ' ' + version + ' ' + source;
    }
}
