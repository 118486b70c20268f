package dev.forgeline.release.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.ExitCode;
import dev.forgeline.release.ForgelineException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image references (plain HTTP for loopback only) and where a registry login comes from, its secret never shown. */
class ImageReferenceTest {

    @Test
    void parse_loopbackRegistry_isPlainHttp_everyOtherHostHttps() {
        ImageReference local = ImageReference.parse("127.0.0.1:5000/forgeline/gateway:1.2.3", "--image");
        assertEquals("http://127.0.0.1:5000", local.base().toString());
        assertEquals("forgeline/gateway", local.repository());
        assertEquals("1.2.3", local.tag());
        assertEquals("127.0.0.1:5000/forgeline/gateway", local.repositoryName());
        assertEquals("http://localhost:5000", ImageReference.parse("localhost:5000/g:1", "--image").base().toString());
        ImageReference remote = ImageReference.parse("registry.example.org/forgeline/gateway:1.2.3", "--image");
        assertEquals("https://registry.example.org", remote.base().toString());
        assertEquals("https://127.0.0.1.example.org:5000",
                ImageReference.parse("127.0.0.1.example.org:5000/g:1", "--image").base().toString());
    }

    @Test
    void parse_withoutHostTagOrInLowerCase_isBadUsageNamingTheOption() {
        for (String bad : new String[] {"forgeline/gateway:1", "registry.example.org/forgeline/gateway",
            "registry.example.org/Forgeline/gateway:1", "registry.example.org/:1", ""}) {
            ForgelineException e = assertThrows(ForgelineException.class, () -> ImageReference.parse(bad, "--image"));
            assertEquals(ExitCode.USAGE, e.exitCode());
            assertTrue(e.getMessage().startsWith("--image " + bad), e.getMessage());
        }
    }

    @Test
    void credentials_fromTheEnvironment_userAndPasswordOrToken_neverBoth() {
        RegistryCredentials basic = RegistryCredentials.resolve("r:1", Map.of(RegistryCredentials.USERNAME_ENV, "ci",
                RegistryCredentials.PASSWORD_ENV, "hunter2"));
        assertEquals("environment FORGELINE_REGISTRY_USERNAME (user ci)", basic.toString());
        assertEquals("Basic " + Base64.getEncoder().encodeToString("ci:hunter2".getBytes()), basic.basicHeader());
        RegistryCredentials token = RegistryCredentials.resolve("r:1", Map.of(RegistryCredentials.TOKEN_ENV, "tok-123"));
        assertEquals("environment FORGELINE_REGISTRY_TOKEN (token)", token.toString());
        assertThrows(ForgelineException.class, () -> RegistryCredentials.resolve("r:1", Map.of(
                RegistryCredentials.TOKEN_ENV, "t", RegistryCredentials.USERNAME_ENV, "u")));
        ForgelineException half = assertThrows(ForgelineException.class, () -> RegistryCredentials.resolve("r:1",
                Map.of(RegistryCredentials.PASSWORD_ENV, "hunter2")));
        assertFalse(half.getMessage().contains("hunter2"), half.getMessage());
    }

    @Test
    void credentials_fromDockersConfigJson_auth_orNoneForAnotherRegistry(@TempDir Path dir) throws Exception {
        String auth = Base64.getEncoder().encodeToString("alice:s3cret:with:colons".getBytes(StandardCharsets.UTF_8));
        Files.writeString(dir.resolve("config.json"), "{\"auths\":{\"127.0.0.1:5000\":{\"auth\":\"" + auth + "\"}}}");
        Map<String, String> env = Map.of("DOCKER_CONFIG", dir.toString());
        RegistryCredentials found = RegistryCredentials.resolve("127.0.0.1:5000", env);
        assertEquals("Basic " + auth, found.basicHeader());
        assertTrue(found.toString().endsWith("(auths.127.0.0.1:5000) (user alice)"), found.toString());
        assertFalse(found.toString().contains("s3cret"));
        assertTrue(RegistryCredentials.resolve("127.0.0.1:5001", env).anonymous());
        Files.writeString(dir.resolve("config.json"), "{\"auths\":{\"127.0.0.1:5000\":{\"auth\":\"%%%\"}}}");
        ForgelineException bad = assertThrows(ForgelineException.class,
                () -> RegistryCredentials.resolve("127.0.0.1:5000", env));
        assertEquals(ExitCode.USAGE, bad.exitCode());
    }

    @Test
    void cosignSignature_payloadAndTag_areCosignsExactly() {
        String digest = "sha256:" + "ab".repeat(32);
        assertEquals("sha256-" + "ab".repeat(32) + ".sig", CosignSignature.tag(digest));
        assertEquals("{\"critical\":{\"identity\":{\"docker-reference\":\"r.example/g\"},\"image\":{\"docker-manifest-digest\":\""
                + digest + "\"},\"type\":\"cosign container image signature\"},\"optional\":null}",
                new String(CosignSignature.payload("r.example/g", digest), StandardCharsets.UTF_8));
    }
}
