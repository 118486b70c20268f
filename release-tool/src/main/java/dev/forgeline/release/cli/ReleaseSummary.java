package dev.forgeline.release.cli;

import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.manifest.TargetId;
import dev.forgeline.release.maven.PublishResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Prints what a run built and published as plain-text tables. */
final class ReleaseSummary {
    private final PrintWriter out;

    ReleaseSummary(PrintWriter out) {
        this.out = out;
    }

    void printBuild(ReleaseManifest manifest, Path dir) {
        printTargets(manifest);
        out.println();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ARTIFACT", "TARGET", "SIZE", "SHA-256"});
        for (ReleaseManifest.ArtifactRecord a : manifest.artifacts()) {
            rows.add(new String[] {a.file().substring(a.file().lastIndexOf('/') + 1), a.target() == null ? "-" : a.target(),
                    Long.toString(a.size()), a.sha256()});
        }
        table(rows);
        out.println();
        out.println("Manifest: " + dir.toAbsolutePath().normalize().resolve(ReleaseManifest.FILE_NAME));
    }

    /** A runner's smoke results: the tested targets, where the results are, and how they join the release. */
    void printSmokeResults(ReleaseManifest results, Path dir, Path release) {
        printTargets(results);
        out.println();
        Path file = dir.toAbsolutePath().normalize().resolve(ReleaseManifest.FILE_NAME);
        out.println("Smoke results: " + file + " (merge them: forgeline assemble " + release + " " + dir + " --out DIR)");
        out.flush();
    }

    private void printTargets(ReleaseManifest manifest) {
        out.println();
        out.println("Release " + manifest.project().groupId() + " " + manifest.project().version()
                + (manifest.source().commit() == null ? "" : " from commit " + manifest.source().commit())
                + (manifest.source().dirty() ? " (with uncommitted changes)" : ""));
        List<String[]> targets = new ArrayList<>();
        targets.add(new String[] {"TARGET", "STATUS", "SMOKE", "DETAIL"});
        for (Map.Entry<TargetId, ReleaseManifest.TargetRecord> t : manifest.targets().entrySet()) {
            ReleaseManifest.TargetRecord r = t.getValue();
            String detail = r.library() != null ? r.library().file() + " sha256:" + r.library().sha256() : r.reason();
            String smoke = r.smoke() == null ? "-" : r.smoke().status() + " (" + r.smoke().runner() + ")";
            targets.add(new String[] {t.getKey().classifier(), r.status().name(), smoke, detail == null ? "" : detail});
        }
        table(targets);
    }

    void printPublish(PublishResult result) {
        out.println("Repository: " + result.repository() + " (" + result.published().size() + " files written, "
                + result.skipped().size() + " already present and identical)");
        for (String warning : result.warnings()) {
            out.println("warning: " + warning);
        }
        out.flush();
    }

    private void table(List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(i == columns - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
