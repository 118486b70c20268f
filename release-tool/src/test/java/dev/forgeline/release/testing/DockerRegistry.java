package dev.forgeline.release.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OCI registry for the tests: Debian's {@code docker-registry} (CNCF distribution 2.8) as a child process on a
 * free loopback port, filesystem storage and its config in a directory of its own, and HTTP basic auth from an
 * htpasswd file made by {@code htpasswd -B} (bcrypt, the only hash distribution accepts), the password handed to
 * htpasswd on its standard input, never its command line. {@link #close()} stops it. Without the tools the test is
 * skipped with the install command, except on CI (env CI=true), where it fails.
 */
public final class DockerRegistry implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Process process;
    private final Path workDir;
    private final int port;

    private DockerRegistry(Process process, Path workDir, int port) {
        this.process = process;
        this.workDir = workDir;
        this.port = port;
    }

    /** A registry that lets {@code user} with {@code password} read and write, and nobody else anything. */
    public static DockerRegistry start(Path workDir, String user, String password) throws IOException, InterruptedException {
        return start(workDir, user, password, null);
    }

    /**
     * A registry that trusts the tokens of {@code tokens} (its {@code auth: token}: realm, service, issuer and the
     * certificate bundle): a client must follow the {@code Bearer} challenge to the token service.
     */
    public static DockerRegistry startWithTokenAuth(Path workDir, TokenServiceStandIn tokens)
            throws IOException, InterruptedException {
        return start(workDir, null, null, tokens);
    }

    private static DockerRegistry start(Path workDir, String user, String password, TokenServiceStandIn tokens)
            throws IOException, InterruptedException {
        Path registry = Prerequisites.command("docker-registry", "sudo apt-get install -y docker-registry");
        Path htpasswdTool = Prerequisites.command("htpasswd", "sudo apt-get install -y apache2-utils");
        Files.createDirectories(workDir);
        Path htpasswd = workDir.resolve("htpasswd");
        String auth;
        if (tokens != null) {
            auth = """
                      token:
                        realm: %s
                        service: %s
                        issuer: %s
                        rootcertbundle: %s
                    """.formatted(tokens.realm(), TokenServiceStandIn.SERVICE, TokenServiceStandIn.ISSUER,
                    tokens.certificate().toAbsolutePath());
        } else {
            auth = """
                      htpasswd:
                        realm: forgeline-test
                        path: %s
                    """.formatted(htpasswd.toAbsolutePath());
            writeHtpasswd(htpasswdTool, htpasswd, user, password);
        }
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) { // a free port can be taken between probing and binding
            int port = freePort();
            Path config = workDir.resolve("config.yml");
            Files.writeString(config, """
                    version: 0.1
                    log:
                      level: info
                      accesslog:
                        disabled: false
                    storage:
                      filesystem:
                        rootdirectory: %s
                      delete:
                        enabled: true
                    http:
                      addr: 127.0.0.1:%d
                      secret: forgeline-test-only-upload-state-secret
                    auth:
                    """.formatted(workDir.resolve("storage").toAbsolutePath(), port) + auth);
            Process process = new ProcessBuilder(registry.toString(), "serve", config.toAbsolutePath().toString())
                    .redirectErrorStream(true).redirectOutput(workDir.resolve("registry.log").toFile()).start();
            process.getOutputStream().close();
            DockerRegistry server = new DockerRegistry(process, workDir, port);
            try {
                server.awaitAnswer();
                return server;
            } catch (IOException e) {
                server.close();
                last = e;
                if (!server.log().contains("address already in use")) {
                    break;
                }
            }
        }
        throw last;
    }

    private static void writeHtpasswd(Path htpasswdTool, Path htpasswd, String user, String password)
            throws IOException, InterruptedException {
        Process hash = new ProcessBuilder(htpasswdTool.toString(), "-B", "-i", "-n", user).redirectErrorStream(false)
                .start();
        hash.getOutputStream().write(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        hash.getOutputStream().close();
        byte[] line = hash.getInputStream().readAllBytes();
        if (hash.waitFor() != 0) {
            throw new IOException("htpasswd -B failed: " + new String(hash.getErrorStream().readAllBytes()));
        }
        Files.write(htpasswd, line);
    }

    /** {@code 127.0.0.1:PORT}: the registry part of an image reference. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    /** The root of its filesystem storage (a test may corrupt a blob there, as a broken or hostile registry would). */
    public Path storage() {
        return workDir.resolve("storage");
    }

    /** The file distribution keeps a blob's bytes in. */
    public Path blobData(String digest) {
        String hex = digest.substring("sha256:".length());
        return storage().resolve("docker/registry/v2/blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex)
                .resolve("data");
    }

    /** Its log, with one access line per request. */
    public String log() {
        try {
            return Files.readString(workDir.resolve("registry.log"));
        } catch (IOException e) {
            return "(cannot read registry.log)";
        }
    }

    /** The access-log lines of requests with {@code method} whose path contains {@code pathPart}, in order. */
    public List<String> requests(String method, String pathPart) {
        return log().lines().filter(l -> l.contains("\"" + method + " ") && l.contains(pathPart)).toList();
    }

    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Waits until {@code /v2/} answers (401: it asks for a login, as configured), or fails with its log. */
    private void awaitAnswer() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("docker-registry exited with " + process.exitValue() + " before answering: " + log());
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://" + host() + "/v2/").toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                int status = c.getResponseCode();
                c.disconnect();
                if (status == 401) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IOException("docker-registry did not answer on " + host() + " within " + START_TIMEOUT + ": " + log());
    }
}
