package dev.forgeline.release.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The verdicts of a verification run, as a table for people and JSON for machines (docs/verify.md). */
public record VerificationReport(List<ArtifactVerdict> verdicts) {

    public VerificationReport {
        verdicts = List.copyOf(verdicts);
    }

    /** True when there was something to verify and all of it verified. */
    public boolean verified() {
        return !verdicts.isEmpty() && verdicts.stream().allMatch(ArtifactVerdict::verified);
    }

    public long failedCount() {
        return verdicts.stream().filter(v -> !v.verified()).count();
    }

    /** ARTIFACT, CHECKSUM, PGP KEY, SIGSTORE KEY, PROVENANCE, SBOM, INDEX, VERDICT, REASON; one line per artifact. */
    public String table() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ARTIFACT", "CHECKSUM", "PGP KEY", "SIGSTORE KEY", "PROVENANCE", "SBOM", "INDEX", "VERDICT",
            "REASON"});
        for (ArtifactVerdict v : verdicts) {
            List<String> reasons = v.failures().stream().map(CheckResult::message).toList();
            rows.add(new String[] {
                v.artifact(), cell(v, Check.CHECKSUM), key(v, Check.PGP), shortKey(key(v, Check.SIGSTORE)),
                status(v, Check.PROVENANCE, "subject"), status(v, Check.SBOM, "ok"), status(v, Check.INDEX, "bound"),
                v.verified() ? "OK" : "FAILED", String.join("; ", reasons)
            });
        }
        int[] widths = new int[9];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format(Locale.ROOT, "%-" + widths[i] + "s  ", row[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        out.append(verified() ? "verified: " + verdicts.size() + " artifact(s)"
                : "FAILED: " + failedCount() + " of " + verdicts.size() + " artifact(s) did not verify").append('\n');
        return out.toString();
    }

    public String json() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("verified", verified());
        ArrayNode artifacts = root.putArray("artifacts");
        for (ArtifactVerdict v : verdicts) {
            ObjectNode a = artifacts.addObject();
            a.put("artifact", v.artifact());
            a.put("sha256", v.sha256());
            a.put("verdict", v.verified() ? "verified" : "failed");
            ArrayNode checks = a.putArray("checks");
            for (CheckResult c : v.checks()) {
                ObjectNode n = checks.addObject();
                n.put("check", c.check().name().toLowerCase(Locale.ROOT));
                n.put("status", c.status().name().toLowerCase(Locale.ROOT));
                if (c.keyId() != null) {
                    n.put("keyId", c.keyId());
                }
                if (c.reason() != null) {
                    n.put("reason", c.reason().name());
                    n.put("message", c.message());
                } else if (c.detail() != null) {
                    n.put("detail", c.detail());
                }
            }
        }
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String cell(ArtifactVerdict v, Check check) {
        CheckResult r = v.check(check).orElse(null);
        if (r == null) {
            return "-";
        }
        return switch (r.status()) {
            case PASSED -> r.detail() == null ? "ok" : r.detail() + " ok";
            case NOT_PRESENT -> "none";
            case FAILED -> "FAILED";
        };
    }

    /** {@code passed}, FAILED (any of the check's results), none, or - when the check was not made. */
    private static String status(ArtifactVerdict v, Check check, String passed) {
        List<CheckResult> results = v.checks().stream().filter(c -> c.check() == check).toList();
        if (results.isEmpty()) {
            return "-";
        }
        if (results.stream().anyMatch(CheckResult::failed)) {
            return "FAILED";
        }
        return results.get(0).status() == CheckResult.Status.PASSED ? passed : "none";
    }

    private static String key(ArtifactVerdict v, Check check) {
        CheckResult r = v.check(check).orElse(null);
        if (r == null || r.status() == CheckResult.Status.NOT_PRESENT) {
            return "-";
        }
        return r.keyId() == null ? (r.failed() ? "?" : "-") : r.keyId();
    }

    private static String shortKey(String hint) {
        return hint.length() > 16 ? hint.substring(0, 16) + "…" : hint;
    }
}
