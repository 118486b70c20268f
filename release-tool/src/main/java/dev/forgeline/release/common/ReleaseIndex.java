package dev.forgeline.release.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code release-index.json}: the names of a release's files and their digests, signed like any artifact
 * ({@code .asc}, {@code .sigstore.json} next to it). Signatures over content alone do not bind names: a correctly
 * signed POM of one module passes as another's, an older signed jar as the new one's. The index binds each name
 * (the Maven repository path, which carries group, artifact, version, classifier and extension) to its SHA-256 and
 * size, and the whole to one group and version; verifying its signature then verifies every name.
 *
 * <p>Shared by the producer (the sign stage writes it) and the verifier; written canonically (sorted, fixed layout)
 * so the same release gives the same bytes and the same signatures.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReleaseIndex(
        @JsonProperty("mediaType") String mediaType,
        @JsonProperty("groupId") String groupId,
        @JsonProperty("version") String version,
        @JsonProperty("files") List<Entry> files) {

    public static final String MEDIA_TYPE = "application/vnd.forgeline.release-index.v1+json";
    /** Its file name in a release directory. */
    public static final String FILE_NAME = "release-index.json";
    /** The file name of the POM that gives it a coordinate in a repository, next to it in a release directory. */
    public static final String POM_FILE_NAME = "release-index.pom";
    /** Its artifactId in a repository: {@code groupId:forgeline-release-index:version@json}. */
    public static final String ARTIFACT_ID = "forgeline-release-index";

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** One file: its Maven repository path, size and SHA-256. */
    public record Entry(@JsonProperty("path") String path, @JsonProperty("size") long size,
            @JsonProperty("sha256") String sha256) {
        public Entry {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(sha256, "sha256");
            if (!SHA256.matcher(sha256).matches()) {
                throw new IllegalArgumentException("not a lower-case hex SHA-256 for " + path + ": " + sha256);
            }
            if (size < 0) {
                throw new IllegalArgumentException("negative size for " + path);
            }
        }
    }

    public ReleaseIndex {
        if (!MEDIA_TYPE.equals(mediaType)) {
            throw new IllegalArgumentException("unknown media type " + mediaType + " (expected " + MEDIA_TYPE + ")");
        }
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(version, "version");
        files = List.copyOf(Objects.requireNonNull(files, "files")).stream()
                .sorted(Comparator.comparing(Entry::path)).toList();
        for (int i = 1; i < files.size(); i++) {
            if (files.get(i).path().equals(files.get(i - 1).path())) {
                throw new IllegalArgumentException("two entries for " + files.get(i).path());
            }
        }
    }

    public static ReleaseIndex of(String groupId, String version, List<Entry> files) {
        return new ReleaseIndex(MEDIA_TYPE, groupId, version, files);
    }

    /** The index's own coordinates in a repository. */
    public static MavenCoordinates coordinates(String groupId, String version) {
        return MavenCoordinates.of(groupId, ARTIFACT_ID, version, "json");
    }

    /** The entries by path. */
    public Map<String, Entry> byPath() {
        Map<String, Entry> map = new TreeMap<>();
        files.forEach(e -> map.put(e.path(), e));
        return map;
    }

    public byte[] toJson() {
        try {
            return (JSON.writeValueAsString(this) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @throws IllegalArgumentException saying what is wrong with it */
    public static ReleaseIndex parse(byte[] json) {
        try {
            ReleaseIndex index = JSON.readValue(json, ReleaseIndex.class);
            if (index == null) {
                throw new IllegalArgumentException("empty");
            }
            return index;
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            throw new IllegalArgumentException(cause.getMessage() == null ? cause.getClass().getSimpleName()
                    : cause.getMessage().lines().findFirst().orElse(""), e);
        }
    }
}
