package dev.forgeline.sbom;

import dev.forgeline.sbom.CargoLockFile.Package;
import dev.forgeline.sbom.SbomException.Reason;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.ExternalReference;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.License;
import org.cyclonedx.model.LicenseChoice;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.license.Expression;

/**
 * Builds the SBOM of a Rust crate from its Cargo.toml and Cargo.lock.
 *
 * <ul>
 *   <li>{@code metadata.component}: the crate (type {@code library}, purl
 *       {@code pkg:cargo/<name>@<version>}, license expression, {@code rust-version} as the property
 *       {@value #RUST_VERSION_PROPERTY});
 *   <li>{@code components}: every locked package except the crate itself, with its purl, the
 *       lock file {@code checksum} as a SHA-256 hash, and its source as an external reference
 *       ({@code distribution} for a registry index, {@code vcs} for a git repository);
 *   <li>{@code dependencies}: one entry per package, the crate included, naming the bom-refs (the
 *       purls) of what the lock file says it depends on.
 * </ul>
 *
 * <p>The lock file lists every package Cargo resolved for any target and profile (dev-dependencies
 * and other platforms' dependencies included), so the SBOM is a superset of what one build links.
 * The {@link Bom} has no timestamp, tool or serial number: {@link SbomWriter} adds those.
 */
public final class CargoLockSbom {

    /** Property holding the crate's minimum supported Rust version. */
    public static final String RUST_VERSION_PROPERTY = "forgeline:cargo:rust-version";

    static final String CRATES_IO_INDEX = "https://github.com/rust-lang/crates.io-index";
    static final String CRATES_IO_SPARSE_INDEX = "https://index.crates.io/";

    private final Path cargoToml;
    private final Path cargoLock;

    private CargoLockSbom(Path cargoToml, Path cargoLock) {
        this.cargoToml = Objects.requireNonNull(cargoToml, "cargoToml");
        this.cargoLock = Objects.requireNonNull(cargoLock, "cargoLock");
    }

    /** The crate described by {@code cargoToml}, resolved as {@code cargoLock} records. */
    public static CargoLockSbom of(Path cargoToml, Path cargoLock) {
        return new CargoLockSbom(cargoToml, cargoLock);
    }

    /** The crate in {@code crateDir}, with the Cargo.lock next to its Cargo.toml. */
    public static CargoLockSbom ofCrate(Path crateDir) {
        return new CargoLockSbom(crateDir.resolve("Cargo.toml"), crateDir.resolve("Cargo.lock"));
    }

    /** Reads both files and builds a new {@link Bom}; each call reads the files again. */
    public Bom build() throws SbomException {
        CargoManifest manifest = CargoManifest.read(cargoToml);
        CargoLockFile lock = CargoLockFile.read(cargoLock);
        Package root = findRoot(manifest, lock);

        // The graph first: an inconsistent lock file is reported at the entry at fault.
        Map<Package, List<Package>> graph = new IdentityHashMap<>();
        for (Package p : lock.packages()) {
            graph.put(p, lock.dependenciesOf(p));
        }
        Map<Package, String> refs = new IdentityHashMap<>();
        Map<String, Package> byRef = new HashMap<>();
        Map<String, Path> pathCrates = null;
        for (Package p : lock.packages()) {
            String ref;
            if (p == root) {
                ref = rootPurl(manifest);
            } else if (p.source() == null) {
                if (pathCrates == null) {
                    pathCrates = CargoWorkspace.pathCrates(cargoLock);
                }
                ref = pathPurl(p, pathCrates);
            } else {
                ref = purl(p);
            }
            Package clash = byRef.putIfAbsent(ref, p);
            if (clash != null) {
                throw SbomException.at(Reason.DUPLICATE, cargoLock, p.line(),
                        "package '" + p + "' has the same identity " + ref + " as the package on line "
                                + clash.line(),
                        "a lock file lists each name, version and source once: regenerate it with cargo");
            }
            refs.put(p, ref);
        }

        Bom bom = new Bom();
        Metadata metadata = new Metadata();
        metadata.setTimestamp(null); // cyclonedx-core-java stamps the clock; SbomWriter sets the real one
        metadata.setComponent(rootComponent(manifest));
        bom.setMetadata(metadata);

        Map<String, Component> components = new TreeMap<>();
        Map<String, Dependency> dependencies = new TreeMap<>();
        for (Package p : lock.packages()) {
            String ref = refs.get(p);
            if (p != root) {
                components.put(ref, component(p, ref));
            }
            Dependency dep = new Dependency(ref);
            TreeSet<String> targets = new TreeSet<>();
            for (Package target : graph.get(p)) {
                targets.add(refs.get(target));
            }
            for (String target : targets) {
                dep.addDependency(new Dependency(target));
            }
            dependencies.put(ref, dep);
        }
        bom.setComponents(new ArrayList<>(components.values()));
        bom.setDependencies(new ArrayList<>(dependencies.values()));
        return bom;
    }

