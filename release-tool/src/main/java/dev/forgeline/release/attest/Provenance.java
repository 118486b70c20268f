package dev.forgeline.release.attest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.common.MavenCoordinates;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.manifest.TargetId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The release's SLSA v1.0 provenance as an in-toto Statement v1 (format in docs/formats.md): every published file a
 * subject with its SHA-256, the build definition (Forgeline's build type, what the release was asked to build, the
 * policy and each target's build-shaping environment variables, what it resolved: the commit, each toolchain, the
 * Debian packages, the lock files) and the run (builder,
 * invocation, times from SOURCE_DATE_EPOCH, the smoke results as byproducts). Compact JSON with sorted keys: the same
 * release gives the same bytes.
 */
public final class Provenance {
    public static final String STATEMENT_TYPE = dev.forgeline.release.common.InTotoProvenance.STATEMENT_TYPE;
    public static final String PREDICATE_TYPE = dev.forgeline.release.common.InTotoProvenance.PREDICATE_TYPE;
    public static final String BUILD_TYPE = "https://forgeline.dev/build-types/release/v1";
    /** The builder id of a run outside GitHub Actions: nothing vouches for the machine. */
    public static final String LOCAL_BUILDER_ID = "https://forgeline.dev/builders/local/v1";

    /**
     * The annotation of a source tree's digest: SHA-256 over {@code path NUL sha256-of-content LF} per file, in path
     * order, over the files git tracks (or would) under the directory.
     */
    public static final String SOURCE_TREE = "source-tree";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /**
     * @param sourceRepository the source repository's URL ({@code local} when unknown)
     * @param ref the ref built ({@code refs/tags/v1.2.3}), null when unknown
     * @param releaseYamlSha256 the digest of release.yaml
     * @param lockFiles lock files by path relative to the project, with their SHA-256
     * @param sourceTrees source directories (the native crate's) by path relative to the project with a trailing
     *     {@code /}, with the SHA-256 of their tree: what lets an audit tell a library that changed with its sources
     *     from one that changed without them
     * @param maxGlibc the glibc floor policy
     * @param builderId the builder (GitHub workflow identity, or {@link #LOCAL_BUILDER_ID})
     * @param invocationId the run ({@code .../actions/runs/<id>/attempts/<n>}, or derived from the release)
     */
    public record Inputs(ReleaseManifest manifest, List<ReleaseManifest.ArtifactRecord> subjects, String sourceRepository,
            String ref, String releaseYamlSha256, SortedMap<String, String> lockFiles, SortedMap<String, String> sourceTrees,
            String maxGlibc, String builderId, String invocationId) {}

    private Provenance() {}

