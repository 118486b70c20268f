package dev.forgeline.sbom;

import dev.forgeline.sbom.SbomException.Reason;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.ExternalReference;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.License;
import org.cyclonedx.model.LicenseChoice;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.util.LicenseResolver;

/**
 * Builds the SBOM of a Maven project from its resolved dependency graph.
 *
 * <ul>
 *   <li>{@code metadata.component}: the root artifact (type {@link Component.Type#LIBRARY} unless
 *       {@link #withRootType} says otherwise);
 *   <li>{@code components}: every other artifact, with group, name, version, purl
 *       ({@code pkg:maven/g/a@v?classifier=..&type=..}, bom-ref the same) and the SHA-256 and
 *       SHA-512 of its file, read in one streamed pass;
 *   <li>{@code dependencies}: one entry per artifact, the root included, from {@link
 *       ResolvedArtifact#dependsOn()}.
 * </ul>
 *
 * <p>An artifact in the list with the root's coordinates is the root and is not repeated as a
 * component. The {@link Bom} has no timestamp, tool or serial number: {@link SbomWriter} adds those.
 */
public final class MavenGraphSbom {

    private final ResolvedArtifact root;
    private final List<ResolvedArtifact> artifacts;
    private final Component.Type rootType;

    private MavenGraphSbom(ResolvedArtifact root, List<ResolvedArtifact> artifacts, Component.Type rootType) {
        this.root = Objects.requireNonNull(root, "root");
        this.artifacts = List.copyOf(artifacts);
        this.rootType = Objects.requireNonNull(rootType, "rootType");
    }

    /**
     * @param root the project the SBOM describes; its {@code dependsOn} are its direct dependencies
     * @param artifacts every resolved artifact of its graph (order does not matter)
     */
    public static MavenGraphSbom of(ResolvedArtifact root, List<ResolvedArtifact> artifacts) {
        return new MavenGraphSbom(root, artifacts, Component.Type.LIBRARY);
    }

    /** The same graph with another type for the root, e.g. {@link Component.Type#APPLICATION}. */
    public MavenGraphSbom withRootType(Component.Type type) {
        return new MavenGraphSbom(root, artifacts, type);
    }

    /** Hashes every file and builds a new {@link Bom}. */
    public Bom build() throws SbomException {
        Map<String, ResolvedArtifact> byCoordinates = new LinkedHashMap<>();
        byCoordinates.put(root.coordinates(), root);
        for (ResolvedArtifact a : artifacts) {
            ResolvedArtifact clash = byCoordinates.putIfAbsent(a.coordinates(), a);
            if (clash != null && clash != root && !clash.equals(a)) {
                throw SbomException.of(Reason.DUPLICATE, a.file(),
                        "two resolved artifacts have the coordinates " + a.coordinates()
                                + " (files " + clash.file() + " and " + a.file() + ")",
                        "a resolved graph holds one version of each artifact: pass the graph after "
                                + "conflict resolution");
            }
        }

        Bom bom = new Bom();
        Metadata metadata = new Metadata();
        metadata.setTimestamp(null); // cyclonedx-core-java stamps the clock; SbomWriter sets the real one
        metadata.setComponent(component(root, rootType, true));
        bom.setMetadata(metadata);

        Map<String, Component> components = new TreeMap<>();
        Map<String, Dependency> dependencies = new TreeMap<>();
        for (ResolvedArtifact a : byCoordinates.values()) {
            if (a != root) {
                components.put(a.purl(), component(a, Component.Type.LIBRARY, false));
            }
            Dependency dep = new Dependency(a.purl());
            TreeSet<String> targets = new TreeSet<>();
            for (String d : a.dependsOn()) {
                targets.add(resolve(byCoordinates, a, d).purl());
            }
            for (String target : targets) {
                dep.addDependency(new Dependency(target));
            }
            dependencies.put(a.purl(), dep);
        }
        bom.setComponents(new ArrayList<>(components.values()));
        bom.setDependencies(new ArrayList<>(dependencies.values()));
        return bom;
    }