    private Package findRoot(CargoManifest manifest, CargoLockFile lock) throws SbomException {
        List<Package> named = lock.packages().stream()
                .filter(p -> p.name().equals(manifest.name()))
                .collect(Collectors.toList());
        for (Package p : named) {
            if (p.version().equals(manifest.version()) && p.source() == null) {
                return p;
            }
        }
        String found = named.isEmpty() ? "no package of that name"
                : named.stream().map(Package::toString).collect(Collectors.joining(", ", "only ", ""));
        throw SbomException.of(Reason.UNRESOLVED_REFERENCE, cargoLock,
                "the lock file has no path package " + manifest.name() + " " + manifest.version()
                        + " (the crate of " + cargoToml + "); it has " + found,
                "the lock file is stale or belongs to another workspace: run `cargo generate-lockfile` "
                        + "in the crate's workspace and commit the result");
    }

    private static String rootPurl(CargoManifest m) {
        return Purls.cargo(m.name(), m.version(), Map.of());
    }

    private static Component rootComponent(CargoManifest m) {
        Component c = new Component();
        String purl = rootPurl(m);
        c.setType(Component.Type.LIBRARY);
        c.setBomRef(purl);
        c.setName(m.name());
        c.setVersion(m.version());
        c.setPurl(purl);
        if (m.description() != null) {
            c.setDescription(m.description());
        }
        if (m.license() != null) {
            LicenseChoice licenses = new LicenseChoice();
            licenses.setExpression(new Expression(m.license()));
            c.setLicenses(licenses);
        } else if (m.licenseFile() != null) {
            License license = new License();
            license.setName("License in " + m.licenseFile());
            LicenseChoice licenses = new LicenseChoice();
            licenses.addLicense(license);
            c.setLicenses(licenses);
        }
        addReference(c, ExternalReference.Type.VCS, m.repository(), "Cargo.toml repository");
        addReference(c, ExternalReference.Type.WEBSITE, m.homepage(), "Cargo.toml homepage");
        addReference(c, ExternalReference.Type.DOCUMENTATION, m.documentation(), "Cargo.toml documentation");
        if (m.rustVersion() != null) {
            c.addProperty(new Property(RUST_VERSION_PROPERTY, m.rustVersion()));
        }
        return c;
    }

    private static Component component(Package p, String ref) {
        Component c = new Component();
        c.setType(Component.Type.LIBRARY);
        c.setBomRef(ref);
        c.setName(p.name());
        c.setVersion(p.version());
        c.setPurl(ref);
        if (p.checksum() != null) {
            c.addHash(new Hash(Hash.Algorithm.SHA_256, p.checksum()));
        }
        Source source = Source.parse(p.source());
        if (source != null && source.referenceType() != null) {
            addReference(c, source.referenceType(), source.url(), source.comment());
        }
        return c;
    }

