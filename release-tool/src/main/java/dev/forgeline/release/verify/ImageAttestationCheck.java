package dev.forgeline.release.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgeline.release.manifest.ImageRecord;
import dev.forgeline.release.manifest.ReleaseManifest;
import dev.forgeline.release.manifest.TargetId;
import dev.forgeline.release.registry.CosignAttestations;
import dev.forgeline.release.registry.ImageAttestation;
import dev.forgeline.release.registry.ReferrersTag;
import dev.forgeline.release.registry.RegistryClient;
import dev.forgeline.release.sigstore.Dsse;
import dev.forgeline.release.sigstore.DsseBundle;
import dev.forgeline.release.sigstore.SigstoreBundle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The attestations of a release's image in the registry, in both of cosign's forms: the DSSE envelopes under
 * {@code sha256-<hex>.att} (the SBOM and the SLSA provenance) and the Sigstore bundles listed by the referrers tag
 * {@code sha256-<hex>} (the bundle-form signature, the SBOM, the provenance). An attestation passes when its DSSE
 * signature verifies with the trusted Sigstore key its keyid names (any trusted key without one), its subjects are the release's index digest (and, for the SBOM and the
 * provenance, every platform manifest digest), and, for the SBOM, it names each platform's native library with the
 * SHA-256 the Maven release records. An absent one fails only when required: the SBOM with {@code --require-sbom}, the
 * provenance with {@code --require-provenance}; the bundle-form signature is checked when present (the simple-signing
 * signature is the one required).
 */
final class ImageAttestationCheck {
    private final VerificationPolicy policy;
    private final TrustedKeySignatures signatures;

    ImageAttestationCheck(VerificationPolicy policy, TrustedKeySignatures signatures) {
        this.policy = policy;
        this.signatures = signatures;
    }

    /** One verified envelope's outcome: passed (with its key), or why not. */
    private record Outcome(CheckResult result, boolean passed) {}

    List<CheckResult> check(RegistryClient registry, ReleaseManifest release, ImageRecord image)
            throws IOException, InterruptedException {
        String index = image.indexDigest();
        List<String> all = new ArrayList<>();
        all.add(index);
        image.platforms().values().forEach(p -> all.add(p.manifestDigest()));

        Map<String, List<Outcome>> legacy = new LinkedHashMap<>();
        Optional<RegistryClient.Manifest> att = registry.fetchManifest(CosignAttestations.tag(index));
        if (att.isPresent()) {
            for (CosignAttestations.Layer layer : CosignAttestations.layers(att.get().json())) {
                Outcome o = blob(registry, layer.envelopeDigest())
                        .map(bytes -> envelope(bytes, release, image, all, "in " + CosignAttestations.tag(index)))
                        .orElse(untrusted("(envelope " + layer.envelopeDigest()
                                + " is not served with its digest, or is too large)"));
                legacy.computeIfAbsent(layer.predicateType(), k -> new ArrayList<>()).add(o);
            }
        }
        Map<String, List<Outcome>> bundles = new LinkedHashMap<>();
        Optional<RegistryClient.Manifest> referrers = registry.fetchManifest(ReferrersTag.tag(index));
        if (referrers.isPresent()) {
            for (ReferrersTag.Entry entry : ReferrersTag.entries(referrers.get().json())) {
                if (!ReferrersTag.BUNDLE_MEDIA_TYPE.equals(entry.artifactType())) {
                    continue;
                }
                bundles.computeIfAbsent(entry.predicateType(), k -> new ArrayList<>())
                        .add(referrer(registry, entry, release, image, all));
            }
        }
        List<CheckResult> out = new ArrayList<>();
        out.add(summarize("SBOM attestation", CosignAttestations.tag(index), legacy.get(ImageAttestation.SBOM),
                policy.requiresSbom()));
        out.add(summarize("provenance attestation", CosignAttestations.tag(index), legacy.get(ImageAttestation.PROVENANCE),
                policy.provenance().required()));
        out.add(summarize("bundle-form signature", ReferrersTag.tag(index), bundles.get(ImageAttestation.SIGNATURE), false));
        out.add(summarize("SBOM bundle", ReferrersTag.tag(index), bundles.get(ImageAttestation.SBOM), policy.requiresSbom()));
        out.add(summarize("provenance bundle", ReferrersTag.tag(index), bundles.get(ImageAttestation.PROVENANCE),
                policy.provenance().required()));
        return out;
    }

    /** One passing envelope of the kind passes it; else the first failure; none: missing (a failure when required). */
    private static CheckResult summarize(String what, String where, List<Outcome> outcomes, boolean required) {
        if (outcomes == null || outcomes.isEmpty()) {
            return required ? CheckResult.failed(FailureReason.IMAGE_ATTESTATION_MISSING, "(" + what + " in " + where + ")")
                    : CheckResult.notPresent(Check.IMAGE);
        }
        for (Outcome o : outcomes) {
            if (o.passed()) {
                return o.result();
            }
        }
        return outcomes.get(0).result();
    }

