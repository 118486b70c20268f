package dev.forgeline.release.bom;

import dev.forgeline.sbom.ResolvedArtifact;
import java.util.ArrayList;
import java.util.List;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.Metadata;

/**
 * The SBOM published next to a platform jar: the jar itself ({@code pkg:maven/...?classifier=<platform>}, its SHA-256
 * and SHA-512) as the subject, depending on the library its inner SBOM describes, with everything that inner SBOM
 * lists. Made from the SBOM inside the jar, so the two agree by construction.
 */
public final class PlatformJarSbom {
    private PlatformJarSbom() {}

    public static Bom of(Bom inner, String groupId, String artifactId, String version, String classifier,
            String sha256, String sha512) {
        Component library = inner.getMetadata().getComponent();
        Component jar = new Component();
        jar.setType(Component.Type.LIBRARY);
        jar.setGroup(groupId);
        jar.setName(artifactId);
        jar.setVersion(version);
        jar.setPurl(new ResolvedArtifact(groupId, artifactId, version, classifier, "jar", null, List.of()).purl());
        jar.setBomRef(jar.getPurl());
        jar.addHash(new Hash(Hash.Algorithm.SHA_256, sha256));
        jar.addHash(new Hash(Hash.Algorithm.SHA_512, sha512));
        jar.addProperty(PlatformLibrarySbom.property(PlatformLibrarySbom.CLASSIFIER_PROPERTY, classifier));

        Bom bom = new Bom();
        Metadata metadata = new Metadata();
        metadata.setTimestamp(null);
        metadata.setComponent(jar);
        if (inner.getMetadata().getProperties() != null) {
            metadata.setProperties(new ArrayList<>(inner.getMetadata().getProperties()));
        }
        bom.setMetadata(metadata);
        List<Component> components = new ArrayList<>(inner.getComponents() == null ? List.of() : inner.getComponents());
        components.add(library);
        bom.setComponents(components);
        List<Dependency> dependencies = new ArrayList<>(inner.getDependencies() == null ? List.of() : inner.getDependencies());
        Dependency jarDependency = new Dependency(jar.getBomRef());
        jarDependency.addDependency(new Dependency(library.getBomRef()));
        dependencies.add(jarDependency);
        bom.setDependencies(dependencies);
        return bom;
    }
}
