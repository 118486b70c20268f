package dev.forgeline.release.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.forgeline.release.cross.DebianArch;
import dev.forgeline.release.pipeline.ReleasePlan;
import dev.forgeline.release.platform.Target;
import dev.forgeline.release.platform.TargetCatalog;
import java.util.List;

/**
 * The matrices of a GitHub Actions release workflow,
 * {@code {"include":[{"target":..,"runs-on":..,"container":..,"smoke":..},..]}}. The build matrix has one runner per
 * target: Linux targets without a native runner build on x86_64 Linux (cross toolchain), in a Debian 12 container;
 * macOS and Windows need their own runners. {@code smoke} says where a target is smoke-tested, seen from
 * the release job (x86_64 Linux: it assembles, stages and smoke-tests what it can): {@code host} on its own JVM,
 * {@code emulated} on the target's JVM under QEMU, {@code runner} only on a runner of its platform. The smoke matrix
 * lists the {@code runner} targets alone: the jobs that smoke-test against the staged repository.
 */
record GithubMatrix(List<Entry> include) {

    /** The machine of the release job: plan, assemble, stage, and the Linux smoke tests run there. */
    static final String RELEASE_RUNNER = "ubuntu-24.04";

    /** Which matrix to print. */
    enum Kind { build, smoke }

    /** Where a target is smoke-tested, as the workflow's jobs are laid out. */
    enum SmokeOn { host, emulated, runner }

    /**
     * Linux jobs run in this container, as root: the doctor installs with apt-get there, the Debian cross toolchains
     * and the glibc floor (checks.maxGlibc in release.yaml) are Debian 12's, and the host library links against its glibc.
     */
    static final String LINUX_CONTAINER = "debian:12";

    /** {@code container} is absent (an empty string to the workflow: no container) off Linux. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Entry(String target, String rustTriple, @JsonProperty("runs-on") String runsOn, String container, SmokeOn smoke) {}

    static GithubMatrix of(ReleasePlan plan, Kind kind) {
        return new GithubMatrix(plan.targets().stream()
                .map(t -> TargetCatalog.require(t.classifier()))
                .map(t -> new Entry(t.classifier(), t.rustTriple(), runnerFor(t.classifier()),
                        t.os() == Target.OperatingSystem.LINUX ? LINUX_CONTAINER : null, smokeOn(t)))
                .filter(e -> kind == Kind.build || e.smoke() == SmokeOn.runner)
                .toList());
    }

    static String runnerFor(String classifier) {
        return switch (classifier) {
            case "linux-aarch_64" -> "ubuntu-24.04-arm";
            case "osx-aarch_64" -> "macos-14";
            // macos-13 (the last Intel image before it) was retired on 2025-12-04.
            case "osx-x86_64" -> "macos-15-intel";
            case "windows-x86_64" -> "windows-2022";
            default -> RELEASE_RUNNER;
        };
    }

    /** The Doctor's rules on an x86_64 Linux machine: SmokeRunners has a JVM for every Linux target with a Debian arch. */
    static SmokeOn smokeOn(Target target) {
        if (target.classifier().equals("linux-x86_64")) {
            return SmokeOn.host;
        }
        return DebianArch.of(target).isPresent() ? SmokeOn.emulated : SmokeOn.runner;
    }
}
