package dev.forgeline.release.cli;

import dev.forgeline.release.pipeline.ReleasePlan;
import java.util.List;

/**
 * The build matrix for a GitHub Actions workflow: {@code {"include":[{"target":..,"runs-on":..},..]}},
 * one runner per target. Linux targets without a native runner build on x86_64 Linux (cross toolchain,
 * emulated smoke test); macOS and Windows need their own runners.
 */
record GithubMatrix(List<Entry> include) {

    record Entry(String target, String rustTriple, String runsOn) {
        @com.fasterxml.jackson.annotation.JsonProperty("runs-on")
        public String runsOn() {
            return runsOn;
        }
    }

    static GithubMatrix of(ReleasePlan plan) {
        return new GithubMatrix(plan.targets().stream()
                .map(t -> new Entry(t.classifier(), t.rustTriple(), runnerFor(t.classifier())))
                .toList());
    }

    static String runnerFor(String classifier) {
        return switch (classifier) {
            case "linux-aarch_64" -> "ubuntu-24.04-arm";
            case "osx-aarch_64" -> "macos-14";
            case "osx-x86_64" -> "macos-13";
            case "windows-x86_64" -> "windows-2022";
            default -> "ubuntu-24.04";
        };
    }
}
