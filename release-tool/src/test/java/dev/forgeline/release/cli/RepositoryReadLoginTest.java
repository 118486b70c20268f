package dev.forgeline.release.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.forgeline.release.maven.CredentialsSource;
import dev.forgeline.release.maven.RepositoryAccess;
import dev.forgeline.release.pipeline.ReleaseRunner;
import dev.forgeline.release.testing.CliRun;
import dev.forgeline.release.testing.NginxMavenRepository;
import dev.forgeline.release.testing.SignedSampleRelease;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify --repository} against a repository that needs a login for reads too (nginx with basic auth on every
 * method, as a private repository manager): with a settings.xml server (the credential sources of publish) it
 * verifies; without, or with a wrong password, it fails with the 401 said; the password is in no output.
 */
class RepositoryReadLoginTest {
    private static final String V = "1.2.0";
    private static final String USER = "reader";
    private static final String PASSWORD = "pw-" + Long.toHexString(new java.security.SecureRandom().nextLong());

    @TempDir
    Path temp;

    @Test
    void verifyRepository_readsNeedALogin_verifiesWithTheSettingsServer_andRefusesWithout() throws Exception {
        Path release = SignedSampleRelease.create(temp, V);
        try (NginxMavenRepository nginx = NginxMavenRepository.serveWithLoginForReads(temp.resolve("served"),
                temp.resolve("nginx"), USER, PASSWORD)) {
            try (ReleaseRunner runner = new ReleaseRunner(Map.of(CredentialsSource.USERNAME_ENV, USER,
                    CredentialsSource.PASSWORD_ENV, PASSWORD), new PrintStream(OutputStream.nullOutputStream()))) {
                runner.publish(release, nginx.url(), RepositoryAccess.defaults());
            }
            Path settings = settings("reads", PASSWORD);
            Path wrong = settings("reads", PASSWORD + "x");

            CliRun withLogin = verify(nginx, release, "--server-id", "reads", "--settings", settings.toString());
            CliRun anonymous = verify(nginx, release);
            CliRun wrongLogin = verify(nginx, release, "--server-id", "reads", "--settings", wrong.toString());

            assertEquals(0, withLogin.exitCode(), withLogin.out() + withLogin.err());
            assertTrue(withLogin.out().contains("OK"), withLogin.out());
            for (CliRun refused : new CliRun[] {anonymous, wrongLogin}) {
                assertEquals(1, refused.exitCode(), refused.out() + refused.err());
                assertTrue((refused.out() + refused.err()).contains("401"), refused.out() + refused.err());
            }
            for (CliRun run : new CliRun[] {withLogin, anonymous, wrongLogin}) {
                assertFalse((run.out() + run.err()).contains(PASSWORD), "no secret in the output");
            }
        }
    }

    @Test
    void serverIdWithoutARepository_isBadUsage() {
        CliRun verify = CliRun.of("verify", "--server-id", "reads", "--release", temp.toString());
        CliRun smoke = CliRun.of("smoke", "--server-id", "reads", "--from", temp.toString());

        for (CliRun run : new CliRun[] {verify, smoke}) {
            assertEquals(2, run.exitCode(), run.err());
            assertTrue(run.err().contains("--server-id needs --repository URL"), run.err());
        }
    }

    private static CliRun verify(NginxMavenRepository nginx, Path release, String... login) {
        Path keys = release.resolve("keys");
        String[] base = {"verify", "--repository", nginx.url().toString(), "--coordinate",
            SignedSampleRelease.GROUP_ID + ":" + SignedSampleRelease.ARTIFACT_ID + ":" + V + ":linux-x86_64",
            "--pgp-keys", keys.resolve("pgp-public.asc").toString(),
            "--sigstore-keys", keys.resolve("sigstore-public.pem").toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + login.length);
        System.arraycopy(login, 0, args, base.length, login.length);
        return CliRun.of(args);
    }

    private Path settings(String id, String password) throws Exception {
        return Files.writeString(temp.resolve("settings-" + password.hashCode() + ".xml"), """
                <settings><servers><server><id>%s</id><username>%s</username><password>%s</password></server>
                </servers></settings>
                """.formatted(id, USER, password));
    }
}