    private static String purl(Package p) {
        Source source = Source.parse(p.source());
        Map<String, String> qualifiers = source == null ? Map.of() : source.purlQualifiers();
        return Purls.cargo(p.name(), p.version(), qualifiers);
    }

    /**
     * A path crate: {@code download_url=file://<its directory, relative to the crate described>}, as
     * cargo-cyclonedx writes it, so that it never equals a crates.io crate of the same name and version.
     */
    private String pathPurl(Package p, Map<String, Path> pathCrates) throws SbomException {
        Path dir = pathCrates.get(p.name() + " " + p.version());
        if (dir == null) {
            throw CargoWorkspace.notFound(cargoLock, p);
        }
        Path crateDir = cargoToml.toAbsolutePath().normalize().getParent();
        String relative = crateDir.relativize(dir).toString().replace('\\', '/');
        return Purls.cargo(p.name(), p.version(),
                Map.of("download_url", "file://" + (relative.isEmpty() ? "." : relative)));
    }

    private static void addReference(Component c, ExternalReference.Type type, String url, String comment) {
        if (url == null || url.isBlank()) {
            return;
        }
        ExternalReference ref = new ExternalReference();
        ref.setType(type);
        ref.setUrl(url);
        ref.setComment(comment);
        c.addExternalReference(ref);
    }

    /**
     * A lock file {@code source}: {@code registry+<index url>}, {@code sparse+<index url>},
     * {@code git+<repository url>[?<branch|tag|rev>=..][#<commit>]}, or another kind Cargo may write
     * ({@code path+}, {@code directory+}, {@code local-registry+}), which gets no reference.
     */
    record Source(String raw, String kind, String url, String query, String commit) {

        static Source parse(String raw) {
            if (raw == null) {
                return null;
            }
            int plus = raw.indexOf('+');
            if (plus < 0) {
                return new Source(raw, "", raw, null, null);
            }
            String kind = raw.substring(0, plus);
            String rest = raw.substring(plus + 1);
            if (!kind.equals("git")) {
                return new Source(raw, kind, rest, null, null);
            }
            String commit = null;
            int hash = rest.indexOf('#');
            if (hash >= 0) {
                commit = rest.substring(hash + 1);
                rest = rest.substring(0, hash);
            }
            String query = null;
            int q = rest.indexOf('?');
            if (q >= 0) {
                query = rest.substring(q + 1);
                rest = rest.substring(0, q);
            }
            return new Source(raw, kind, rest, query, commit);
        }

        boolean isRegistry() {
            return kind.equals("registry") || kind.equals("sparse");
        }

        boolean isCratesIo() {
            return (kind.equals("registry") && url.equals(CRATES_IO_INDEX))
                    || (kind.equals("sparse") && url.equals(CRATES_IO_SPARSE_INDEX));
        }

        ExternalReference.Type referenceType() {
            if (isRegistry()) {
                return ExternalReference.Type.DISTRIBUTION;
            }
            return kind.equals("git") ? ExternalReference.Type.VCS : null;
        }

        String comment() {
            if (isRegistry()) {
                return (isCratesIo() ? "crates.io" : "Cargo registry") + " index; lock file source: " + raw;
            }
            StringBuilder sb = new StringBuilder("git");
            if (commit != null) {
                sb.append(" commit ").append(commit);
            }
            if (query != null) {
                sb.append(" (").append(query).append(')');
            }
            return sb.append("; lock file source: ").append(raw).toString();
        }

        /** Crates from crates.io need none; other registries and git say where the crate came from. */
        Map<String, String> purlQualifiers() {
            if (isCratesIo()) {
                return Map.of();
            }
            if (isRegistry()) {
                return Map.of("repository_url", url);
            }
            if (kind.equals("git")) {
                // As cargo-cyclonedx does: the source with '#' as '@', so the ref (branch, tag, rev) stays in.
                return Map.of("vcs_url", "git+" + url + (query == null ? "" : "?" + query)
                        + (commit == null ? "" : "@" + commit));
            }
            return Map.of();
        }
    }
}
