package dev.forgeline.release.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The dependencies of a release: the components of its verified SBOMs, merged by package URL (one entry per package
 * and version, with the SBOMs naming it); the release's own Maven artifacts are no dependency of it.
 */
final class SbomDependencies {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, DependencyBuilder> byKeyAndVersion = new TreeMap<>();

    /** Adds the components of one verified SBOM ({@code file}) of a release of {@code ownGroup}. */
    void add(byte[] sbom, String file, String ownGroup) {
        JsonNode root;
        try {
            root = JSON.readTree(sbom);
        } catch (IOException e) {
            return; // it verified, so it is the release's own; SbomCheck reports a malformed one
        }
        if (root == null) {
            return;
        }
        for (JsonNode c : root.path("components")) {
            String purl = ProvenanceStatement.text(c.path("purl"));
            if (purl == null || purl.startsWith("pkg:maven/" + ownGroup + "/")) {
                continue;
            }
            String key = purlKey(purl);
            byKeyAndVersion.computeIfAbsent(key + "\0" + c.path("version").asText(""), k -> new DependencyBuilder(key,
                    (c.has("group") ? c.path("group").asText() + ":" : "") + c.path("name").asText(""),
                    ProvenanceStatement.text(c.path("version")), purl)).sboms.add(file);
        }
    }

    List<ReleaseFacts.Dependency> list() {
        return byKeyAndVersion.values().stream().map(DependencyBuilder::build).toList();
    }

    /**
     * A package URL without its version and checksum qualifier: {@code pkg:cargo/serde}, {@code pkg:generic/rustc},
     * {@code pkg:maven/g/a?classifier=x}: the same package in two releases.
     */
    static String purlKey(String purl) {
        String base = purl;
        String qualifiers = "";
        int q = purl.indexOf('?');
        if (q >= 0) {
            base = purl.substring(0, q);
            qualifiers = purl.substring(q + 1);
        }
        int at = base.lastIndexOf('@');
        if (at > base.indexOf('/')) {
            base = base.substring(0, at);
        }
        List<String> kept = new ArrayList<>();
        for (String qualifier : qualifiers.split("&")) {
            if (!qualifier.isEmpty() && !qualifier.startsWith("checksum=")) {
                kept.add(qualifier);
            }
        }
        return kept.isEmpty() ? base : base + "?" + String.join("&", kept);
    }

    private static final class DependencyBuilder {
        final String key;
        final String name;
        final String version;
        final String purl;
        final TreeSet<String> sboms = new TreeSet<>();

        DependencyBuilder(String key, String name, String version, String purl) {
            this.key = key;
            this.name = name;
            this.version = version;
            this.purl = purl;
        }

        ReleaseFacts.Dependency build() {
            return new ReleaseFacts.Dependency(key, name, version, purl, List.copyOf(sboms));
        }
    }

}
