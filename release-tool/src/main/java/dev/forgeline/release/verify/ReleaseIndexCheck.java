package dev.forgeline.release.verify;

import dev.forgeline.release.common.Checksums;
import dev.forgeline.release.common.ReleaseIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Binds names: each verified file's name (its Maven repository path) and SHA-256 are checked against the release's
 * signed index ({@link ReleaseIndex}), and the index's files that were not presented are reported missing. The index
 * is itself verified like an artifact, with the same policy (its row appears in the report); an index that does not
 * verify binds nothing and fails every file it should have bound.
 */
public final class ReleaseIndexCheck {

    /**
     * Where a batch's index is and what it must say. {@code file} may not exist; {@code groupId}/{@code version} are
     * what the user asked for (null: take the index's); {@code expected} selects the index entries that must be
     * among the inputs (a release directory: all of them; one version of one artifact: its directory; named
     * coordinates: none).
     */
    public record Source(Path file, String groupId, String version, Predicate<String> expected) {}

    private final Verifier verifier;
    private final VerificationPolicy policy;

    public ReleaseIndexCheck(Verifier verifier, VerificationPolicy policy) {
        this.verifier = verifier;
        this.policy = policy;
    }

    /** The verdicts with an {@link Check#INDEX} result each, then the index's own row and any missing files. */
    public List<ArtifactVerdict> apply(Source source, List<Verifier.Input> inputs, List<ArtifactVerdict> verdicts) {
        List<ArtifactVerdict> out = new ArrayList<>();
        SmallFile bytes = source == null ? null : SmallFile.read(source.file(), Limits.INDEX_BYTES);
        if (bytes == null || bytes.status() == SmallFile.Status.ABSENT) {
            CheckResult each = policy.requiresIndex()
                    ? CheckResult.failed(FailureReason.INDEX_MISSING, source == null ? null : "(" + source.file() + ")")
                    : CheckResult.notPresent(Check.INDEX);
            verdicts.forEach(v -> out.add(with(v, each)));
            return out;
        }
        String indexName = source.file().getFileName().toString();
        if (bytes.status() != SmallFile.Status.READ) {
            CheckResult each = bytes.status() == SmallFile.Status.TOO_LARGE
                    ? CheckResult.failed(FailureReason.INDEX_TOO_LARGE, bytes.tooLargeDetail(Limits.INDEX_BYTES))
                    : CheckResult.failed(FailureReason.INDEX_MALFORMED, "(" + indexName + " cannot be read)");
            verdicts.forEach(v -> out.add(with(v, each)));
            return out;
        }
        ArtifactVerdict own = verifier.verify(Verifier.Input.of(source.file()));
        String sha256 = Checksums.sha256(bytes.bytes());
        CheckResult refusal = null;
        ReleaseIndex index = null;
        if (!own.verified()) {
            refusal = CheckResult.failed(FailureReason.INDEX_NOT_VERIFIED, "(" + indexName + ": " + String.join("; ",
                    own.failures().stream().map(CheckResult::message).toList()) + ")");
        } else if (!sha256.equals(own.sha256())) {
            refusal = CheckResult.failed(FailureReason.INDEX_NOT_VERIFIED, "(" + indexName + " changed while read)");
        } else {
            try {
                index = ReleaseIndex.parse(bytes.bytes());
            } catch (IllegalArgumentException e) {
                refusal = CheckResult.failed(FailureReason.INDEX_MALFORMED, "(" + indexName + ": "
                        + ConfinedPath.printable(e.getMessage()) + ")", null, e);
            }
        }
        if (index != null && (source.groupId() != null && !source.groupId().equals(index.groupId())
                || source.version() != null && !source.version().equals(index.version()))) {
            refusal = CheckResult.failed(FailureReason.INDEX_VERSION_MISMATCH, "(" + indexName + " is for "
                    + ConfinedPath.printable(index.groupId() + ":" + index.version()) + ", not " + source.groupId()
                    + ":" + source.version() + ": an older release presented as this one?)");
        }
        if (refusal != null) {
            for (ArtifactVerdict v : verdicts) {
                out.add(with(v, refusal));
            }
            out.add(own);
            return out;
        }
        Map<String, ReleaseIndex.Entry> entries = index.byPath();
        Set<String> presented = new HashSet<>();
        for (int i = 0; i < verdicts.size(); i++) {
            Verifier.Input input = inputs.get(i);
            ArtifactVerdict v = verdicts.get(i);
            if (input.indexPath() != null) {
                presented.add(input.indexPath());
            }
            out.add(with(v, bind(input, v, entries)));
        }
        out.add(own);
        for (ReleaseIndex.Entry entry : index.files()) {
            if (source.expected().test(entry.path()) && !presented.contains(entry.path())) {
                out.add(new ArtifactVerdict(ConfinedPath.printable(entry.path()), null, List.of(CheckResult.failed(
                        FailureReason.INDEX_FILE_MISSING, "(" + indexName + " lists it with SHA-256 " + entry.sha256()
                                + ")"))));
            }
        }
        return out;
    }

    private static CheckResult bind(Verifier.Input input, ArtifactVerdict v, Map<String, ReleaseIndex.Entry> entries) {
        if (input.indexPath() == null) {
            return CheckResult.failed(FailureReason.INDEX_NOT_LISTED, "(" + input.name() + " has no Maven name)");
        }
        ReleaseIndex.Entry entry = entries.get(input.indexPath());
        if (entry == null) {
            return CheckResult.failed(FailureReason.INDEX_NOT_LISTED, "(" + ConfinedPath.printable(input.indexPath())
                    + ")");
        }
        if (v.sha256() == null) {
            return CheckResult.notPresent(Check.INDEX); // the file itself failed; that failure says why
        }
        if (!entry.sha256().equals(v.sha256())) {
            return CheckResult.failed(FailureReason.INDEX_DIGEST_MISMATCH, "(" + entry.path() + ": index "
                    + entry.sha256() + ", file " + v.sha256() + ")");
        }
        return CheckResult.passed(Check.INDEX, entry.path(), null);
    }

    private static ArtifactVerdict with(ArtifactVerdict v, CheckResult check) {
        List<CheckResult> checks = new ArrayList<>(v.checks());
        checks.add(check);
        return new ArtifactVerdict(v.artifact(), v.sha256(), checks);
    }
}
