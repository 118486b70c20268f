package dev.forgeline.sbom;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;

/**
 * Builds the SBOM of a multi-platform container image from what its platform images hold, as the image builder
 * recorded it: the base's distribution (an {@code operating-system} component, {@code os:debian-12}), every Debian
 * package of each base (purl {@code pkg:deb/debian/<name>@<version>?arch=<arch>&distro=debian-12}, the SHA-256 of the
 * {@code .deb}), the JRE among them (property {@value #JRE_PROPERTY}), every jar (purl {@code pkg:maven/...},
 * its SHA-256, its path in the image) and each platform's native library (type {@code file}, its SHA-256). A component
 * that is in several platform images (a jar) is listed once, with one {@value #PLATFORM_PROPERTY} property per platform.
 *
 * <p>{@code metadata.component} is the image itself (type {@code container}), its bom-ref the index digest. The
 * {@link Bom} has no timestamp, tool or serial number: {@link SbomWriter} adds those.
 */
public final class ImageSbom {
    /** Names the OCI platform ({@code linux/arm64}) of an image a component is in. */
    public static final String PLATFORM_PROPERTY = "forgeline:image:platform";
    /** A component's path in the image's root file system. */
    public static final String PATH_PROPERTY = "forgeline:image:path";
    /** Marks the Debian package that is the image's Java runtime. */
    public static final String JRE_PROPERTY = "forgeline:image:jre";

    /** A Debian package of a platform image's base: {@code name:arch=version} and the SHA-256 of its {@code .deb}. */
    public record Deb(String name, String arch, String version, String sha256) {}

    /** A jar of a platform image: its path, Maven coordinates and SHA-256. */
    public record Jar(String path, String groupId, String artifactId, String version, String classifier, String sha256) {}

    /**
     * A platform image: its OCI platform, packages and the distribution they are of ({@code debian-12}, the base's
     * os-release {@code ID-VERSION_ID}; null when unknown), jars, and the native library's file name, path and SHA-256.
     */
    public record Platform(String platform, List<Deb> packages, String distro, List<Jar> jars, String libraryName,
            String libraryPath, String librarySha256) {
        public Platform {
            packages = List.copyOf(packages);
            jars = List.copyOf(jars);
        }
    }

    private ImageSbom() {}

    /**
     * @param name the image's name ({@code gateway})
     * @param version the release version
     * @param indexDigest the image index digest ({@code sha256:<hex>})
     */
    public static Bom build(String name, String version, String indexDigest, List<Platform> platforms) {
        Objects.requireNonNull(indexDigest, "indexDigest");
        Component image = new Component();
        image.setType(Component.Type.CONTAINER);
        image.setBomRef(indexDigest);
        image.setName(name);
        image.setVersion(version);
        image.addHash(new Hash(Hash.Algorithm.SHA_256, indexDigest.replaceFirst("^sha256:", "")));
        Metadata metadata = new Metadata();
        metadata.setComponent(image);

        Map<String, Component> components = new TreeMap<>();
        for (Platform p : platforms) {
            if (p.distro() != null) {
                components.computeIfAbsent("os:" + p.distro(), bomRef -> operatingSystem(bomRef, p.distro()))
                        .addProperty(property(PLATFORM_PROPERTY, p.platform()));
            }
            for (Deb d : p.packages()) {
                Component c = components.computeIfAbsent(Purls.deb(d.name(), d.version(), d.arch(), p.distro()), purl -> {
                    Component deb = component(Component.Type.LIBRARY, purl, null, d.name(), d.version(), d.sha256());
                    if (d.name().matches("openjdk-[0-9]+-jre(-headless)?")) {
                        deb.addProperty(property(JRE_PROPERTY, "true"));
                    }
                    return deb;
                });
                c.addProperty(property(PLATFORM_PROPERTY, p.platform()));
            }
            for (Jar j : p.jars()) {
                Component c = components.computeIfAbsent(
                        Purls.maven(j.groupId(), j.artifactId(), j.version(), j.classifier(), "jar"), purl -> {
                            Component jar = component(Component.Type.LIBRARY, purl, j.groupId(), j.artifactId(),
                                    j.version(), j.sha256());
                            jar.addProperty(property(PATH_PROPERTY, j.path()));
                            return jar;
                        });
                c.addProperty(property(PLATFORM_PROPERTY, p.platform()));
            }
            if (p.librarySha256() != null) {
                Component library = component(Component.Type.FILE, null, null, p.libraryName(), version,
                        p.librarySha256());
                library.setBomRef("file:" + p.platform() + ":" + p.libraryPath());
                library.addProperty(property(PATH_PROPERTY, p.libraryPath()));
                library.addProperty(property(PLATFORM_PROPERTY, p.platform()));
                components.put(library.getBomRef(), library);
            }
        }
        Bom bom = new Bom();
        bom.setMetadata(metadata);
        bom.setComponents(new ArrayList<>(components.values()));
        return bom;
    }

    /**
     * The base's distribution ({@code os:debian-12}) as an {@code operating-system} component, named and versioned as
     * its os-release's {@code ID} and {@code VERSION_ID}: what scanners read to match the Debian packages' advisories.
     */
    private static Component operatingSystem(String bomRef, String distro) {
        int dash = distro.lastIndexOf('-');
        Component os = component(Component.Type.OPERATING_SYSTEM, null, null, dash < 0 ? distro : distro.substring(0, dash),
                dash < 0 ? null : distro.substring(dash + 1), null);
        os.setBomRef(bomRef);
        return os;
    }

    private static Component component(Component.Type type, String purl, String group, String name, String version,
            String sha256) {
        Component c = new Component();
        c.setType(type);
        if (purl != null) {
            c.setBomRef(purl);
            c.setPurl(purl);
        }
        c.setGroup(group);
        c.setName(name);
        c.setVersion(version);
        if (sha256 != null) {
            c.addHash(new Hash(Hash.Algorithm.SHA_256, sha256));
        }
        return c;
    }

    private static Property property(String name, String value) {
        Property p = new Property();
        p.setName(name);
        p.setValue(value);
        return p;
    }
}