    private static ResolvedArtifact resolve(Map<String, ResolvedArtifact> byCoordinates, ResolvedArtifact from,
            String reference) throws SbomException {
        String canonical = ResolvedArtifact.canonical(reference);
        if (canonical == null) {
            throw SbomException.of(Reason.MALFORMED_INPUT, null,
                    from.coordinates() + " depends on '" + reference + "', which is not "
                            + "groupId:artifactId[:type[:classifier]]:version",
                    "write dependsOn entries the way ResolvedArtifact.coordinates() does");
        }
        ResolvedArtifact target = byCoordinates.get(canonical);
        if (target == null) {
            throw SbomException.of(Reason.UNRESOLVED_REFERENCE, null,
                    from.coordinates() + " depends on " + canonical + ", which is not among the resolved artifacts",
                    "pass every artifact of the resolved graph, not only the direct dependencies");
        }
        return target;
    }

    private static Component component(ResolvedArtifact a, Component.Type type, boolean isRoot)
            throws SbomException {
        Component c = new Component();
        c.setType(type);
        c.setBomRef(a.purl());
        c.setGroup(a.groupId());
        c.setName(a.artifactId());
        c.setVersion(a.version());
        c.setPurl(a.purl());
        if (a.file() != null) {
            FileDigests d = FileDigests.of(a.file());
            c.addHash(new Hash(Hash.Algorithm.SHA_256, d.sha256()));
            c.addHash(new Hash(Hash.Algorithm.SHA_512, d.sha512()));
        }
        if (!isRoot) {
            c.setScope(scope(a));
        }
        if (a.pom() != null) {
            describe(c, a.pom());
        }
        return c;
    }

    /**
     * As cyclonedx-maven-plugin: optional dependencies are {@code optional}, the others
     * {@code required}; a test-scoped artifact is {@code excluded} from what runs.
     */
    private static Component.Scope scope(ResolvedArtifact a) {
        if (a.optional()) {
            return Component.Scope.OPTIONAL;
        }
        return "test".equals(a.scope()) ? Component.Scope.EXCLUDED : Component.Scope.REQUIRED;
    }

    /** Description, publisher, licenses and links from the POM, mapped as cyclonedx-maven-plugin maps them. */
    private static void describe(Component c, PomDetails pom) {
        c.setDescription(pom.description());
        c.setPublisher(pom.publisher());
        if (!pom.licenses().isEmpty()) {
            LicenseChoice choice = new LicenseChoice();
            for (PomDetails.License l : pom.licenses()) {
                addLicense(choice, l);
            }
            c.setLicenses(choice);
        }
        Set<String> types = new HashSet<>();
        for (PomDetails.Link link : pom.references()) {
            ExternalReference.Type type = ExternalReference.Type.fromString(link.type());
            // One reference per type, the first the POM gives (the plugin does the same).
            if (type != null && types.add(link.type())) {
                ExternalReference ref = new ExternalReference();
                ref.setType(type);
                ref.setUrl(link.url());
                c.addExternalReference(ref);
            }
        }
    }

    /** An SPDX license when the name, else the URL, is one cyclonedx-core-java knows; else name and URL. */
    private static void addLicense(LicenseChoice choice, PomDetails.License l) {
        for (String key : new String[] {l.name(), l.url()}) {
            if (key == null) {
                continue;
            }
            LicenseChoice resolved = LicenseResolver.resolve(key, false);
            if (resolved != null && resolved.getLicenses() != null && !resolved.getLicenses().isEmpty()) {
                choice.addLicense(resolved.getLicenses().get(0));
                return;
            }
        }
        if (l.name() != null) {
            License license = new License();
            license.setName(l.name());
            if (l.url() != null && isUri(l.url())) {
                license.setUrl(l.url());
            }
            choice.addLicense(license);
        }
    }

    private static boolean isUri(String s) {
        try {
            new java.net.URI(s);
            return true;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
