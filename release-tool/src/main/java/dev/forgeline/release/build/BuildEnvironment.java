package dev.forgeline.release.build;

import dev.forgeline.release.platform.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The variables of the environment forgeline ran in that change what cargo builds for one target, as the provenance
 * records them (docs/formats.md): an allowlist of build-shaping names only (cargo's profile and build settings,
 * rustc's flags and wrappers, the target's linker and C compiler, SOURCE_DATE_EPOCH), so no other variable, and no
 * secret, is ever recorded. Values are kept but for this machine's paths: the project directory, the working, home
 * and temporary directories become {@code $PROJECT}, {@code $PWD}, {@code ~} and {@code $TMPDIR}. What forgeline sets
 * itself for a cross toolchain is not here: it follows from the recorded toolchain. Nor is
 * {@code CARGO_ENCODED_RUSTFLAGS}: {@link CargoBuildStep} replaces it with its own (RUSTFLAGS and the path remapping),
 * so the environment's never reaches cargo.
 */
public final class BuildEnvironment {
    private static final List<String> NAMES = List.of("RUSTFLAGS", "SOURCE_DATE_EPOCH",
            "CC", "CFLAGS", "TARGET_CC", "TARGET_CFLAGS");
    private static final List<String> PREFIXES = List.of("CARGO_PROFILE_", "CARGO_BUILD_", "RUSTC");

    private BuildEnvironment() {}

    /** The build-shaping variables {@code env} sets for {@code target}, by name, with placeholders for local paths. */
    public static SortedMap<String, String> of(Map<String, String> env, Target target, Path projectDir) {
        String triple = target.rustTriple();
        String cargoTarget = "CARGO_TARGET_" + triple.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_') + "_";
        List<String> forTarget = List.of(cargoTarget + "RUSTFLAGS", cargoTarget + "LINKER", "CC_" + triple,
                "CC_" + triple.replace('-', '_'), "CFLAGS_" + triple, "CFLAGS_" + triple.replace('-', '_'));
        List<Map.Entry<String, String>> paths = machinePaths(projectDir);
        SortedMap<String, String> out = new TreeMap<>();
        env.forEach((name, value) -> {
            boolean shaping = NAMES.contains(name) || forTarget.contains(name)
                    || PREFIXES.stream().anyMatch(name::startsWith);
            if (shaping && value != null && !value.isEmpty()) {
                out.put(name, withoutMachinePaths(value, paths));
            }
        });
        return out;
    }

    private static String withoutMachinePaths(String value, List<Map.Entry<String, String>> paths) {
        String out = value;
        for (Map.Entry<String, String> p : paths) {
            out = out.replace(p.getKey(), p.getValue());
        }
        return out;
    }

    /** Longest first, so the project directory wins over the working or temporary directory that holds it. */
    private static List<Map.Entry<String, String>> machinePaths(Path projectDir) {
        List<Map.Entry<String, String>> all = new ArrayList<>();
        add(all, projectDir == null ? null : projectDir.toString(), "$PROJECT");
        add(all, System.getProperty("user.dir"), "$PWD");
        add(all, System.getProperty("java.io.tmpdir"), "$TMPDIR");
        add(all, System.getProperty("user.home"), "~");
        all.sort(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed());
        return all;
    }

    private static void add(List<Map.Entry<String, String>> all, String dir, String placeholder) {
        if (dir == null || dir.isBlank()) {
            return;
        }
        String normalized = Path.of(dir).toAbsolutePath().normalize().toString();
        if (!normalized.equals("/")) {
            all.add(Map.entry(normalized, placeholder));
        }
    }
}
