package dev.forgeline.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgeline.sbom.SbomException.Reason;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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

    private Map<String, List<Package>> byName() {
        Map<String, List<Package>> index = new HashMap<>();
        for (Package p : packages) {
            index.computeIfAbsent(p.name(), n -> new ArrayList<>()).add(p);
        }
        return index;
    }

    /**
     * The packages {@code from}'s dependency entries name, in entry order; each entry matches exactly
     * one package by name, then version, then source when the entry gives them.
     *
     * @throws SbomException UNRESOLVED_REFERENCE, at the entry's line, when an entry matches no
     *     package or several
     */
    List<Package> dependenciesOf(Package from) throws SbomException {
        List<Package> targets = new ArrayList<>();
        Map<String, List<Package>> byName = from.dependencies().isEmpty() ? Map.of() : byName();
        for (DependencyRef d : from.dependencies()) {
            List<Package> matches = new ArrayList<>();
            for (Package p : byName.getOrDefault(d.name(), List.of())) {
                if ((d.version() == null || p.version().equals(d.version()))
                        && (d.source() == null || sameSource(d.source(), p.source()))) {
                    matches.add(p);
                }
            }
            if (matches.size() > 1 && d.version() != null && d.source() == null) {
                // Cargo never writes a path source: "name version" that a registry or git package also
                // matches (with its source written) is the path package.
                matches.removeIf(p -> p.source() != null);
            }
            if (matches.size() != 1) {
                String what = matches.isEmpty() ? "matches no [[package]] in the lock file"
                        : "is ambiguous: it matches " + matches.stream()
                                .map(p -> p + " (line " + p.line() + ")").collect(Collectors.joining(", "));
                throw SbomException.at(Reason.UNRESOLVED_REFERENCE, file, d.line(),
                        "dependency \"" + d + "\" of '" + from.name() + " " + from.version() + "' " + what,
                        "the lock file is inconsistent: regenerate it with cargo");
            }
            targets.add(matches.get(0));
        }
        return targets;
    }

    /**
     * Whether a dependency entry's source names a package's source. Cargo writes a git package's
     * source with its commit ({@code git+URL?branch=b#commit}) but the entry without it
     * ({@code git+URL?branch=b}): the URL and the reference still tell two forks, or two refs, apart.
     */
    static boolean sameSource(String entrySource, String packageSource) {
        if (packageSource == null) {
            return false;
        }
        if (entrySource.equals(packageSource)) {
            return true;
        }
        int hash = packageSource.indexOf('#');
        return hash >= 0 && entrySource.indexOf('#') < 0 && packageSource.startsWith("git+")
                && packageSource.substring(0, hash).equals(entrySource);
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
        TomlFile toml = TomlFile.read(file, "lock file");
        Reader reader = new Reader(toml);
        Integer declared = reader.declaredVersion();
        Map<String, String> metadataChecksums = reader.metadataChecksums();
        List<Package> packages = new ArrayList<>();
        JsonNode rootTable = toml.root().get("root");
        if (rootTable != null) {
            int line = toml.lines().tableHeader("root");
            if (!rootTable.isObject()) {
                throw reader.wrongKind(rootTable, toml.lines().key(0, "root"), "'root'", "a table");
            }
            packages.add(reader.pkg(rootTable, Math.max(line, 1), "[root]", metadataChecksums));
        }
        JsonNode pkgs = toml.root().get("package");
        if (pkgs != null) {
            if (!TomlFile.isArrayOfTables(pkgs)) {
                int line = toml.lines().tableHeader("package");
                throw SbomException.at(Reason.MALFORMED_INPUT, file, line > 0 ? line : toml.lines().key(0, "package"),
                        "'package' must be an array of tables ([[package]]), found " + TomlFile.kind(pkgs), null);
            }
            for (int i = 0; i < pkgs.size(); i++) {
                int line = toml.lines().arrayHeader("package", i);
                packages.add(reader.pkg(pkgs.get(i), line > 0 ? line : toml.lines().key(0, "package"),
                        "[[package]]", metadataChecksums));
            }
        }
        int version = declared != null ? declared
                : (!metadataChecksums.isEmpty() || rootTable != null) ? 1 : 2;
        return new CargoLockFile(file, version, packages);
    }

    /** Reads the fields of one lock file, naming the line of anything wrong. */
    private record Reader(TomlFile toml) {

        Integer declaredVersion() throws SbomException {
            JsonNode v = toml.root().get("version");
            if (v == null) {
                return null;
            }
            int line = toml.lines().key(0, "version");
            int n = v.isIntegralNumber() && v.canConvertToInt() ? v.intValue() : -1;
            if (n < 1) {
                throw SbomException.at(Reason.MALFORMED_INPUT, toml.file(), line,
                        "'version' must be a positive integer, found " + TomlFile.kind(v)
                                + (v.isValueNode() ? " '" + v.asText() + "'" : ""), null);
            }
            if (n > NEWEST_VERSION) {
                throw SbomException.at(Reason.UNSUPPORTED_INPUT, toml.file(), line,
                        "lock file version " + n + " is newer than the versions this tool reads (1 to "
                                + NEWEST_VERSION + ")",
                        "upgrade Forgeline, or write the lock with an older Cargo (a lower rust-version also "
                                + "makes Cargo pick an older format)");
            }
            return n;
        }

        /** Version 1 keeps checksums as {@code "checksum name version (source)" = "hex"} under [metadata]. */
        Map<String, String> metadataChecksums() throws SbomException {
            Map<String, String> checksums = new HashMap<>();
            JsonNode metadata = toml.root().get("metadata");
            if (metadata == null) {
                return checksums;
            }
            int tableLine = toml.lines().tableHeader("metadata");
            if (!metadata.isObject()) {
                throw wrongKind(metadata, toml.lines().key(0, "metadata"), "'metadata'", "a table");
            }
            for (Map.Entry<String, JsonNode> e : metadata.properties()) {
                Matcher m = METADATA_CHECKSUM.matcher(e.getKey());
                if (!m.matches()) {
                    continue;
                }
                int line = toml.lines().key(tableLine, e.getKey());
                String what = "[metadata] \"" + e.getKey() + "\"";
                if (!e.getValue().isTextual()) {
                    throw wrongKind(e.getValue(), line, what, "a string");
                }
                String value = e.getValue().textValue();
                if (value.equals("<none>")) {
                    continue;
                }
                checkChecksum(value, line, what);
                checksums.put(key(m.group(1), m.group(2), m.group(3)), value);
            }
            return checksums;
        }

        Package pkg(JsonNode t, int line, String header, Map<String, String> metadataChecksums)
                throws SbomException {
            String name = requiredString(t, line, header, "name");
            String version = requiredString(t, line, header, "version");
            String source = optionalString(t, line, header, "source");
            String checksum = null;
            JsonNode c = t.get("checksum");
            if (c != null) {
                int at = toml.lines().key(line, "checksum");
                if (!c.isTextual()) {
                    throw wrongKind(c, at, header + " '" + name + "' checksum", "a string");
                }
                checkChecksum(c.textValue(), at, header + " '" + name + "' checksum");
                checksum = c.textValue();
            } else if (source != null) {
                checksum = metadataChecksums.get(key(name, version, source));
            }
            List<DependencyRef> deps = new ArrayList<>();
            JsonNode d = t.get("dependencies");
            if (d != null) {
                int listLine = toml.lines().key(line, "dependencies");
                if (!d.isArray() || TomlFile.isArrayOfTables(d)) {
                    throw wrongKind(d, listLine, header + " '" + name + "' dependencies", "an array of strings");
                }
                for (JsonNode item : d) {
                    if (!item.isTextual()) {
                        throw wrongKind(item, listLine, "an entry of " + header + " '" + name + "' dependencies",
                                "a string");
                    }
                    int at = toml.lines().string(listLine, item.textValue());
                    Matcher m = DEPENDENCY.matcher(item.textValue());
                    if (!m.matches()) {
                        throw SbomException.at(Reason.MALFORMED_INPUT, toml.file(), at,
                                "dependency \"" + item.textValue() + "\" of '" + name + "' is not "
                                        + "\"name\", \"name version\" or \"name version (source)\"",
                                "regenerate the lock file with cargo");
                    }
                    deps.add(new DependencyRef(m.group(1), m.group(2), m.group(3), at));
                }
            }
            return new Package(name, version, source, checksum, deps, line);
        }

        private void checkChecksum(String value, int line, String what) throws SbomException {
            if (!CHECKSUM.matcher(value).matches()) {
                throw SbomException.at(Reason.MALFORMED_INPUT, toml.file(), line,
                        what + " must be 64 lower-case hex digits (a SHA-256), found \"" + value + "\"",
                        "the lock file may be corrupted: regenerate it with cargo");
            }
        }

        private String requiredString(JsonNode t, int line, String header, String key) throws SbomException {
            String s = optionalString(t, line, header, key);
            if (s == null) {
                JsonNode name = t.get("name");
                String which = name != null && name.isTextual() && !key.equals("name")
                        ? " '" + name.textValue() + "'" : "";
                throw SbomException.at(Reason.MISSING_FIELD, toml.file(), line,
                        header + which + " has no '" + key + "'",
                        "every locked package needs name and version: regenerate the lock file with cargo");
            }
            return s;
        }

        private String optionalString(JsonNode t, int line, String header, String key) throws SbomException {
            JsonNode v = t.get(key);
            if (v == null) {
                return null;
            }
            if (!v.isTextual()) {
                throw wrongKind(v, toml.lines().key(line, key), header + " " + key, "a string");
            }
            return v.textValue();
        }

        SbomException wrongKind(JsonNode v, int line, String what, String expected) {
            return SbomException.at(Reason.MALFORMED_INPUT, toml.file(), line,
                    what + " must be " + expected + ", found " + TomlFile.kind(v), null);
        }
    }

    private static String key(String name, String version, String source) {
        return name + ' ' + version + ' ' + source;
    }
}