    /** The statement's bytes. */
    public static byte[] statement(Inputs in) {
        ObjectNode statement = JSON.createObjectNode();
        statement.put("_type", STATEMENT_TYPE);
        ArrayNode subjects = statement.putArray("subject");
        for (ReleaseManifest.ArtifactRecord a : in.subjects()) {
            ObjectNode s = subjects.addObject();
            s.put("name", subjectName(a));
            s.putObject("digest").put("sha256", a.sha256());
        }
        statement.put("predicateType", PREDICATE_TYPE);
        ObjectNode predicate = statement.putObject("predicate");

        ObjectNode definition = predicate.putObject("buildDefinition");
        definition.put("buildType", BUILD_TYPE);
        ObjectNode external = definition.putObject("externalParameters");
        ObjectNode source = external.putObject("source");
        source.put("repository", in.sourceRepository());
        if (in.ref() != null) {
            source.put("ref", in.ref());
        }
        external.putObject("releaseYaml").put("sha256", in.releaseYamlSha256());
        ArrayNode targets = external.putArray("targets");
        in.manifest().builtTargets().forEach(t -> targets.add(t.classifier()));
        ObjectNode internal = definition.putObject("internalParameters");
        internal.putObject("binaryPolicy").put("maxGlibc", in.maxGlibc());
        // Every built target, with what it was built with (possibly nothing), so an audit can tell "none set" from a
        // provenance that did not record it.
        ObjectNode environments = internal.putObject("buildEnvironment");
        for (TargetId id : in.manifest().builtTargets()) {
            ReleaseManifest.Toolchain t = in.manifest().target(id).toolchain();
            ObjectNode env = environments.putObject(id.classifier());
            if (t != null) {
                t.environment().forEach(env::put);
            }
        }

        ArrayNode resolved = definition.putArray("resolvedDependencies");
        ReleaseManifest.Source src = in.manifest().source();
        if (src.commit() != null) {
            ObjectNode commit = resolved.addObject();
            commit.put("uri", "git+" + in.sourceRepository() + (in.ref() == null ? "" : "@" + in.ref()));
            commit.putObject("digest").put("gitCommit", src.commit());
        }
        in.lockFiles().forEach((path, sha) -> {
            ObjectNode lock = resolved.addObject();
            lock.put("name", path);
            lock.putObject("digest").put("sha256", sha);
        });
        in.sourceTrees().forEach((path, sha) -> {
            ObjectNode tree = resolved.addObject();
            tree.put("name", path);
            tree.putObject("digest").put("sha256", sha);
            tree.putObject("annotations").put("content", SOURCE_TREE);
        });
        SortedMap<String, ObjectNode> tools = new TreeMap<>();
        for (TargetId id : in.manifest().builtTargets()) {
            ReleaseManifest.Toolchain t = in.manifest().target(id).toolchain();
            if (t == null) {
                continue;
            }
            if (t.rustc() != null) {
                tools.computeIfAbsent("rustc " + t.rustc() + " " + t.rustcSha256(), k -> tool("rustc", t.rustc(), t.rustcSha256()));
            }
            if (t.cargo() != null) {
                tools.computeIfAbsent("cargo " + t.cargo(), k -> tool("cargo", t.cargo(), null));
            }
            if (t.linker() != null) {
                String linker = t.linker().substring(t.linker().lastIndexOf('/') + 1);
                tools.computeIfAbsent("linker " + linker + " " + t.linkerSha256(), k -> tool(linker, null, t.linkerSha256()));
            }
            for (String p : t.packages() == null ? List.<String>of() : t.packages()) {
                int colon = p.indexOf(':');
                int eq = p.indexOf('=');
                if (colon > 0 && eq > colon) {
                    ObjectNode deb = JSON.createObjectNode();
                    deb.put("uri", "pkg:deb/debian/" + p.substring(0, colon) + "@" + p.substring(eq + 1) + "?arch="
                            + p.substring(colon + 1, eq));
                    deb.putObject("annotations").put("version", p.substring(eq + 1));
                    tools.putIfAbsent("deb " + p, deb);
                }
            }
        }
        tools.values().forEach(resolved::add);

        ObjectNode run = predicate.putObject("runDetails");
        run.putObject("builder").put("id", in.builderId());
        ObjectNode metadata = run.putObject("metadata");
        metadata.put("invocationId", in.invocationId());
        String time = Instant.ofEpochSecond(src.sourceDateEpoch()).toString();
        metadata.put("startedOn", time);
        metadata.put("finishedOn", time);
        ArrayNode byproducts = run.putArray("byproducts");
        for (Map.Entry<TargetId, ReleaseManifest.TargetRecord> e : in.manifest().targets().entrySet()) {
            ReleaseManifest.Smoke smoke = e.getValue().smoke();
            if (smoke == null || smoke.testedSha256() == null) {
                continue;
            }
            ObjectNode b = byproducts.addObject();
            b.put("name", "smoke/" + e.getKey().classifier());
            b.putObject("digest").put("sha256", smoke.testedSha256());
            ObjectNode notes = b.putObject("annotations");
            notes.put("status", smoke.status().name());
            notes.put("runner", smoke.runner());
            notes.put("harness", smoke.harness());
        }
        try {
            return JSON.writeValueAsString(JSON.treeToValue(statement, Object.class)).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize the provenance", e);
        }
    }

    private static ObjectNode tool(String name, String version, String sha256) {
        ObjectNode t = JSON.createObjectNode();
        String v = version == null ? null : version.strip().split("\\s+").length > 1 ? version.strip().split("\\s+")[1] : version;
        t.put("name", name);
        t.put("uri", "pkg:generic/" + name + (v == null ? "" : "@" + v));
        if (sha256 != null) {
            t.putObject("digest").put("sha256", sha256);
        }
        if (version != null) {
            t.putObject("annotations").put("version", version);
        }
        return t;
    }

    /** A subject's name: the file's path in a Maven repository ({@code dev/forgeline/gateway/0.1.0/gateway-0.1.0.jar}). */
    public static String subjectName(ReleaseManifest.ArtifactRecord a) {
        return new MavenCoordinates(a.groupId(), a.artifactId(), a.version(), a.classifier(), a.extension()).repositoryPath();
    }

    /** An invocation id for a run outside GitHub Actions: derived from the release, so a rebuild gives the same one. */
    public static String localInvocationId(ReleaseManifest manifest, List<ReleaseManifest.ArtifactRecord> subjects) {
        StringBuilder s = new StringBuilder(String.valueOf(manifest.source().commit())).append('\n');
        subjects.forEach(a -> s.append(a.sha256()).append('\n'));
        return "urn:forgeline:local-release:sha256:" + Checksums.sha256(s.toString().getBytes(StandardCharsets.UTF_8));
    }
}
