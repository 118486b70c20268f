package dev.forgeline.release.cross;

import dev.forgeline.release.platform.Target;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What this machine can do for one target: how it can be built and how smoke-tested, the Debian
 * packages still missing for each, and notes (what is cached, what will be fetched, why something
 * is impossible here).
 */
public record TargetCapability(
        Target target,
        Mode build,
        List<String> missingForBuild,
        Mode smoke,
        List<String> missingForSmoke,
        List<String> notes) {

    public enum Mode {
        /** On this machine's own CPU: the host target. */
        NATIVE,
        /** Cross-compiled here (build only). */
        CROSS,
        /** Under QEMU user-mode emulation here (smoke only). */
        EMULATOR,
        /** Not here: on a CI runner of that platform. */
        CI_RUNNER
    }

    public TargetCapability {
        missingForBuild = List.copyOf(missingForBuild);
        missingForSmoke = List.copyOf(missingForSmoke);
        notes = List.copyOf(notes);
    }

    public boolean buildableHere() {
        return build != Mode.CI_RUNNER && missingForBuild.isEmpty();
    }

    public boolean smokeTestableHere() {
        return smoke != Mode.CI_RUNNER && missingForSmoke.isEmpty();
    }

    /** Every missing package, build's first, without duplicates. */
    public List<String> missingPackages() {
        Set<String> all = new LinkedHashSet<>(missingForBuild);
        all.addAll(missingForSmoke);
        return List.copyOf(all);
    }

    /** The exact command that installs what is missing, e.g. "apt-get install -y qemu-user-static". */
    public Optional<String> installCommand() {
        List<String> missing = missingPackages();
        return missing.isEmpty() ? Optional.empty() : Optional.of(DebianCrossToolchain.installCommand(missing));
    }

    /** A readable block: one line per aspect, then the notes. */
    public String summary() {
        StringBuilder out = new StringBuilder(target.classifier()).append(" (").append(target.rustTriple()).append(")\n");
        out.append("  build: ").append(describe(build, buildableHere(), missingForBuild)).append('\n');
        out.append("  smoke: ").append(describe(smoke, smokeTestableHere(), missingForSmoke)).append('\n');
        installCommand().ifPresent(c -> out.append("  install: ").append(c).append('\n'));
        notes.forEach(n -> out.append("  - ").append(n).append('\n'));
        return out.toString();
    }

    private static String describe(Mode mode, boolean ready, List<String> missing) {
        String name = mode.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        if (mode == Mode.CI_RUNNER) {
            return "on a CI runner only";
        }
        return name + (ready ? " (ready)" : " (needs " + String.join(", ", missing) + ")");
    }
}
