package dev.forgeline.release.testing.sigstore;

import dev.forgeline.release.io.FileTrees;
import dev.forgeline.release.sign.IdentityToken;
import dev.forgeline.release.sign.KeylessSigner;
import dev.forgeline.release.sigstore.TrustedRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a keyless test class signs and verifies against, started once for the class before its {@code @BeforeAll}
 * methods and stopped after the last test: the stand-in Sigstore (OIDC issuer, Fulcio, Rekor) and the files a client
 * is configured with, {@code trusted_root.json} and {@code signing_config.json}, in a directory of their own that is
 * deleted with it. A class registers it as {@code @RegisterExtension static final KeylessFixture keyless = new
 * KeylessFixture();}.
 */
public final class KeylessFixture implements BeforeAllCallback, AfterAllCallback {
    private SigstoreStandIns sigstore;
    private Path files;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        sigstore = new SigstoreStandIns();
        files = Files.createTempDirectory("forgeline-keyless");
        sigstore.writeTrustedRoot(files);
        sigstore.writeSigningConfig(files);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (sigstore != null) {
            sigstore.close();
            FileTrees.deleteTree(files);
        }
    }

    public SigstoreStandIns sigstore() {
        if (sigstore == null) {
            throw new IllegalStateException("KeylessFixture is used before its class started it: register it with "
                    + "@RegisterExtension on a static field");
        }
        return sigstore;
    }

    /** The stand-ins' trusted root, as {@code verify --trusted-root} reads it. */
    public Path trustedRootFile() {
        sigstore();
        return files.resolve("trusted_root.json");
    }

    /** The stand-ins' URLs, as {@code sign --keyless --signing-config} reads them. */
    public Path signingConfigFile() {
        sigstore();
        return files.resolve("signing_config.json");
    }

    public TrustedRoot trustedRoot() throws IOException {
        return TrustedRoot.parse(Files.readAllBytes(trustedRootFile()));
    }

    /** The OIDC issuer's URL: the certificates' issuer, for an identity policy. */
    public String issuer() {
        return sigstore().oidc().url();
    }

    /** A fresh OIDC token for {@code email} from the stand-in issuer. */
    public String emailToken(String email) {
        return sigstore().oidc().emailToken(email);
    }

    /** A signer with a fresh certificate for {@code email} from the stand-in Fulcio, logging to the stand-in Rekor. */
    public KeylessSigner signer(String email) {
        return KeylessSigner.start(IdentityToken.of(emailToken(email), "test"), sigstore().fulcio().url(),
                sigstore().rekor().url());
    }

    /** Writes a fresh token for {@code email} to {@code file}, as a CI job writes its token file; returns the file. */
    public Path tokenFile(Path file, String email) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.writeString(file, emailToken(email));
    }
}