    private Outcome referrer(RegistryClient registry, ReferrersTag.Entry entry, ReleaseManifest release,
            ImageRecord image, List<String> all) throws IOException, InterruptedException {
        JsonNode manifest;
        try {
            Optional<RegistryClient.Manifest> m = registry.fetchManifest(entry.digest());
            if (m.isEmpty()) {
                return untrusted("(referrer " + entry.digest() + " is not in the registry)");
            }
            manifest = m.get().json();
        } catch (RegistryClient.DigestMismatchException e) {
            return untrusted("(referrer " + entry.digest() + " is served with digest " + e.actual() + ")");
        }
        String subject = manifest.path("subject").path("digest").asText();
        if (!image.indexDigest().equals(subject)) {
            return new Outcome(CheckResult.failed(FailureReason.IMAGE_ATTESTATION_OTHER_SUBJECT, "(referrer "
                    + entry.digest() + " refers to " + subject + ", not " + image.indexDigest() + ")"), false);
        }
        String layer = manifest.path("layers").path(0).path("digest").asText();
        Optional<byte[]> bundle = blob(registry, layer);
        if (bundle.isEmpty()) {
            return untrusted("(bundle " + layer + " is not served with its digest, or is too large)");
        }
        return envelope(bundle.get(), release, image, all, "in referrer " + entry.digest());
    }

    /**
     * An envelope or bundle blob, read to at most {@link Limits#SBOM_BYTES} (an SBOM envelope is the largest); empty
     * when it is not served with its digest, is absent or is larger (a registry cannot make verify hold more).
     */
    private static Optional<byte[]> blob(RegistryClient registry, String digest) throws IOException, InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                if (count + (long) len > Limits.SBOM_BYTES) {
                    throw new java.io.UncheckedIOException(new IOException("larger than " + Limits.SBOM_BYTES + " bytes"));
                }
                super.write(b, off, len);
            }
        };
        try {
            registry.fetchBlob(digest, out);
            return Optional.of(out.toByteArray());
        } catch (java.io.UncheckedIOException tooLarge) {
            return Optional.empty();
        } catch (RegistryClient.DigestMismatchException e) {
            return Optional.empty();
        } catch (dev.forgeline.release.registry.RegistryException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** A DSSE envelope or a DSSE-form bundle: signed by a trusted key, about the release's image, naming its libraries. */
    private Outcome envelope(byte[] json, ReleaseManifest release, ImageRecord image, List<String> all, String where) {
        DsseBundle envelope;
        try {
            envelope = DsseBundle.parse(json);
        } catch (SigstoreBundle.BundleFormatException e) {
            return untrusted("(" + where + ": " + e.getMessage() + ")");
        }
        if (!Dsse.IN_TOTO_PAYLOAD_TYPE.equals(envelope.payloadType())) {
            return untrusted("(" + where + ": payload type " + envelope.payloadType() + ", not an in-toto statement)");
        }
        TrustedKeySignatures.Outcome signed = signatures.verify(envelope.keyHint(),
                Dsse.pae(envelope.payloadType(), envelope.payload()), envelope.signature());
        if (!signed.verified()) {
            return untrusted("(" + where + ": the DSSE signature does not verify with a trusted key)");
        }
        ImageAttestation.Parsed statement;
        try {
            statement = ImageAttestation.Parsed.of(envelope.payload());
        } catch (IOException e) {
            return untrusted("(" + where + ": " + e.getMessage() + ")");
        }
        List<String> expected = ImageAttestation.SIGNATURE.equals(statement.predicateType())
                ? List.of(image.indexDigest()) : all;
        if (!new HashSet<>(statement.subjectDigests()).containsAll(expected)) {
            List<String> missing = new ArrayList<>(expected);
            missing.removeAll(statement.subjectDigests());
            return new Outcome(CheckResult.failed(FailureReason.IMAGE_ATTESTATION_OTHER_SUBJECT, "(" + where + ": "
                    + statement.predicateType() + " of " + statement.subjectDigests() + ", not of " + missing + ")"),
                    false);
        }
        if (ImageAttestation.SBOM.equals(statement.predicateType())) {
            Optional<String> mismatch = nativeLibraries(statement.predicate(), release, image);
            if (mismatch.isPresent()) {
                return new Outcome(CheckResult.failed(FailureReason.IMAGE_SBOM_NATIVE_LIBRARY_MISMATCH, "(" + where
                        + ": " + mismatch.get() + ")"), false);
            }
        }
        return new Outcome(CheckResult.passed(Check.IMAGE, statement.predicateType() + " of " + image.indexDigest()
                + " " + where, signed.keyHint()), true);
    }

    /** Which platform's native library SHA-256 (as the Maven release records it) the SBOM does not name, if any. */
    private static Optional<String> nativeLibraries(JsonNode sbom, ReleaseManifest release, ImageRecord image) {
        Set<String> hashes = new HashSet<>();
        for (JsonNode c : sbom.path("components")) {
            c.path("hashes").forEach(h -> hashes.add(h.path("content").asText()));
        }
        for (String classifier : image.platforms().keySet()) {
            ReleaseManifest.TargetRecord target = release.target(TargetId.of(classifier));
            if (target == null || target.library() == null) {
                return Optional.of("the release built no " + classifier + " library");
            }
            if (!hashes.contains(target.library().sha256())) {
                return Optional.of("no component with the " + classifier + " library's SHA-256 "
                        + target.library().sha256());
            }
        }
        return Optional.empty();
    }

    private static Outcome untrusted(String detail) {
        return new Outcome(CheckResult.failed(FailureReason.IMAGE_ATTESTATION_UNTRUSTED, detail), false);
    }
}
