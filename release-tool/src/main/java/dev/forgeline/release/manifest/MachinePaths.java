package dev.forgeline.release.manifest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Keeps the build machine's paths out of the manifest, which is published and handed on: in the free texts (why a
 * target was skipped, smoke check details, the smoke runner) a path under the release directory becomes relative to it,
 * and the home directory, the temporary directory and the working directory become {@code ~}, {@code $TMPDIR} and
 * {@code $PWD}; the linker is recorded by file name. Longest prefix first, so the release directory wins over the
 * temporary directory that holds it.
 */
final class MachinePaths {
    private final Map<String, String> replacements = new LinkedHashMap<>();

    private MachinePaths(Path releaseDir) {
        List<Map.Entry<String, String>> all = new ArrayList<>();
        all.add(Map.entry(releaseDir.toAbsolutePath().normalize() + "/", ""));
        all.add(Map.entry(releaseDir.toAbsolutePath().normalize().toString(), "."));
        add(all, System.getProperty("user.dir"), "$PWD");
        add(all, System.getProperty("java.io.tmpdir"), "$TMPDIR");
        add(all, System.getProperty("user.home"), "~");
        all.sort(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed());
        all.forEach(e -> replacements.putIfAbsent(e.getKey(), e.getValue()));
    }

    private static void add(List<Map.Entry<String, String>> all, String dir, String token) {
        if (dir == null || dir.isBlank()) {
            return;
        }
        String normalized = Path.of(dir).toAbsolutePath().normalize().toString();
        if (normalized.equals("/")) {
            return;
        }
        all.add(Map.entry(normalized, token));
    }

    /** The manifest with no path of this machine in its texts; {@code releaseDir}: where it is written. */
    static ReleaseManifest scrub(ReleaseManifest manifest, Path releaseDir) {
        MachinePaths paths = new MachinePaths(releaseDir);
        SortedMap<TargetId, ReleaseManifest.TargetRecord> targets = new TreeMap<>();
        manifest.targets().forEach((id, t) -> targets.put(id, paths.scrub(t)));
        return manifest.withTargets(targets);
    }

    private ReleaseManifest.TargetRecord scrub(ReleaseManifest.TargetRecord t) {
        ReleaseManifest.Toolchain tc = t.toolchain();
        if (tc != null && tc.linker() != null && tc.linker().contains("/")) {
            tc = new ReleaseManifest.Toolchain(tc.cargo(), tc.rustc(), tc.rustcSha256(),
                    Path.of(tc.linker()).getFileName().toString(), tc.linkerSha256(), tc.packages(), tc.linkedGlibc(),
                    tc.environment());
        }
        ReleaseManifest.Smoke smoke = t.smoke();
        if (smoke != null) {
            List<ReleaseManifest.SmokeCheck> checks = smoke.checks() == null ? null : smoke.checks().stream()
                    .map(c -> new ReleaseManifest.SmokeCheck(c.name(), c.passed(), text(c.detail()))).toList();
            smoke = new ReleaseManifest.Smoke(smoke.status(), text(smoke.runner()), smoke.harness(), smoke.testedSha256(),
                    checks, smoke.seconds());
        }
        return new ReleaseManifest.TargetRecord(t.rustTriple(), t.status(), text(t.reason()), tc, t.library(), t.check(),
                smoke, t.required());
    }

    String text(String s) {
        if (s == null) {
            return null;
        }
        String out = s;
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            out = out.replace(r.getKey(), r.getValue());
        }
        return out;
    }
}
