package dev.forgeline.release.cli;

import dev.forgeline.release.ForgelineException;
import dev.forgeline.release.common.SignatureKind;
import dev.forgeline.release.sigstore.TrustedRoot;
import dev.forgeline.release.verify.IdentityPolicy;
import dev.forgeline.release.verify.VerificationPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * What {@code verify} and {@code audit} trust and require (one mixin, so both read a release under the same options):
 * the keys, the keyless identity policy and trusted root, the signatures and files a release must have, and what its
 * provenance must name. {@link #policy()} turns them into a {@link VerificationPolicy} or a usage error.
 */
final class TrustOptions {
    @Option(names = "--pgp-keys", paramLabel = "FILE", description = "trusted PGP public keys, armored (repeatable)")
    List<Path> pgpKeys = new ArrayList<>();

    @Option(names = "--sigstore-keys", paramLabel = "FILE", description = "trusted Sigstore public keys, PEM (repeatable)")
    List<Path> sigstoreKeys = new ArrayList<>();

    @Option(names = "--certificate-identity", paramLabel = "ID", description = "keyless bundles: the signer's "
            + "certificate identity (email or URI SAN), exactly")
    String certificateIdentity;

    @Option(names = "--certificate-identity-regexp", paramLabel = "RE", description = "keyless bundles: a regular "
            + "expression the whole certificate identity must match")
    String certificateIdentityRegexp;

    @Option(names = "--certificate-oidc-issuer", paramLabel = "URL", description = "keyless bundles: the OIDC issuer "
            + "the certificate must name, exactly (GitHub Actions: https://token.actions.githubusercontent.com)")
    String certificateOidcIssuer;

    @Option(names = "--trusted-root", paramLabel = "FILE", description = "keyless bundles: the Sigstore trusted root "
            + "(trusted_root.json: CAs, Rekor and CT log keys) to verify offline against")
    Path trustedRoot;

    @Option(names = "--require", paramLabel = "KINDS", split = ",", defaultValue = "pgp,sigstore",
            description = "signatures every artifact must have: pgp, sigstore, both (default: ${DEFAULT-VALUE}) or none")
    List<String> require;

    @Option(names = "--require-index", description = "fail a release without a signed index of its file names "
            + "(release-index.json); default: checked when present")
    boolean requireIndex;

    @Option(names = "--require-provenance", description = "fail a release without a signed provenance "
            + "(<root>-<version>.intoto.jsonl), and with --image an image without its provenance attestation; default: "
            + "checked when present")
    boolean requireProvenance;

    @Option(names = "--require-sbom", description = "fail a jar without its SBOM (classifier cyclonedx), and with "
            + "--image an image without its SBOM attestation; default: checked when present")
    boolean requireSbom;

    @Option(names = "--builder-id", paramLabel = "ID", description = "the builder the provenance must name (without "
            + "@REF: at any ref), e.g. https://github.com/OWNER/REPO/.github/workflows/release.yml")
    String builderId;

    @Option(names = "--source-uri", paramLabel = "URI", description = "the source repository the provenance must name, "
            + "e.g. github.com/OWNER/REPO")
    String sourceUri;

    @Option(names = "--source-tag", paramLabel = "TAG", description = "the tag the provenance must name (refs/tags/TAG)")
    String sourceTag;

    @Option(names = "--source-branch", paramLabel = "BRANCH", description = "the branch the provenance must name "
            + "(refs/heads/BRANCH)")
    String sourceBranch;

    VerificationPolicy policy() {
        Set<SignatureKind> required = EnumSet.noneOf(SignatureKind.class);
        for (String kind : require) {
            switch (kind.trim().toLowerCase(Locale.ROOT)) {
                case "pgp" -> required.add(SignatureKind.PGP);
                case "sigstore" -> required.add(SignatureKind.SIGSTORE);
                case "both" -> required.addAll(EnumSet.allOf(SignatureKind.class));
                case "none" -> { }
                default -> throw ForgelineException.usage("--require " + kind + ": unknown signature kind",
                        "use pgp, sigstore, both or none");
            }
        }
        if (sourceTag != null && sourceBranch != null) {
            throw ForgelineException.usage("--source-tag and --source-branch name two refs",
                    "give the one the release was built from");
        }
        String sourceRef = sourceTag != null ? "refs/tags/" + sourceTag
                : sourceBranch != null ? "refs/heads/" + sourceBranch : null;
        VerificationPolicy.Builder builder = VerificationPolicy.builder().require(required).requireIndex(requireIndex)
                .requireSbom(requireSbom).provenance(new VerificationPolicy.ProvenanceExpectations(requireProvenance
                        || builderId != null || sourceUri != null || sourceRef != null, builderId, sourceUri, sourceRef));
        for (Path file : pgpKeys) {
            try {
                builder.trustPgpKeys(read(file, "--pgp-keys"));
            } catch (IllegalArgumentException e) {
                throw ForgelineException.usage("--pgp-keys " + file + ": " + e.getMessage(),
                        "give an armored public key: gpg --armor --export KEYID");
            }
        }
        for (Path file : sigstoreKeys) {
            try {
                builder.trustSigstoreKeys(read(file, "--sigstore-keys"));
            } catch (IllegalArgumentException e) {
                throw ForgelineException.usage("--sigstore-keys " + file + ": " + e.getMessage(),
                        "give a PEM public key (BEGIN PUBLIC KEY)");
            }
        }
        if (required.contains(SignatureKind.PGP) && pgpKeys.isEmpty()) {
            throw ForgelineException.usage("PGP signatures are required but no key is trusted",
                    "pass --pgp-keys FILE with the project's PGP public key, obtained out of band: from the project's "
                            + "own site or a signed announcement, or a keyserver by its full fingerprint checked against "
                            + "one of those; never a key shipped with what you verify (its keys/ directory proves nothing)");
        }
        IdentityPolicy identity = identityPolicy();
        if (identity != null) {
            builder.identityPolicy(identity);
        }
        if (required.contains(SignatureKind.SIGSTORE) && sigstoreKeys.isEmpty() && identity == null) {
            throw ForgelineException.usage("Sigstore bundles are required but no key is trusted",
                    "pass --sigstore-keys FILE with the project's Sigstore public key (PEM), obtained out of band: from "
                            + "the project's own site or a signed announcement; never a key shipped with what you verify "
                            + "(its keys/ directory proves nothing); for keyless bundles pass --trusted-root FILE, "
                            + "--certificate-identity ID and --certificate-oidc-issuer URL");
        }
        return builder.build();
    }

    /** The keyless identity policy from the options, null when none is given; a partial one is a usage error. */
    private IdentityPolicy identityPolicy() {
        boolean any = certificateIdentity != null || certificateIdentityRegexp != null || certificateOidcIssuer != null
                || trustedRoot != null;
        if (!any) {
            return null;
        }
        String hint = "keyless verification needs --trusted-root FILE, --certificate-oidc-issuer URL and one of "
                + "--certificate-identity ID or --certificate-identity-regexp RE";
        if (trustedRoot == null || certificateOidcIssuer == null
                || (certificateIdentity == null) == (certificateIdentityRegexp == null)) {
            throw ForgelineException.usage(trustedRoot == null ? "--trusted-root is missing"
                    : certificateOidcIssuer == null ? "--certificate-oidc-issuer is missing"
                    : certificateIdentity == null ? "--certificate-identity or --certificate-identity-regexp is missing"
                    : "--certificate-identity and --certificate-identity-regexp exclude each other", hint);
        }
        TrustedRoot root;
        try {
            root = TrustedRoot.parse(Files.readAllBytes(trustedRoot));
        } catch (IOException e) {
            throw ForgelineException.usage("--trusted-root " + trustedRoot + ": cannot read it ("
                    + e.getClass().getSimpleName() + ")", "check the path");
        } catch (IllegalArgumentException e) {
            throw ForgelineException.usage("--trusted-root " + trustedRoot + ": " + e.getMessage(),
                    "give a Sigstore trusted_root.json (protobuf-specs TrustedRoot, JSON)");
        }
        if (certificateIdentity != null) {
            return IdentityPolicy.exact(root, certificateIdentity, certificateOidcIssuer);
        }
        try {
            return IdentityPolicy.matching(root, certificateIdentityRegexp, certificateOidcIssuer);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw ForgelineException.usage("--certificate-identity-regexp is not a regular expression: "
                    + e.getDescription(), "e.g. '^https://github.com/OWNER/REPO/\\.github/workflows/release\\.yml@refs/tags/v.*$'");
        }
    }

    private static String read(Path file, String option) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw ForgelineException.usage(option + " " + file + ": cannot read it (" + e.getClass().getSimpleName() + ")",
                    "check the path");
        }
    }
}
