package dev.forgeline.release.verify;

import dev.forgeline.release.sigstore.TrustedRoot;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Whom a keyless bundle must come from (cosign's {@code --certificate-identity[-regexp]} and
 * {@code --certificate-oidc-issuer}) and what it is checked against: the trusted root's CAs, Rekor logs and CT logs.
 * The identity is the certificate's email or URI SAN, matched exactly or by a regular expression over the whole
 * name; the issuer is the certificate's OIDC issuer extension, matched exactly.
 */
public record IdentityPolicy(TrustedRoot trustedRoot, String identity, Pattern identityPattern, String issuer) {
    public IdentityPolicy {
        Objects.requireNonNull(trustedRoot, "trustedRoot");
        Objects.requireNonNull(issuer, "issuer");
        if ((identity == null) == (identityPattern == null)) {
            throw new IllegalArgumentException("give exactly one of an identity and an identity pattern");
        }
    }

    public static IdentityPolicy exact(TrustedRoot root, String identity, String issuer) {
        return new IdentityPolicy(root, Objects.requireNonNull(identity, "identity"), null, issuer);
    }

    public static IdentityPolicy matching(TrustedRoot root, String regex, String issuer) {
        return new IdentityPolicy(root, null, Pattern.compile(regex), issuer);
    }

    boolean identityMatches(String name) {
        return identity != null ? identity.equals(name) : identityPattern.matcher(name).matches();
    }

    /** The policy's identity as the report shows it. */
    String describeIdentity() {
        return identity != null ? identity : "/" + identityPattern.pattern() + "/";
    }
}
