package dev.forgeline.release.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An audit as a readable report for people and as JSON for machines (format in docs/audit.md). Only verified parts
 * show facts; a part that failed shows its reasons instead, an absent one says so.
 */
public record AuditReport(ReleaseFacts facts, ReleaseFacts previous, ReleaseDiff diff) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static AuditReport of(ReleaseFacts facts) {
        return new AuditReport(facts, null, null);
    }

    public static AuditReport since(ReleaseFacts facts, ReleaseFacts previous) {
        return new AuditReport(facts, previous, ReleaseDiff.between(previous, facts));
    }

    /** Everything shown verified, in this release and in the one compared with. */
    public boolean verified() {
        return facts.verified() && (previous == null || previous.verified());
    }

    public String table() {
        StringBuilder out = new StringBuilder();
        ReleaseFacts f = facts;
        out.append("Release ").append(f.release()).append(": ").append(f.verified() ? "verified"
                : f.report().verified() ? "FAILED (its files verified, but a part below failed)"
                : "FAILED (" + f.report().failedCount() + " of " + f.report().verdicts().size()
                        + " file(s) did not verify)").append("\n\n");
        out.append("Provenance: ").append(state(f.provenance())).append('\n');
        failures(f.provenance(), out);
        if (f.origin() != null) {
            ReleaseFacts.Origin o = f.origin();
            table(out, List.of(row("commit", o.commit()), row("tag", o.tag() != null ? o.tag() + " (" + o.ref() + ")"
                    : o.ref() == null ? "-" : o.ref()), row("repository", o.repository()), row("builder", o.builderId()),
                    row("invocation", o.invocationId())), false);
        }
        out.append("\nToolchains").append(f.origin() == null ? ": not shown, the provenance did not verify\n" : "\n");
        if (f.origin() != null) {
            List<String[]> rows = new ArrayList<>();
            rows.add(row("NAME", "VERSION", "SHA-256"));
            f.toolchains().forEach(t -> rows.add(row(t.name(), t.version(), t.sha256())));
            table(out, rows, true);
            out.append("\nSources\n");
            List<String[]> src = new ArrayList<>();
            src.add(row("PATH", "KIND", "SHA-256"));
            f.sources().forEach((k, v) -> src.add(row(k, v.tree() ? "source tree" : "file", v.sha256())));
            table(out, src, true);
            out.append("\nBuild environment").append(f.recordsBuildEnvironment() ? "\n"
                    : ": not recorded by this provenance\n");
            if (f.recordsBuildEnvironment()) {
                List<String[]> env = new ArrayList<>();
                env.add(row("TARGET", "NAME", "VALUE"));
                f.buildEnvironment().forEach((target, vars) -> vars.forEach((name, value) -> env.add(row(target, name,
                        value))));
                table(out, env, true);
            }
        }
        out.append("\nTargets\n");
        List<String[]> targets = new ArrayList<>();
        targets.add(row("TARGET", "LIBRARY", "SHA-256", "RUSTC", "SMOKE", "STATUS"));
        for (ReleaseFacts.Target t : f.targets()) {
            boolean ok = t.claim().isVerified();
            targets.add(row(t.classifier(), ok ? t.libraryFile() : null, ok ? t.librarySha256() : null, ok ? t.rustc() : null,
                    ok && t.smokeStatus() != null ? t.smokeStatus() + " (" + t.smokeRunner() + ")" : null,
                    state(t.claim())));
        }
        table(out, targets, true);
        f.targets().forEach(t -> failures(t.claim(), out));
        out.append("\nSBOMs\n");
        List<String[]> sboms = new ArrayList<>();
        sboms.add(row("FILE", "STATUS"));
        f.sboms().forEach(s -> sboms.add(row(s.file(), state(s.claim()))));
        table(out, sboms, true);
        out.append("\nDependencies (from the verified SBOMs)\n");
        List<String[]> deps = new ArrayList<>();
        deps.add(row("NAME", "VERSION", "PURL"));
        f.dependencies().forEach(d -> deps.add(row(d.name(), d.version(), d.purl())));
        table(out, deps, true);
        out.append("\nSigners\n");
        List<String[]> signers = new ArrayList<>();
        signers.add(row("KIND", "IDENTITY", "ISSUER", "FILES"));
        f.signers().forEach(s -> signers.add(row(s.kind(), s.id(), s.issuer(), String.valueOf(s.files()))));
        table(out, signers, true);
        if (!f.logEntries().isEmpty()) {
            out.append("\nTransparency log entries\n");
            List<String[]> log = new ArrayList<>();
            log.add(row("FILE", "LOG INDEX", "ISSUER"));
            f.logEntries().forEach(e -> log.add(row(e.artifact(), String.valueOf(e.logIndex()), e.issuer())));
            table(out, log, true);
        }
        out.append("\nFiles\n").append(f.report().table());
        if (diff != null) {
            since(out);
        }
        return out.toString();
    }

    private void since(StringBuilder out) {
        out.append("\nSince ").append(diff.previous()).append(diff.previousVerified() ? "" : " (FAILED: "
                + previous.report().failedCount() + " of its file(s) did not verify; only what verified is compared)")
                .append('\n');
        section(out, "origin", diff.origin());
        section(out, "dependencies", diff.dependencies());
        section(out, "toolchains", diff.toolchains());
        section(out, "sources", diff.sources());
        section(out, "environment", diff.environment());
        section(out, "targets", diff.targets());
        section(out, "signers", diff.signers());
        out.append("  libraries:").append(diff.libraries().isEmpty() ? unchanged("libraries")
                : diff.notCompared().contains("libraries") ? " (of the targets that verified in both)\n" : "\n");
        for (ReleaseDiff.LibraryChange l : diff.libraries()) {
            out.append("    ").append(l.flagged() ? "FLAGGED " : "").append(l.classifier()).append(": sha256:")
                    .append(l.from()).append(" -> sha256:").append(l.to()).append(": ").append(l.why()).append('\n');
        }
    }

    /** "unchanged", or that what verified shows no change when some of the section's files did not verify. */
    private String unchanged(String section) {
        if (section.equals("environment") && diff.notCompared().contains(section) && facts.provenance().isVerified()
                && previous.provenance().isVerified()) {
            return " not compared: the provenance of " + (facts.recordsBuildEnvironment() ? previous : facts).release()
                    + " does not record it\n";
        }
        return diff.notCompared().contains(section)
                ? " not compared: a file it comes from did not verify in one of the releases\n" : " unchanged\n";
    }

    private void section(StringBuilder out, String name, List<ReleaseDiff.Change> changes) {
        out.append("  ").append(name).append(':').append(changes.isEmpty() ? unchanged(name) : "\n");
        for (ReleaseDiff.Change c : changes) {
            out.append("    ").append(switch (c.kind()) {
                case "added" -> "+ " + c.name() + (c.to().equals(c.name()) ? "" : " " + c.to());
                case "removed" -> "- " + c.name() + (c.from().equals(c.name()) ? "" : " " + c.from());
                default -> "~ " + c.name() + ": " + c.from() + " -> " + c.to();
            }).append('\n');
        }
    }

    private static String state(Claim claim) {
        return switch (claim.state()) {
            case VERIFIED -> "verified";
            case ABSENT -> "absent";
            case FAILED -> "FAILED";
        };
    }

    private static void failures(Claim claim, StringBuilder out) {
        claim.messages().forEach(m -> out.append("  FAILED ").append(m).append('\n'));
    }

    private static String[] row(String... cells) {
        String[] out = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            out[i] = cells[i] == null ? "-" : cells[i];
        }
        return out;
    }

    private static void table(StringBuilder out, List<String[]> rows, boolean header) {
        if (header && rows.size() == 1) {
            out.append("  (none)\n");
            return;
        }
        int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] widths = new int[columns];
        rows.forEach(r -> {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        });
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < r.length; i++) {
                line.append(i == r.length - 1 ? r[i] : String.format(Locale.ROOT, "%-" + widths[i] + "s  ", r[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }

    public String json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("formatVersion", 1);
        root.put("verified", verified());
        facts(root.putObject("release"), facts);
        if (diff != null) {
            ObjectNode since = root.putObject("since");
            facts(since.putObject("previous"), previous);
            ObjectNode changes = since.putObject("changes");
            changes(changes.putArray("origin"), diff.origin());
            changes(changes.putArray("dependencies"), diff.dependencies());
            changes(changes.putArray("toolchains"), diff.toolchains());
            changes(changes.putArray("sources"), diff.sources());
            changes(changes.putArray("environment"), diff.environment());
            changes(changes.putArray("targets"), diff.targets());
            changes(changes.putArray("signers"), diff.signers());
            ArrayNode notCompared = since.putArray("notCompared");
            diff.notCompared().forEach(notCompared::add);
            ArrayNode libraries = changes.putArray("libraries");
            for (ReleaseDiff.LibraryChange l : diff.libraries()) {
                ObjectNode n = libraries.addObject();
                n.put("target", l.classifier());
                n.put("from", l.from());
                n.put("to", l.to());
                n.put("flagged", l.flagged());
                n.put("why", l.why());
            }
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void facts(ObjectNode n, ReleaseFacts f) {
        n.put("name", f.release());
        n.put("verified", f.verified());
        claim(n.putObject("provenance"), f.provenance());
        if (f.origin() != null) {
            ObjectNode o = n.putObject("origin");
            o.put("commit", f.origin().commit());
            o.put("ref", f.origin().ref());
            o.put("tag", f.origin().tag());
            o.put("repository", f.origin().repository());
            o.put("builderId", f.origin().builderId());
            o.put("invocationId", f.origin().invocationId());
        } else {
            n.putNull("origin");
        }
        ArrayNode tools = n.putArray("toolchains");
        f.toolchains().forEach(t -> tools.addObject().put("name", t.name()).put("version", t.version())
                .put("sha256", t.sha256()));
        ObjectNode sources = n.putObject("sources");
        f.sources().forEach((k, v) -> sources.putObject(k).put("sha256", v.sha256()).put("kind", v.tree() ? "source-tree"
                : "file"));
        if (f.recordsBuildEnvironment()) {
            ObjectNode environment = n.putObject("buildEnvironment");
            f.buildEnvironment().forEach((target, vars) -> vars.forEach(environment.putObject(target)::put));
        } else {
            n.putNull("buildEnvironment");
        }
        ArrayNode targets = n.putArray("targets");
        for (ReleaseFacts.Target t : f.targets()) {
            ObjectNode o = targets.addObject();
            o.put("classifier", t.classifier());
            claim(o, t.claim());
            if (t.claim().isVerified()) {
                o.put("jar", t.jar());
                o.put("library", t.libraryFile());
                o.put("sha256", t.librarySha256());
                o.put("rustc", t.rustc());
                if (t.smokeStatus() != null) {
                    o.putObject("smoke").put("status", t.smokeStatus()).put("runner", t.smokeRunner())
                            .put("testedSha256", t.smokeTestedSha256());
                }
            }
        }
        ArrayNode sboms = n.putArray("sboms");
        f.sboms().forEach(s -> claim(sboms.addObject().put("file", s.file()), s.claim()));
        ArrayNode deps = n.putArray("dependencies");
        for (ReleaseFacts.Dependency d : f.dependencies()) {
            ObjectNode o = deps.addObject().put("name", d.name()).put("version", d.version()).put("purl", d.purl());
            ArrayNode in = o.putArray("sboms");
            d.sboms().forEach(in::add);
        }
        ArrayNode signers = n.putArray("signers");
        f.signers().forEach(s -> signers.addObject().put("kind", s.kind()).put("identity", s.id())
                .put("issuer", s.issuer()).put("files", s.files()));
        ArrayNode log = n.putArray("logEntries");
        f.logEntries().forEach(e -> log.addObject().put("file", e.artifact()).put("logIndex", e.logIndex())
                .put("issuer", e.issuer()));
        try {
            JsonNode verify = JSON.readTree(f.report().json());
            n.set("files", verify.path("artifacts"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void claim(ObjectNode n, Claim c) {
        n.put("status", c.state().name().toLowerCase(Locale.ROOT));
        if (c.state() == Claim.State.FAILED) {
            ArrayNode failures = n.putArray("failures");
            c.failures().forEach(r -> failures.addObject().put("reason", r.reason().name()).put("message", r.message()));
            c.findings().forEach(r -> failures.addObject().put("reason", r.reason().name()).put("message", r.message()));
        }
    }

    private static void changes(ArrayNode into, List<ReleaseDiff.Change> changes) {
        for (ReleaseDiff.Change c : changes) {
            into.addObject().put("name", c.name()).put("change", c.kind()).put("from", c.from()).put("to", c.to());
        }
    }
}
