package dev.forgeline.release.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.common.FileDigest;
import dev.forgeline.release.common.SignatureKind;
import dev.forgeline.release.sigstore.TrustedRoot;
import dev.forgeline.release.testing.Artifacts;
import dev.forgeline.release.testing.Tools;
import dev.forgeline.release.testing.sigstore.KeylessFixture;
import dev.forgeline.release.verify.ArtifactVerdict;
import dev.forgeline.release.verify.FailureReason;
import dev.forgeline.release.verify.IdentityPolicy;
import dev.forgeline.release.verify.VerificationPolicy;
import dev.forgeline.release.verify.Verifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peers against the Sigstore stand-ins: sigstore-js accepts the keyless bundles forgeline writes (its default
 * thresholds: a tlog entry, an SCT, a verified time), and forgeline accepts the keyless bundles it signs;
 * sigstore-java's {@code KeylessVerifier} (trusted root from the file) accepts forgeline's bundles too.
 */
class KeylessPeerInteropTest {
    private static final String EMAIL = "peer@forgeline.test";
    @RegisterExtension
    static final KeylessFixture keyless = new KeylessFixture();

    @TempDir
    Path dir;

    @Test
    void sigstoreJs_acceptsForgelinesKeylessBundles_andRejectsAnotherIdentityAndAChangedFile() throws Exception {
        Tools.requireSigstoreJs();
        KeylessSigner signer = keyless.signer(EMAIL);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path file = Artifacts.create(dir, "k" + i + ".jar", 1500 + i * 30_000, i);
            Files.write(Artifacts.sibling(file, ".sigstore.json"), signer.sign(FileDigest.of(file)));
            files.add(file);
        }
        Tools.Run ok = verifyWithSigstoreJs(EMAIL, files);
        assertEquals(0, ok.exitCode(), ok.output());
        assertEquals(files.size(), ok.output().lines().filter(l -> l.startsWith("OK ")).count(), ok.output());

        Tools.Run otherIdentity = verifyWithSigstoreJs("someone@else.test", files.subList(0, 1));
        assertEquals(1, otherIdentity.exitCode(), otherIdentity.output());
        assertTrue(otherIdentity.output().contains("UNTRUSTED_SIGNER_ERROR"), otherIdentity.output());

        Files.write(files.get(1), new byte[] {7}, java.nio.file.StandardOpenOption.APPEND);
        Tools.Run changed = verifyWithSigstoreJs(EMAIL, files);
        assertEquals(1, changed.exitCode(), changed.output());
        assertTrue(changed.output().contains("FAIL " + files.get(1)), changed.output());
    }

    @Test
    void verify_acceptsBundlesSigstoreJsSignsAgainstTheStandIns_andHoldsThemToThePolicy() throws Exception {
        Tools.requireSigstoreJs();
        List<Path> files = List.of(Artifacts.create(dir, "js0.bin", 4000, 11), Artifacts.create(dir, "js1.bin", 90_000, 12));
        List<String> command = new ArrayList<>(List.of("node", Tools.NODE_DIR.resolve("sign-keyless.js").toString(),
                keyless.sigstore().fulcio().url(), keyless.sigstore().rekor().url()));
        files.forEach(f -> command.add(f.toString()));
        Tools.Run signed = Tools.run(Tools.NODE_DIR, Map.of("SIGSTORE_ID_TOKEN", keyless.emailToken(EMAIL)),
                command);
        assertEquals(0, signed.exitCode(), signed.output());

        TrustedRoot root = keyless.trustedRoot();
        Verifier verifier = new Verifier(policy(IdentityPolicy.exact(root, EMAIL, keyless.issuer())));
        for (Path file : files) {
            ArtifactVerdict verdict = verifier.verify(file);
            assertTrue(verdict.verified(), verdict.toString());
        }
        ArtifactVerdict wrongIssuer = new Verifier(policy(IdentityPolicy.exact(root, EMAIL, "https://accounts.google.com")))
                .verify(files.get(0));
        assertEquals(List.of(FailureReason.SIGSTORE_ISSUER_MISMATCH), wrongIssuer.reasons());
    }

    @Test
    void sigstoreJavaKeylessVerifier_acceptsForgelinesKeylessBundles_andRefusesAnotherIdentityAndAChangedFile()
            throws Exception {
        KeylessSigner signer = keyless.signer(EMAIL);
        dev.sigstore.KeylessVerifier verifier = dev.sigstore.KeylessVerifier.builder()
                .trustedRootProvider(dev.sigstore.TrustedRootProvider.from(keyless.trustedRootFile())).build();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path file = Artifacts.create(dir, "j" + i + ".jar", 1200 + i * 20_000, 20 + i);
            Files.write(Artifacts.sibling(file, ".sigstore.json"), signer.sign(FileDigest.of(file)));
            files.add(file);
        }
        for (Path file : files) {
            verifier.verify(file, javaBundle(file), javaPolicy(EMAIL));
        }
        org.junit.jupiter.api.Assertions.assertThrows(dev.sigstore.KeylessVerificationException.class,
                () -> verifier.verify(files.get(0), javaBundle(files.get(0)), javaPolicy("someone@else.test")));
        Files.write(files.get(1), new byte[] {7}, java.nio.file.StandardOpenOption.APPEND);
        org.junit.jupiter.api.Assertions.assertThrows(dev.sigstore.KeylessVerificationException.class,
                () -> verifier.verify(files.get(1), javaBundle(files.get(1)), javaPolicy(EMAIL)));
    }

    private static dev.sigstore.bundle.Bundle javaBundle(Path file) throws Exception {
        return dev.sigstore.bundle.Bundle.from(Artifacts.sibling(file, ".sigstore.json"),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    private static dev.sigstore.VerificationOptions javaPolicy(String identity) {
        return dev.sigstore.VerificationOptions.builder().addCertificateMatchers(
                dev.sigstore.VerificationOptions.CertificateMatcher.fulcio()
                        .subjectAlternativeName(dev.sigstore.strings.StringMatcher.string(identity))
                        .issuer(dev.sigstore.strings.StringMatcher.string(keyless.issuer())).build()).build();
    }

    private static VerificationPolicy policy(IdentityPolicy identity) {
        return VerificationPolicy.builder().require(EnumSet.of(SignatureKind.SIGSTORE)).identityPolicy(identity).build();
    }

    private static Tools.Run verifyWithSigstoreJs(String identity, List<Path> files) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", Tools.NODE_DIR.resolve("verify-keyless-bundles.js").toString(),
                keyless.trustedRootFile().toString(), identity, keyless.issuer()));
        files.forEach(f -> command.add(f.toString()));
        return Tools.run(Tools.NODE_DIR, Map.of(), command);
    }
}
