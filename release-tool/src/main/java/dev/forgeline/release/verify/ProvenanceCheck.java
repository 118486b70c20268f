package dev.forgeline.release.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forgeline.release.common.InTotoProvenance;
import dev.forgeline.release.common.MavenCoordinates;
import dev.forgeline.release.sigstore.Dsse;
import dev.forgeline.release.sigstore.DsseBundle;
import dev.forgeline.release.sigstore.SigstoreBundle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Binds a batch's artifacts to the release's provenance (docs/verify.md): the DSSE envelope ({@code .intoto.jsonl} on
 * the root coordinate) must be signed over its payload type and payload by a trusted Sigstore key, or keyless (its
 * bundle {@code .intoto.bundle.json} carries a Fulcio certificate and a Rekor entry) by the identity policy's
 * identity, be an in-toto
 * Statement v1 of SLSA provenance v1 with the builder, source repository and ref the policy expects, and list each
 * verified file as a subject with its SHA-256. A provenance that fails any of this binds nothing: every file fails
 * with the reason.
 */
final class ProvenanceCheck {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final VerificationPolicy policy;
    private final TrustedKeySignatures signatures;

    ProvenanceCheck(VerificationPolicy policy, TrustedKeySignatures signatures) {
        this.policy = policy;
        this.signatures = signatures;
    }

    /** What a trusted envelope says: subjects by name with their SHA-256, and the run's identity. */
    private record Statement(Map<String, String> subjects, String builderId, String repository, String ref) {}

    /** The envelope's paths, what it says when it verified, and otherwise why not. */
    private record Envelope(List<String> ownPaths, Statement statement, List<CheckResult> refusals, String keyHint) {}

    /** The verdicts, each with its {@link Check#PROVENANCE} result(s). */
    List<ArtifactVerdict> apply(ReleaseFiles files, List<Verifier.Input> inputs, List<ArtifactVerdict> verdicts) {
        Optional<MavenCoordinates> where = files == null ? Optional.empty() : files.provenance(inputs.stream()
                .map(i -> files.coordinatesOf(i.indexPath())).filter(c -> c != null).toList());
        Optional<Path> file = where.flatMap(files::find);
        List<ArtifactVerdict> out = new ArrayList<>();
        if (file.isEmpty()) {
            CheckResult each = policy.provenance().required()
                    ? CheckResult.failed(FailureReason.PROVENANCE_MISSING, null) : CheckResult.notPresent(Check.PROVENANCE);
            verdicts.forEach(v -> out.add(with(v, List.of(each))));
            return out;
        }
        Envelope envelope = read(files, where.get(), file.get());
        for (int i = 0; i < verdicts.size(); i++) {
            out.add(with(verdicts.get(i), bind(envelope, inputs.get(i), verdicts.get(i))));
        }
        return out;
    }

    private static List<CheckResult> bind(Envelope envelope, Verifier.Input input, ArtifactVerdict v) {
        if (!envelope.refusals().isEmpty()) {
            return envelope.refusals();
        }
        if (input.indexPath() != null && envelope.ownPaths().contains(input.indexPath())) {
            return List.of(CheckResult.passed(Check.PROVENANCE, "the provenance", envelope.keyHint()));
        }
        if (v.sha256() == null) {
            return List.of(CheckResult.notPresent(Check.PROVENANCE)); // the file itself failed; that failure says why
        }
        if (input.indexPath() == null) {
            return List.of(CheckResult.failed(FailureReason.PROVENANCE_NOT_A_SUBJECT, "(" + input.name()
                    + " has no Maven name)"));
        }
        String recorded = envelope.statement().subjects().get(input.indexPath());
        if (recorded == null) {
            return List.of(CheckResult.failed(FailureReason.PROVENANCE_NOT_A_SUBJECT, "("
                    + ConfinedPath.printable(input.indexPath()) + ")"));
        }
        if (!recorded.equals(v.sha256())) {
            return List.of(CheckResult.failed(FailureReason.PROVENANCE_SUBJECT_DIGEST_MISMATCH, "(provenance "
                    + ConfinedPath.printable(recorded) + ", file " + v.sha256() + ")"));
        }
        return List.of(CheckResult.passed(Check.PROVENANCE, envelope.statement().builderId(), envelope.keyHint()));
    }

