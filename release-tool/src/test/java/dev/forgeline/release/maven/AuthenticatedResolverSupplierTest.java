package dev.forgeline.release.maven;

import static dev.forgeline.release.maven.Fixtures.GROUP;
import static dev.forgeline.release.maven.Fixtures.bytes;
import static dev.forgeline.release.maven.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.common.MavenCoordinates;
import dev.forgeline.release.testing.NginxMavenRepository;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads with a bearer token from a repository that refuses every other request (nginx checking the
 * {@code Authorization} header): the token goes to the repository it was given for, and to no other.
 */
class AuthenticatedResolverSupplierTest {
    private static final String TOKEN = "tok-" + Long.toHexString(new java.security.SecureRandom().nextLong());

    @TempDir
    Path temp;

    @Test
    void withReadCredentials_bearerToken_fetchesAndResolvesFromThatRepositoryAlone() throws Exception {
        Path root = temp.resolve("served");
        byte[] jar = bytes(7, 3000);
        new MavenPublisher().publish(PublishRequest.toDirectory(root, List.of(
                new PublishedArtifact(GROUP, "lib", "1.0", null, "pom", write(temp.resolve("in"), "lib.pom",
                        Fixtures.pom("lib", "1.0", "jar"))),
                new PublishedArtifact(GROUP, "lib", "1.0", null, "jar", write(temp.resolve("in"), "lib.jar", jar)))));
        try (NginxMavenRepository nginx = NginxMavenRepository.serveWithTokenForReads(root, temp.resolve("nginx"),
                TOKEN)) {
            MavenCoordinates lib = new MavenCoordinates(GROUP, "lib", "1.0", null, "jar");
            RepositoryCredentials token = RepositoryCredentials.bearer(TOKEN, "test");
            ResolverSupplier authenticated = new ResolverSupplier().withReadCredentials(nginx.url(), token);
            ResolverSupplier elsewhere = new ResolverSupplier()
                    .withReadCredentials(URI.create("http://127.0.0.1:1/other/"), token);

            Path fetched = new SignedArtifactFetcher(authenticated).fetch(nginx.url(), lib, List.of(),
                    temp.resolve("local-1"));
            ResolutionResult resolved = new MavenArtifactResolver(authenticated).resolve(new ResolutionRequest(lib,
                    nginx.url(), temp.resolve("local-2")));
            ResolutionException anonymous = assertThrows(ResolutionException.class, () -> new SignedArtifactFetcher()
                    .fetch(nginx.url(), lib, List.of(), temp.resolve("local-3")));
            ResolutionException otherRepository = assertThrows(ResolutionException.class,
                    () -> new SignedArtifactFetcher(elsewhere).fetch(nginx.url(), lib, List.of(), temp.resolve("local-4")));

            assertArrayEquals(jar, Files.readAllBytes(fetched));
            assertTrue(resolved.files().stream().anyMatch(f -> f.getFileName().toString().equals("lib-1.0.jar")),
                    resolved.files().toString());
            for (ResolutionException refused : List.of(anonymous, otherRepository)) {
                assertTrue(refused.getMessage().contains("401"), refused.getMessage());
                assertFalse(refused.getMessage().contains(TOKEN), "no secret in the error");
            }
        }
    }
}
