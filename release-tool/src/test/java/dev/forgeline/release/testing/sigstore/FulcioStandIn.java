package dev.forgeline.release.testing.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A stand-in for Fulcio, Sigstore's certificate authority, on its documented HTTP API ({@code POST
 * /api/v2/signingCert}, JSON), because the real one cannot be reached from the tests. It checks the OIDC token
 * (signature against the issuer's JWKS, found by discovery; audience {@code sigstore}; expiry) and the proof of
 * possession (the token's email, or else its subject, signed with the requested key), then issues a short-lived
 * certificate from its intermediate (under its own root): the identity in the SAN (email, or for a token with
 * {@code job_workflow_ref} the URI {@code https://github.com/<job_workflow_ref>}), the OIDC issuer in extensions
 * 1.3.6.1.4.1.57264.1.8 and the legacy .1.1, and an embedded SCT from the {@link CtLogStandIn}'s key.
 *
 * <p>Test knobs make the certificates a verifier must refuse: {@link #backdate} (expired before it is used) and
 * {@link #embedSct} false.
 */
public final class FulcioStandIn extends StandInServer {
    static final ASN1ObjectIdentifier ISSUER_LEGACY = new ASN1ObjectIdentifier("1.3.6.1.4.1.57264.1.1");
    static final ASN1ObjectIdentifier ISSUER_V2 = new ASN1ObjectIdentifier("1.3.6.1.4.1.57264.1.8");
    static final ASN1ObjectIdentifier SCT_LIST = new ASN1ObjectIdentifier("1.3.6.1.4.1.11129.2.4.2");
    public static final Duration CERTIFICATE_LIFETIME = Duration.ofMinutes(10);

    private final Set<String> trustedIssuers;
    private final CtLogStandIn ctLog;
    private final KeyPair rootKey = StandInKeys.p256();
    private final KeyPair intermediateKey = StandInKeys.p256();
    private final X509Certificate root;
    private final X509Certificate intermediate;
    private final Instant validFrom = Instant.now().minus(Duration.ofDays(1));
    private final HttpClient http = HttpClient.newHttpClient();
    private final SecureRandom random = new SecureRandom();
    private volatile Duration backdate = Duration.ZERO;
    private volatile boolean embedSct = true;

    public FulcioStandIn(CtLogStandIn ctLog, String... trustedIssuers) throws IOException {
        this.ctLog = ctLog;
        this.trustedIssuers = Set.of(trustedIssuers);
        try {
            X500Name rootName = new X500Name("O=forgeline-test,CN=fulcio stand-in root");
            X500Name intermediateName = new X500Name("O=forgeline-test,CN=fulcio stand-in intermediate");
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            Instant until = validFrom.plus(Duration.ofDays(3650));
            X509v3CertificateBuilder rootBuilder = builder(rootName, rootName, validFrom, until, rootKey.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(1))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(rootKey.getPublic()));
            root = certificate(rootBuilder.build(signer(rootKey)));
            X509v3CertificateBuilder intermediateBuilder = builder(rootName, intermediateName, validFrom, until,
                    intermediateKey.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(intermediateKey.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(root));
            intermediate = certificate(intermediateBuilder.build(signer(rootKey)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the stand-in CA", e);
        }
        route("/api/v2/signingCert", "POST", exchange -> Response.json(200, signingCert(readJson(exchange))));
        start();
    }

    /** Certificates from now on are issued {@code by} earlier: valid from now minus it, for their usual lifetime. */
    public void backdate(Duration by) {
        this.backdate = by;
    }

    /** Whether certificates from now on carry an SCT (Fulcio always embeds one; a verifier refuses one without). */
    public void embedSct(boolean embed) {
        this.embedSct = embed;
    }

    public X509Certificate root() {
        return root;
    }

    public X509Certificate intermediate() {
        return intermediate;
    }

    public Instant validFrom() {
        return validFrom;
    }

    private ObjectNode signingCert(JsonNode request) throws Exception {
        String token = text(request, "/credentials/oidcIdentityToken");
        JsonNode claims = verifiedClaims(token);
        String publicKeyPem = text(request, "/publicKeyRequest/publicKey/content");
        PublicKey publicKey = publicKey(publicKeyPem);
        byte[] proof = Base64.getDecoder().decode(text(request, "/publicKeyRequest/proofOfPossession"));
        String challenge = claims.hasNonNull("email") ? claims.get("email").asText() : claims.path("sub").asText();
        if (claims.hasNonNull("email") && !claims.path("email_verified").asBoolean()) {
            throw new HttpError(400, "the token's email is not verified");
        }
        if (!StandInKeys.verify(publicKey, challenge.getBytes(StandardCharsets.UTF_8), proof)) {
            throw new HttpError(400, "the proof of possession does not verify with the public key");
        }
        X509Certificate leaf = issue(publicKey, claims.path("iss").asText(), identity(claims));
        ObjectNode response = JSON.createObjectNode();
        var certificates = response.putObject("signedCertificateEmbeddedSct").putObject("chain").putArray("certificates");
        for (X509Certificate certificate : List.of(leaf, intermediate, root)) {
            certificates.add(pem(certificate));
        }
        return response;
    }

    private static GeneralName identity(JsonNode claims) {
        if (claims.hasNonNull("job_workflow_ref")) {
            return new GeneralName(GeneralName.uniformResourceIdentifier,
                    "https://github.com/" + claims.get("job_workflow_ref").asText());
        }
        if (claims.hasNonNull("email")) {
            return new GeneralName(GeneralName.rfc822Name, claims.get("email").asText());
        }
        return new GeneralName(GeneralName.uniformResourceIdentifier, claims.path("sub").asText());
    }

    private X509Certificate issue(PublicKey key, String issuer, GeneralName identity) throws Exception {
        Instant notBefore = Instant.now().minus(backdate).minusSeconds(1);
        Instant notAfter = notBefore.plus(CERTIFICATE_LIFETIME);
        BigInteger serial = new BigInteger(159, random);
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        List<Extension> extensions = new ArrayList<>(List.of(
                new Extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature).getEncoded()),
                new Extension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning).getEncoded()),
                new Extension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key).getEncoded()),
                new Extension(Extension.authorityKeyIdentifier, false,
                        utils.createAuthorityKeyIdentifier(intermediate).getEncoded()),
                new Extension(Extension.subjectAlternativeName, true, new GeneralNames(identity).getEncoded()),
                new Extension(ISSUER_LEGACY, false, issuer.getBytes(StandardCharsets.UTF_8)),
                new Extension(ISSUER_V2, false, new DERUTF8String(issuer).getEncoded())));
        X509v3CertificateBuilder precert = leafBuilder(serial, notBefore, notAfter, key, extensions);
        ContentSigner signer = signer(intermediateKey);
        if (embedSct) {
            // The SCT signs the TBS certificate as it will be without the SCT extension (RFC 6962 3.2), which is this
            // precertificate's: same fields, same extensions in the same order, the SCT list appended last.
            byte[] tbs = precert.build(signer).toASN1Structure().getTBSCertificate().getEncoded("DER");
            byte[] issuerKeyHash = StandInKeys.sha256(intermediate.getPublicKey().getEncoded());
            byte[] list = CtLogStandIn.list(ctLog.sct(issuerKeyHash, tbs, Instant.now()));
            extensions.add(new Extension(SCT_LIST, false, new DEROctetString(list).getEncoded()));
        }
        return certificate(leafBuilder(serial, notBefore, notAfter, key, extensions).build(signer(intermediateKey)));
    }

    private X509v3CertificateBuilder leafBuilder(BigInteger serial, Instant notBefore, Instant notAfter, PublicKey key,
            List<Extension> extensions) throws IOException {
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
                X500Name.getInstance(intermediate.getSubjectX500Principal().getEncoded()), serial,
                Date.from(notBefore), Date.from(notAfter), new X500Name(new org.bouncycastle.asn1.x500.RDN[0]),
                SubjectPublicKeyInfo.getInstance(key.getEncoded()));
        for (Extension extension : extensions) {
            builder.addExtension(extension);
        }
        return builder;
    }

    /** The token's claims once its signature (RS256, the issuer's JWKS), audience, issuer and times check out. */
    private JsonNode verifiedClaims(String token) throws Exception {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new HttpError(401, "the OIDC token is not a JWS");
        }
        Base64.Decoder b64 = Base64.getUrlDecoder();
        JsonNode header = JSON.readTree(b64.decode(parts[0]));
        JsonNode claims = JSON.readTree(b64.decode(parts[1]));
        String issuer = claims.path("iss").asText();
        if (!trustedIssuers.contains(issuer)) {
            throw new HttpError(401, "the OIDC issuer " + issuer + " is not trusted");
        }
        if (!"RS256".equals(header.path("alg").asText())) {
            throw new HttpError(401, "unsupported token algorithm");
        }
        JsonNode discovery = get(issuer + "/.well-known/openid-configuration");
        JsonNode jwk = null;
        for (JsonNode candidate : get(discovery.path("jwks_uri").asText()).path("keys")) {
            if (candidate.path("kid").asText().equals(header.path("kid").asText())) {
                jwk = candidate;
            }
        }
        if (jwk == null) {
            throw new HttpError(401, "the token's key is not in the issuer's JWKS");
        }
        PublicKey rsa = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, b64.decode(jwk.path("n").asText())), new BigInteger(1, b64.decode(jwk.path("e").asText()))));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(rsa);
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        if (!rs256.verify(b64.decode(parts[2]))) {
            throw new HttpError(401, "the OIDC token's signature does not verify");
        }
        JsonNode audience = claims.path("aud");
        boolean forSigstore = audience.isArray()
                ? java.util.stream.StreamSupport.stream(audience.spliterator(), false)
                        .anyMatch(a -> a.asText().equals("sigstore"))
                : audience.asText().equals("sigstore");
        if (!forSigstore) {
            throw new HttpError(401, "the OIDC token's audience is not sigstore");
        }
        long now = Instant.now().getEpochSecond();
        if (claims.path("exp").asLong() < now) {
            throw new HttpError(401, "the OIDC token has expired");
        }
        return claims;
    }

    private JsonNode get(String url) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new HttpError(401, "cannot read " + url + " (HTTP " + response.statusCode() + ")");
        }
        return JSON.readTree(response.body());
    }

    private static PublicKey publicKey(String pem) throws HttpError {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            if (object instanceof SubjectPublicKeyInfo info) {
                return KeyFactory.getInstance("EC").generatePublic(new java.security.spec.X509EncodedKeySpec(
                        info.getEncoded()));
            }
        } catch (Exception e) {
            throw new HttpError(400, "the public key is not a PEM EC public key");
        }
        throw new HttpError(400, "the public key is not a PEM public key");
    }

    private X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, Instant from, Instant until,
            PublicKey key) {
        return new X509v3CertificateBuilder(issuer, new BigInteger(159, random), Date.from(from), Date.from(until),
                subject, SubjectPublicKeyInfo.getInstance(key.getEncoded()));
    }

    private static ContentSigner signer(KeyPair key) throws Exception {
        return new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate());
    }

    private static X509Certificate certificate(X509CertificateHolder holder) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    static String pem(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(
                            certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
