package dev.forgeline.release.bom;

import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.sbom.CargoLockSbom;
import dev.forgeline.sbom.SbomException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.Property;

/**
 * The SBOM of one platform library, the one that travels inside its platform jar ({@code META-INF/sbom/}): the crate
 * as built for the target (its SHA-256 is the library's), every package of its {@code Cargo.lock}, and the toolchain
 * that built it as components of scope {@code excluded} (used to build, not shipped): rustc, cargo, the target's std,
 * the linker, the Debian packages of a cross toolchain, the glibc stubs with their floor. The library depends on its
 * Cargo packages and on every toolchain component.
 */
public final class PlatformLibrarySbom {
    /** Properties the documents carry (docs/sbom.md). */
    public static final String TARGET_PROPERTY = "forgeline:rust-target";
    public static final String CLASSIFIER_PROPERTY = "forgeline:classifier";
    public static final String FILE_PROPERTY = "forgeline:file";
    public static final String GLIBC_FLOOR_PROPERTY = "forgeline:glibc-floor";
    public static final String ROLE_PROPERTY = "forgeline:toolchain-role";

    /**
     * What the SBOM describes.
     *
     * @param crateDir the crate's directory (Cargo.toml and Cargo.lock), in the build's source snapshot
     * @param libraryFile the library's file name in the jar
     * @param toolchain what built it, as the manifest records it ({@code targets.*.toolchain})
     */
    public record Library(Path crateDir, String classifier, String rustTriple, String libraryFile, String librarySha256,
            ReleaseManifest.Toolchain toolchain) {
        public Library {
            Objects.requireNonNull(crateDir, "crateDir");
            Objects.requireNonNull(classifier, "classifier");
            Objects.requireNonNull(rustTriple, "rustTriple");
            Objects.requireNonNull(libraryFile, "libraryFile");
            Objects.requireNonNull(librarySha256, "librarySha256");
            Objects.requireNonNull(toolchain, "toolchain");
        }
    }

    private PlatformLibrarySbom() {}

    public static Bom of(Library library) throws SbomException {
        Bom bom = CargoLockSbom.ofCrate(library.crateDir()).build();
        Component crate = bom.getMetadata().getComponent();
        String crateRef = crate.getBomRef();
        // One crate is built for several targets: the bom-ref keeps the libraries apart in the release SBOM.
        String libraryRef = libraryRef(crateRef, library.rustTriple());
        crate.setBomRef(libraryRef);
        crate.setHashes(new ArrayList<>(List.of(new Hash(Hash.Algorithm.SHA_256, library.librarySha256()))));
        crate.addProperty(property(TARGET_PROPERTY, library.rustTriple()));
        crate.addProperty(property(CLASSIFIER_PROPERTY, library.classifier()));
        crate.addProperty(property(FILE_PROPERTY, library.libraryFile()));
        bom.getMetadata().addProperty(property(TARGET_PROPERTY, library.rustTriple()));

        List<Component> tools = toolchain(library);
        List<Dependency> dependencies = new ArrayList<>();
        for (Dependency d : bom.getDependencies()) {
            if (d.getRef().equals(crateRef)) {
                Dependency renamed = new Dependency(libraryRef);
                if (d.getDependencies() != null) {
                    d.getDependencies().forEach(renamed::addDependency);
                }
                tools.forEach(t -> renamed.addDependency(new Dependency(t.getBomRef())));
                dependencies.add(renamed);
            } else {
                dependencies.add(d);
            }
        }
        for (Component t : tools) {
            bom.addComponent(t);
            dependencies.add(new Dependency(t.getBomRef()));
        }
        bom.setDependencies(dependencies);
        return bom;
    }

    /** The bom-ref of a crate's library built for {@code rustTriple}: the crate's purl and the triple as fragment. */
    public static String libraryRef(String cratePurl, String rustTriple) {
        return cratePurl + "#" + rustTriple;
    }

