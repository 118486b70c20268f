package dev.forgeline.release.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real OCI registry for the tests: Debian's {@code docker-registry} (CNCF distribution 2.8) as a child process on a
 * free loopback port, filesystem storage and its config in a directory of its own, and HTTP basic auth from an
 * htpasswd file made by {@code htpasswd -B} (bcrypt, the only hash distribution accepts), the password handed to
 * htpasswd on its standard input, never its command line. {@link #close()} stops it. Without the tools the test is
 * skipped with the install command, except on CI (env CI=true), where it fails.
 */
public final class DockerRegistry implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final LoopbackProcess process;
    private final Path workDir;
    private final int port;

    private DockerRegistry(LoopbackProcess process, Path workDir) {
        this.process = process;
        this.workDir = workDir;
        this.port = process.port();
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
        Path config = workDir.resolve("config.yml");
        LoopbackProcess process = LoopbackProcess.start("docker-registry", port -> {
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
            return List.of(registry.toString(), "serve", config.toAbsolutePath().toString());
        }, workDir.resolve("registry.log"), () -> log(workDir), START_TIMEOUT,
                // 401: /v2/ asks for a login, as configured
                port -> LoopbackProcess.httpStatus(port, "/v2/") == 401);
        return new DockerRegistry(process, workDir);
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
        return log(workDir);
    }

    private static String log(Path workDir) {
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
        process.close();
    }
}
