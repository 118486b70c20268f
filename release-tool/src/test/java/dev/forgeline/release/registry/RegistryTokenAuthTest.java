package dev.forgeline.release.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.oci.OciLayout;
import dev.forgeline.release.testing.DockerRegistry;
import dev.forgeline.release.testing.TokenServiceStandIn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token handshake: a real docker-registry configured for token authentication answers {@code Bearer
 * realm=...,service=...,scope=...}; the client fetches a token from the realm (the token service stand-in, which
 * speaks the Docker token protocol and signs ES256 JWTs the registry trusts) with its user and password, and pushes
 * a small image with it; a second push uploads nothing; a wrong password stops at the token service with 401.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryTokenAuthTest {
    private static final String USER = "token-user";
    private static final String PASSWORD = "pw-" + Long.toHexString(new java.security.SecureRandom().nextLong());

    private TokenServiceStandIn tokens;
    private DockerRegistry registry;
    private Path layout;
    private String indexDigest;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        tokens = TokenServiceStandIn.start(dir.resolve("tokens"), USER, PASSWORD);
        registry = DockerRegistry.startWithTokenAuth(dir.resolve("registry"), tokens);
        OciLayout oci = OciLayout.create(dir.resolve("layout"));
        OciLayout.Descriptor layer = oci.blob(OciLayout.LAYER_MEDIA_TYPE, "not really a tar".getBytes(StandardCharsets.UTF_8));
        OciLayout.Descriptor config = oci.blob(OciLayout.CONFIG_MEDIA_TYPE, ("{\"architecture\":\"amd64\",\"os\":\"linux\","
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + layer.digest() + "\"]}}").getBytes(StandardCharsets.UTF_8));
        OciLayout.Descriptor manifest = oci.manifest(config, List.of(layer), Map.of());
        indexDigest = oci.index(List.of(manifest.withPlatform(new OciLayout.Platform("linux", "amd64", null))), Map.of())
                .digest();
        layout = oci.directory();
    }

    @AfterAll
    void stop() throws Exception {
        if (registry != null) {
            registry.close();
        }
        if (tokens != null) {
            tokens.close();
        }
    }

    private RegistryClient client(String password) {
        return new RegistryClient(ImageReference.parse(registry.host() + "/forgeline/tiny:1", "test"),
                RegistryCredentials.basic(USER, password, "test"));
    }

    @Test
    void push_followsTheBearerChallengeToTheTokenService_andARerunUploadsNothing() throws Exception {
        RegistryClient first = client(PASSWORD);
        ImagePusher.Result pushed = new ImagePusher(first, line -> { }).push(layout, indexDigest, null);
        assertEquals(2, pushed.blobsUploaded(), pushed.toString());
        assertTrue(pushed.tagged());
        assertTrue(tokens.issued() >= 1, "a token was fetched");
        assertEquals(indexDigest, first.manifestDigest("1").orElseThrow());

        RegistryClient again = client(PASSWORD);
        ImagePusher.Result rerun = new ImagePusher(again, line -> { }).push(layout, indexDigest, null);
        assertTrue(rerun.nothingPushed(), rerun.toString());
        assertEquals(0, again.blobUploads());
    }

    @Test
    void push_withAWrongPassword_stopsAtTheTokenServiceWith401() {
        String wrong = PASSWORD + "-wrong";
        RegistryException e = assertThrows(RegistryException.class,
                () -> new ImagePusher(client(wrong), line -> { }).push(layout, indexDigest, null));
        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains(tokens.realm()), e.getMessage());
        assertFalse(e.getMessage().contains(wrong) || e.hint().contains(wrong), e.getMessage());
    }
}