    private static List<Component> toolchain(Library library) {
        ReleaseManifest.Toolchain t = library.toolchain();
        String triple = library.rustTriple();
        List<Component> tools = new ArrayList<>();
        String rustcVersion = versionOf(t.rustc());
        if (rustcVersion != null) {
            tools.add(tool("rustc", rustcVersion, t.rustc(), t.rustcSha256(), "compiler", Map.of()));
            // The target's std is rustc's for a host build (no digest recorded) and a Debian package for a
            // cross build (listed below with its version).
            tools.add(tool("rust-std", rustcVersion, "the Rust standard library for " + triple, null, "target-std",
                    Map.of("target", triple)));
        }
        String cargoVersion = versionOf(t.cargo());
        if (cargoVersion != null) {
            tools.add(tool("cargo", cargoVersion, t.cargo(), null, "build-tool", Map.of()));
        }
        if (t.linker() != null) {
            // The file name only: the path is the build machine's.
            String name = Path.of(t.linker()).getFileName().toString();
            tools.add(tool(name, null, "the linker", t.linkerSha256(), "linker", Map.of()));
        }
        if (t.linkedGlibc() != null) {
            Component stubs = tool("glibc-stubs", t.linkedGlibc(),
                    "stub libraries of glibc " + t.linkedGlibc() + " linked against (the glibc floor), made from glibc's ABI lists",
                    null, "glibc-stubs", Map.of("target", triple));
            stubs.addProperty(property(GLIBC_FLOOR_PROPERTY, t.linkedGlibc()));
            tools.add(stubs);
        }
        for (String p : t.packages() == null ? List.<String>of() : t.packages()) {
            // name:arch=version, as the build records a Debian package
            int colon = p.indexOf(':');
            int eq = p.indexOf('=');
            if (colon <= 0 || eq < colon) {
                continue;
            }
            String name = p.substring(0, colon);
            String arch = p.substring(colon + 1, eq);
            String version = p.substring(eq + 1);
            Component deb = new Component();
            deb.setType(Component.Type.APPLICATION);
            deb.setName(name);
            deb.setVersion(version);
            deb.setPurl(ToolPurls.debian(name, version, arch));
            deb.setBomRef(deb.getPurl());
            deb.setScope(Component.Scope.EXCLUDED);
            deb.addProperty(property(ROLE_PROPERTY, "debian-package"));
            tools.add(deb);
        }
        // One component per bom-ref (a package may be recorded twice, e.g. as host and sysroot package).
        Map<String, Component> unique = new LinkedHashMap<>();
        tools.forEach(c -> unique.putIfAbsent(c.getBomRef(), c));
        return new ArrayList<>(unique.values());
    }

    private static Component tool(String name, String version, String description, String sha256, String role,
            Map<String, String> qualifiers) {
        Component c = new Component();
        c.setType(Component.Type.APPLICATION);
        c.setName(name);
        if (version != null) {
            c.setVersion(version);
        }
        c.setDescription(description);
        Map<String, String> q = new LinkedHashMap<>(qualifiers);
        if (sha256 != null) {
            c.addHash(new Hash(Hash.Algorithm.SHA_256, sha256));
            q.put("checksum", "sha256:" + sha256);
        }
        c.setPurl(ToolPurls.generic(name, version, q));
        c.setBomRef(c.getPurl());
        c.setScope(Component.Scope.EXCLUDED);
        c.addProperty(property(ROLE_PROPERTY, role));
        return c;
    }

    /** "rustc 1.96.0 (...)" → "1.96.0"; null when the text has no second word. */
    static String versionOf(String versionLine) {
        if (versionLine == null) {
            return null;
        }
        String[] words = versionLine.strip().split("\\s+");
        return words.length >= 2 ? words[1] : null;
    }

    static Property property(String name, String value) {
        Property p = new Property();
        p.setName(name);
        p.setValue(value);
        return p;
    }
}