    private Envelope read(ReleaseFiles files, MavenCoordinates where, Path file) {
        MavenCoordinates bundleAt = where.withExtension(InTotoProvenance.BUNDLE_EXTENSION);
        List<String> own = List.of(where.repositoryPath(), bundleAt.repositoryPath());
        String name = where.fileName();
        SmallFile bytes = SmallFile.read(file, Limits.PROVENANCE_BYTES);
        if (bytes.status() != SmallFile.Status.READ) {
            return refused(own, null, bytes.status() == SmallFile.Status.TOO_LARGE
                    ? CheckResult.failed(FailureReason.PROVENANCE_TOO_LARGE, bytes.tooLargeDetail(Limits.PROVENANCE_BYTES))
                    : CheckResult.failed(FailureReason.PROVENANCE_MALFORMED, "(" + name + " cannot be read)"));
        }
        DsseBundle envelope;
        try {
            envelope = DsseBundle.parse(bytes.bytes());
        } catch (SigstoreBundle.BundleFormatException e) {
            return refused(own, null, CheckResult.failed(FailureReason.PROVENANCE_MALFORMED, "(" + name + ": "
                    + ConfinedPath.printable(e.getMessage()) + ")", null, e));
        }
        if (!InTotoProvenance.PAYLOAD_TYPE.equals(envelope.payloadType())) {
            return refused(own, null, CheckResult.failed(FailureReason.PROVENANCE_PAYLOAD_TYPE_MISMATCH, "(" + name
                    + " says " + ConfinedPath.printable(envelope.payloadType()) + ")"));
        }
        Optional<Path> bundleFile = files.find(bundleAt);
        DsseBundle bundle = bundleFile.map(f -> SmallFile.read(f, Limits.PROVENANCE_BYTES))
                .filter(read -> read.status() == SmallFile.Status.READ).map(read -> parseOrNull(read.bytes())).orElse(null);
        boolean keyless = bundle != null && bundle.keyless();
        CheckResult bundleMismatch = CheckResult.failed(FailureReason.PROVENANCE_MALFORMED, "(" + bundleAt.fileName()
                + " does not hold the envelope of " + name + ")");
        if (keyless && !envelope.sameEnvelope(bundle)) {
            return refused(own, null, bundleMismatch);
        }
        CheckResult signature = keyless ? verifyKeyless(bundle, bundleAt.fileName()) : verifySignature(envelope, name);
        String hint = signature.keyId();
        if (signature.failed()) {
            return refused(own, hint, signature);
        }
        if (bundleFile.isPresent() && !envelope.sameEnvelope(bundle)) {
            return refused(own, hint, bundleMismatch);
        }
        Statement statement;
        try {
            statement = statement(envelope.payload(), name);
        } catch (Refusal r) {
            return refused(own, hint, r.result);
        }
        List<CheckResult> mismatches = policyMismatches(statement);
        return new Envelope(own, statement, mismatches, hint);
    }

    /**
     * A keyless provenance (its bundle carries a certificate and a Rekor {@code dsse} entry) against the identity
     * policy, with every check of a keyless artifact bundle ({@link KeylessCheck}); a failure is reported as the
     * provenance's.
     */
    private CheckResult verifyKeyless(DsseBundle bundle, String name) {
        if (policy.identityPolicy().isEmpty()) {
            String identity = KeylessCheck.identityOf(bundle.certificate());
            return CheckResult.failed(FailureReason.PROVENANCE_NO_IDENTITY_POLICY, "(" + name + " is signed by "
                    + ConfinedPath.printable(identity) + "; give --certificate-identity and --certificate-oidc-issuer "
                    + "with --trusted-root)", identity.isEmpty() ? null : identity, null);
        }
        CheckResult keyless = new KeylessCheck(policy.identityPolicy().get()).checkDsse(bundle);
        if (!keyless.failed()) {
            return CheckResult.passed(Check.PROVENANCE, keyless.detail(), keyless.keyId());
        }
        FailureReason reason = switch (keyless.reason()) {
            case SIGSTORE_IDENTITY_MISMATCH -> FailureReason.PROVENANCE_IDENTITY_MISMATCH;
            case SIGSTORE_ISSUER_MISMATCH -> FailureReason.PROVENANCE_ISSUER_MISMATCH;
            case SIGSTORE_SIGNATURE_MISMATCH -> FailureReason.PROVENANCE_SIGNATURE_MISMATCH;
            case SIGSTORE_LOG_ENTRY_MISMATCH -> FailureReason.PROVENANCE_LOG_ENTRY_MISMATCH;
            default -> FailureReason.PROVENANCE_KEYLESS_INVALID;
        };
        String detail = reason == FailureReason.PROVENANCE_KEYLESS_INVALID
                ? keyless.reason() + ": " + keyless.message() : keyless.detail();
        return CheckResult.failed(reason, (detail == null ? "" : detail + " ") + "(" + name + ")", keyless.keyId(),
                keyless.cause());
    }

    /** The DSSE signature over PAE(payloadType, payload), by the trusted key the envelope's keyid names (or any). */
    private CheckResult verifySignature(DsseBundle envelope, String name) {
        TrustedKeySignatures.Outcome outcome = signatures.verify(envelope.keyHint(),
                Dsse.pae(envelope.payloadType(), envelope.payload()), envelope.signature());
        String hint = outcome.keyHint();
        return switch (outcome.status()) {
            case VERIFIED -> CheckResult.passed(Check.PROVENANCE, null, hint);
            case UNTRUSTED_KEY -> CheckResult.failed(FailureReason.PROVENANCE_UNTRUSTED_KEY, hint == null ? "(" + name
                    + " names no key and no Sigstore key is trusted)" : ConfinedPath.printable(hint),
                    hint == null ? null : ConfinedPath.printable(hint), null);
            case MISMATCH -> CheckResult.failed(FailureReason.PROVENANCE_SIGNATURE_MISMATCH, "(" + name
                    + (hint == null ? "" : ", key " + hint) + ")", hint, null);
        };
    }

