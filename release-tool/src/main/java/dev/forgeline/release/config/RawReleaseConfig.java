package dev.forgeline.release.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * release.yaml exactly as written, before validation. Unknown fields are rejected by the parser so a
 * typo never passes silently. The documented format is in docs/release-yaml.md.
 */
record RawReleaseConfig(
        @JsonProperty(value = "version", required = true) Integer formatVersion,
        @JsonProperty("project") Project project,
        @JsonProperty(value = "native", required = true) Native nativeSection,
        @JsonProperty("maven") Maven maven,
        @JsonProperty(value = "targets", required = true) List<String> targets,
        @JsonProperty("optionalTargets") List<String> optionalTargets,
        @JsonProperty("smoke") Smoke smoke,
        @JsonProperty("checks") Checks checks,
        @JsonProperty("cross") Cross cross,
        @JsonProperty("image") Image image,
        @JsonProperty("signing") Signing signing) {

    record Signing(@JsonProperty("mode") String mode, @JsonProperty("signingConfig") String signingConfig,
            @JsonProperty("oidcTokenFile") String oidcTokenFile) {}

    record Image(@JsonProperty(value = "artifactId", required = true) String artifactId,
            @JsonProperty(value = "mainClass", required = true) String mainClass,
            @JsonProperty(value = "source", required = true) String source) {}

    record Cross(@JsonProperty("rustc") String rustc) {}

    record Checks(@JsonProperty("maxGlibc") String maxGlibc, @JsonProperty("allowedNeeded") List<String> allowedNeeded) {}


    record Project(@JsonProperty("groupId") String groupId, @JsonProperty("version") String version,
            @JsonProperty("tagPattern") String tagPattern) {}

    record Native(
            @JsonProperty(value = "crate", required = true) String crate,
            @JsonProperty(value = "artifactId", required = true) String artifactId) {}

    record Smoke(@JsonProperty("mainClass") String mainClass, @JsonProperty("upstream") String upstream,
            @JsonProperty("olderGlibc") Boolean olderGlibc) {}

    record Maven(@JsonProperty("root") String root, @JsonProperty("publish") List<String> publish) {}
}
