package dev.forgeline.release.bom;

import dev.forgeline.sbom.ResolvedArtifact;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.Metadata;

/**
 * The release's SBOM, on the root coordinate: the release (the parent POM's coordinates) depends on each published
 * Maven module's jar; each part's graph is joined by bom-ref, so the gateway leads to the loader, the loader (through its
 * consumer POM) to each platform jar, the platform jar to its library, and the library to its Cargo packages and its
 * toolchain. A component that several parts list (one Jackson jar, one rustc) appears once.
 */
public final class ReleaseSbom {
    private ReleaseSbom() {}

    /**
     * @param rootPomSha256 the SHA-256 of the root coordinate's POM (the subject's digest)
     * @param parts every other SBOM of the release, in a stable order
     * @param modules the bom-refs of the module jars the release publishes (the root's direct dependencies)
     */
    public static Bom of(String groupId, String artifactId, String version, String rootPomSha256, List<Bom> parts,
            List<String> modules) {
        Component root = new Component();
        root.setType(Component.Type.APPLICATION);
        root.setGroup(groupId);
        root.setName(artifactId);
        root.setVersion(version);
        root.setPurl(new ResolvedArtifact(groupId, artifactId, version, null, "pom", null, List.of()).purl());
        root.setBomRef(root.getPurl());
        root.addHash(new Hash(Hash.Algorithm.SHA_256, rootPomSha256));

        Map<String, Component> components = new TreeMap<>();
        Map<String, TreeSet<String>> edges = new TreeMap<>();
        for (Bom part : parts) {
            Component subject = part.getMetadata().getComponent();
            components.putIfAbsent(subject.getBomRef(), subject);
            for (Component c : part.getComponents() == null ? List.<Component>of() : part.getComponents()) {
                components.putIfAbsent(c.getBomRef(), c);
            }
            for (Dependency d : part.getDependencies() == null ? List.<Dependency>of() : part.getDependencies()) {
                TreeSet<String> to = edges.computeIfAbsent(d.getRef(), r -> new TreeSet<>());
                if (d.getDependencies() != null) {
                    d.getDependencies().forEach(t -> to.add(t.getRef()));
                }
            }
        }
        components.remove(root.getBomRef());
        edges.computeIfAbsent(root.getBomRef(), r -> new TreeSet<>()).addAll(modules);

        Bom bom = new Bom();
        Metadata metadata = new Metadata();
        metadata.setTimestamp(null);
        metadata.setComponent(root);
        bom.setMetadata(metadata);
        bom.setComponents(new ArrayList<>(components.values()));
        List<Dependency> dependencies = new ArrayList<>();
        for (Map.Entry<String, TreeSet<String>> e : edges.entrySet()) {
            if (!e.getKey().equals(root.getBomRef()) && !components.containsKey(e.getKey())) {
                continue;
            }
            Dependency d = new Dependency(e.getKey());
            e.getValue().stream().filter(components::containsKey).forEach(t -> d.addDependency(new Dependency(t)));
            dependencies.add(d);
        }
        bom.setDependencies(dependencies);
        return bom;
    }
}