    private static Statement statement(byte[] payload, String name) throws Refusal {
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (IOException e) {
            throw new Refusal(CheckResult.failed(FailureReason.PROVENANCE_MALFORMED, "(" + name
                    + ": the payload is not JSON)", null, e));
        }
        if (root == null || !InTotoProvenance.STATEMENT_TYPE.equals(root.path("_type").asText())
                || !InTotoProvenance.PREDICATE_TYPE.equals(root.path("predicateType").asText())) {
            throw new Refusal(CheckResult.failed(FailureReason.PROVENANCE_STATEMENT_TYPE_MISMATCH, "(" + name
                    + ": _type " + ConfinedPath.printable(root == null ? "none" : root.path("_type").asText("none"))
                    + ", predicateType " + ConfinedPath.printable(root == null ? "none"
                    : root.path("predicateType").asText("none")) + ")"));
        }
        Map<String, String> subjects = new HashMap<>();
        for (JsonNode s : root.path("subject")) {
            String subject = s.path("name").asText("");
            String sha256 = s.path("digest").path("sha256").asText("").toLowerCase(Locale.ROOT);
            if (subject.isEmpty() || sha256.isEmpty() || subjects.put(subject, sha256) != null) {
                throw new Refusal(CheckResult.failed(FailureReason.PROVENANCE_MALFORMED, "(" + name
                        + ": a subject without name or SHA-256, or named twice: "
                        + ConfinedPath.printable(subject) + ")"));
            }
        }
        if (subjects.isEmpty()) {
            throw new Refusal(CheckResult.failed(FailureReason.PROVENANCE_MALFORMED, "(" + name + " has no subject)"));
        }
        JsonNode predicate = root.path("predicate");
        JsonNode source = predicate.path("buildDefinition").path("externalParameters").path("source");
        return new Statement(subjects, text(predicate.path("runDetails").path("builder").path("id")),
                text(source.path("repository")), text(source.path("ref")));
    }

    private List<CheckResult> policyMismatches(Statement s) {
        VerificationPolicy.ProvenanceExpectations expected = policy.provenance();
        List<CheckResult> out = new ArrayList<>();
        if (expected.builderId() != null && !builderMatches(expected.builderId(), s.builderId())) {
            out.add(CheckResult.failed(FailureReason.PROVENANCE_BUILDER_MISMATCH, quoted(s.builderId()) + ", not "
                    + expected.builderId()));
        }
        if (expected.sourceUri() != null && !normalizedUri(expected.sourceUri()).equals(normalizedUri(s.repository()))) {
            out.add(CheckResult.failed(FailureReason.PROVENANCE_SOURCE_MISMATCH, quoted(s.repository()) + ", not "
                    + expected.sourceUri()));
        }
        if (expected.sourceRef() != null && !expected.sourceRef().equals(s.ref())) {
            out.add(CheckResult.failed(FailureReason.PROVENANCE_REF_MISMATCH, quoted(s.ref()) + ", not "
                    + expected.sourceRef()));
        }
        return out;
    }

    /** As slsa-verifier's {@code --builder-id}: without {@code @<ref>} it names the builder at any ref. */
    static boolean builderMatches(String expected, String actual) {
        if (actual == null) {
            return false;
        }
        if (expected.equals(actual)) {
            return true;
        }
        int at = actual.lastIndexOf('@');
        return !expected.contains("@") && at > 0 && expected.equals(actual.substring(0, at));
    }

    /** {@code git+https://github.com/o/r.git}, {@code https://github.com/o/r} and {@code github.com/o/r} are one source. */
    static String normalizedUri(String uri) {
        if (uri == null) {
            return "";
        }
        String u = uri.strip();
        u = u.startsWith("git+") ? u.substring(4) : u;
        int scheme = u.indexOf("://");
        u = scheme >= 0 ? u.substring(scheme + 3) : u;
        u = u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
        u = u.endsWith(".git") ? u.substring(0, u.length() - 4) : u;
        return u;
    }

    private static String quoted(String s) {
        return s == null ? "(none)" : ConfinedPath.printable(s);
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    private static DsseBundle parseOrNull(byte[] json) {
        try {
            return DsseBundle.parse(json);
        } catch (SigstoreBundle.BundleFormatException e) {
            return null;
        }
    }

    private static Envelope refused(List<String> own, String hint, CheckResult why) {
        return new Envelope(own, null, List.of(why), hint);
    }

    private static ArtifactVerdict with(ArtifactVerdict v, List<CheckResult> added) {
        List<CheckResult> checks = new ArrayList<>(v.checks());
        checks.addAll(added);
        return new ArtifactVerdict(v.artifact(), v.sha256(), checks);
    }

    /** A statement refused while it is read. */
    private static final class Refusal extends Exception {
        final transient CheckResult result;

        Refusal(CheckResult result) {
            super(result.message(), null, false, false);
            this.result = result;
        }
    }
}
