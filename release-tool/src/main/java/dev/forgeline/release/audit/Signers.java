package dev.forgeline.release.audit;

import dev.forgeline.release.verify.ArtifactVerdict;
import dev.forgeline.release.verify.Check;
import dev.forgeline.release.verify.CheckResult;
import dev.forgeline.release.verify.VerificationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Who signed a release and where it was logged, from the signature checks that passed (only those). */
final class Signers {
    /** The detail of a keyless signature check that passed ({@code KeylessCheck}). */
    private static final Pattern KEYLESS = Pattern.compile("keyless, (.*), log index ([0-9]+)");

    private Signers() {}

    /** One signer per kind and identity, counting the files whose check with it passed. */
    static List<ReleaseFacts.Signer> of(VerificationReport report) {
        Map<String, int[]> counts = new TreeMap<>();
        Map<String, ReleaseFacts.Signer> signers = new TreeMap<>();
        for (ArtifactVerdict v : report.verdicts()) {
            for (CheckResult c : v.checks()) {
                if (c.status() != CheckResult.Status.PASSED || c.keyId() == null
                        || (c.check() != Check.PGP && c.check() != Check.SIGSTORE)) {
                    continue;
                }
                Matcher keyless = c.check() == Check.SIGSTORE && c.detail() != null ? KEYLESS.matcher(c.detail()) : null;
                ReleaseFacts.Signer s = c.check() == Check.PGP ? new ReleaseFacts.Signer("pgp", c.keyId(), null, 0)
                        : keyless != null && keyless.matches() ? new ReleaseFacts.Signer("keyless", c.keyId(),
                                keyless.group(1), 0) : new ReleaseFacts.Signer("sigstore", c.keyId(), null, 0);
                signers.putIfAbsent(s.identity(), s);
                counts.computeIfAbsent(s.identity(), k -> new int[1])[0]++;
            }
        }
        return signers.values().stream().map(s -> new ReleaseFacts.Signer(s.kind(), s.id(), s.issuer(),
                counts.get(s.identity())[0])).toList();
    }

    static List<ReleaseFacts.LogEntry> logEntries(VerificationReport report) {
        List<ReleaseFacts.LogEntry> out = new ArrayList<>();
        for (ArtifactVerdict v : report.verdicts()) {
            v.checks().stream().filter(c -> c.check() == Check.SIGSTORE && c.status() == CheckResult.Status.PASSED
                    && c.detail() != null).forEach(c -> {
                        Matcher m = KEYLESS.matcher(c.detail());
                        if (m.matches()) {
                            out.add(new ReleaseFacts.LogEntry(v.artifact(), Long.parseLong(m.group(2)), m.group(1)));
                        }
                    });
        }
        return out;
    }

}
