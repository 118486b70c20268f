package dev.forgeline.release.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forgeline.release.sigstore.DsseBundle;
import dev.forgeline.release.sigstore.SigstoreBundle;
import java.io.IOException;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a verified provenance statement (docs/formats.md) says: the origin (commit, ref, repository, builder), the
 * toolchains and the sources (lock files, source trees) of its {@code resolvedDependencies}, and each target's
 * build environment.
 */
final class ProvenanceStatement {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProvenanceStatement() {}

    /** The statement of a DSSE envelope's payload, or null when it holds none. */
    static JsonNode parse(byte[] envelope) {
        try {
            JsonNode root = JSON.readTree(DsseBundle.parse(envelope).payload());
            return root != null && root.isObject() ? root : null;
        } catch (IOException | SigstoreBundle.BundleFormatException e) {
            return null;
        }
    }

    static ReleaseFacts.Origin origin(JsonNode statement) {
        JsonNode predicate = statement.path("predicate");
        JsonNode source = predicate.path("buildDefinition").path("externalParameters").path("source");
        String commit = null;
        for (JsonNode d : predicate.path("buildDefinition").path("resolvedDependencies")) {
            if (d.path("digest").has("gitCommit")) {
                commit = d.path("digest").path("gitCommit").asText();
            }
        }
        String ref = text(source.path("ref"));
        String tag = ref != null && ref.startsWith("refs/tags/") && ref.length() > "refs/tags/".length()
                ? ref.substring("refs/tags/".length()) : null;
        return new ReleaseFacts.Origin(commit, ref, tag, text(source.path("repository")),
                text(predicate.path("runDetails").path("builder").path("id")),
                text(predicate.path("runDetails").path("metadata").path("invocationId")));
    }

    /** Every toolchain binary and package of resolvedDependencies ({@code pkg:} URIs), by name. */
    static List<ReleaseFacts.Tool> tools(JsonNode statement) {
        SortedMap<String, ReleaseFacts.Tool> tools = new TreeMap<>();
        for (JsonNode d : statement.path("predicate").path("buildDefinition").path("resolvedDependencies")) {
            String uri = d.path("uri").asText("");
            if (!uri.startsWith("pkg:")) {
                continue;
            }
            String name = text(d.path("name"));
            if (name == null) { // pkg:deb/debian/<name>@<version>?arch=<arch>
                String path = uri.substring(uri.lastIndexOf('/') + 1);
                int at = path.indexOf('@');
                int q = path.indexOf('?');
                name = (at > 0 ? path.substring(0, at) : path) + (q > 0 ? ":" + path.substring(q + 1).replace("arch=", "")
                        : "");
            }
            String version = text(d.path("annotations").path("version"));
            tools.put(name + "\0" + version, new ReleaseFacts.Tool(name, version, text(d.path("digest").path("sha256"))));
        }
        return List.copyOf(tools.values());
    }

    /** The lock files and source trees of resolvedDependencies (a name and a SHA-256, no URI). */
    static SortedMap<String, ReleaseFacts.Source> sources(JsonNode statement) {
        SortedMap<String, ReleaseFacts.Source> out = new TreeMap<>();
        for (JsonNode d : statement.path("predicate").path("buildDefinition").path("resolvedDependencies")) {
            String name = text(d.path("name"));
            String sha = text(d.path("digest").path("sha256"));
            if (name != null && sha != null && !d.has("uri")) {
                out.put(name, new ReleaseFacts.Source(sha, "source-tree".equals(d.path("annotations").path("content")
                        .asText(null))));
            }
        }
        return out;
    }

    /**
     * Each target's build-shaping environment variables ({@code internalParameters.buildEnvironment}), by classifier;
     * null when the provenance does not record them (one made before they were recorded).
     */
    static SortedMap<String, SortedMap<String, String>> buildEnvironment(JsonNode statement) {
        JsonNode recorded = statement.path("predicate").path("buildDefinition").path("internalParameters")
                .path("buildEnvironment");
        if (!recorded.isObject()) {
            return null;
        }
        SortedMap<String, SortedMap<String, String>> out = new TreeMap<>();
        recorded.fields().forEachRemaining(target -> {
            SortedMap<String, String> env = new TreeMap<>();
            target.getValue().fields().forEachRemaining(v -> env.put(v.getKey(), v.getValue().asText()));
            out.put(target.getKey(), env);
        });
        return out;
    }

    /** A string field, or null when absent or blank (an unset variable the producer copied). */
    static String text(JsonNode node) {
        return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }

}
