package dev.forgeline.release.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A file Maven repository served over HTTP by a real nginx, as a downstream user's repository manager or static
 * host would serve it: a child process (not a daemon, no master process) with a generated config, its pid file,
 * logs and temp paths in a directory of its own, listening on a free loopback port only, no directory listings.
 * {@link #close()} stops it. Without nginx the test is skipped with a message naming the install command, except on
 * CI (env CI=true), where it fails.
 */
public final class NginxMavenRepository implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final String INSTALL = "sudo apt-get install -y nginx";

    private final LoopbackProcess process;
    private final Path root;
    private final Path workDir;
    private final int port;

    private NginxMavenRepository(LoopbackProcess process, Path root, Path workDir) {
        this.process = process;
        this.root = root;
        this.workDir = workDir;
        this.port = process.port();
    }

    /** The nginx binary: on PATH, else Debian's /usr/sbin/nginx (not on a non-root user's PATH); else a skip. */
    public static Path nginx() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "nginx");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        Path debian = Path.of("/usr/sbin/nginx");
        if (Files.isExecutable(debian)) {
            return debian;
        }
        Prerequisites.missing("nginx is not installed", INSTALL);
        throw new AssertionError("unreachable");
    }

    /**
     * Serves {@code repository} (a directory in Maven layout) from a new nginx whose config, logs and pid file go
     * under {@code workDir}; returns once it answers HTTP.
     */
    public static NginxMavenRepository serve(Path repository, Path workDir) throws IOException, InterruptedException {
        return start(repository, workDir, null);
    }

    /**
     * Serves {@code repository} for reading by anyone and for uploads (WebDAV {@code PUT}, {@code MKCOL},
     * {@code COPY}, {@code MOVE}, {@code DELETE}, parent directories created on {@code PUT}) by {@code user} with
     * {@code password} only (HTTP basic auth, from an htpasswd file this writes with a salted SHA-1, so the password is
     * on no command line), as a static host or a repository manager's upload endpoint would.
     */
    public static NginxMavenRepository serveWritable(Path repository, Path workDir, String user, String password)
            throws IOException, InterruptedException {
        Files.createDirectories(repository);
        return start(repository, workDir, htpasswd(workDir, user, password), false);
    }

    /**
     * As {@link #serveWritable}, but reads need the login too (a private repository manager): {@code GET} and
     * {@code HEAD} without it get 401.
     */
    public static NginxMavenRepository serveWithLoginForReads(Path repository, Path workDir, String user,
            String password) throws IOException, InterruptedException {
        Files.createDirectories(repository);
        return start(repository, workDir, htpasswd(workDir, user, password), true);
    }

    /**
     * Serves {@code repository} for reading only to requests that carry {@code Authorization: Bearer token} (a
     * repository manager's access token); any other request gets 401. The token is in the config file only.
     */
    public static NginxMavenRepository serveWithTokenForReads(Path repository, Path workDir, String token)
            throws IOException, InterruptedException {
        if (!token.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("a token nginx's config can hold as is");
        }
        Files.createDirectories(repository);
        return start(repository, workDir, null, false, token);
    }

    /** An htpasswd file in {@code workDir} with {@code user}'s salted SHA-1 (the password on no command line). */
    private static Path htpasswd(Path workDir, String user, String password) throws IOException {
        Files.createDirectories(workDir);
        Path htpasswd = workDir.resolve("htpasswd");
        byte[] salt = new byte[8];
        new java.security.SecureRandom().nextBytes(salt);
        java.security.MessageDigest sha1;
        try {
            sha1 = java.security.MessageDigest.getInstance("SHA-1");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
        sha1.update(password.getBytes(StandardCharsets.UTF_8));
        sha1.update(salt);
        byte[] digest = sha1.digest();
        byte[] both = java.util.Arrays.copyOf(digest, digest.length + salt.length);
        System.arraycopy(salt, 0, both, digest.length, salt.length);
        Files.writeString(htpasswd, user + ":{SSHA}" + java.util.Base64.getEncoder().encodeToString(both) + "\n");
        return htpasswd.toAbsolutePath();
    }

    private static NginxMavenRepository start(Path repository, Path workDir, Path htpasswd)
            throws IOException, InterruptedException {
        return start(repository, workDir, htpasswd, false);
    }

    private static NginxMavenRepository start(Path repository, Path workDir, Path htpasswd, boolean loginForReads)
            throws IOException, InterruptedException {
        return start(repository, workDir, htpasswd, loginForReads, null);
    }

    private static NginxMavenRepository start(Path repository, Path workDir, Path htpasswd, boolean loginForReads,
            String token) throws IOException, InterruptedException {
        Path root = repository.toAbsolutePath().normalize();
        // Any HTTP answer will do: the root has no index, and reads may need a login.
        LoopbackProcess process = Nginx.start(workDir, port -> server(root, htpasswd, loginForReads, token),
                START_TIMEOUT, port -> LoopbackProcess.httpStatus(port, "/") > 0);
        return new NginxMavenRepository(process, repository, workDir);
    }

    /** The repository URL, {@code http://127.0.0.1:PORT/}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** The directory served. */
    public Path root() {
        return root;
    }

    public int port() {
        return port;
    }

    /** nginx's error log and console output, for failure messages. */
    public String log() {
        return Nginx.log(workDir);
    }

    /** The access log: one line per request, to show what a verification fetched. */
    public List<String> accessLog() throws IOException {
        Path file = workDir.resolve("access.log");
        return Files.isRegularFile(file) ? Files.readAllLines(file) : List.of();
    }

    @Override
    public void close() throws InterruptedException {
        process.close(); // SIGTERM: nginx's fast shutdown
    }

    /** The server's directives: the root served, and who may read and write. */
    private static String server(Path root, Path htpasswd, boolean loginForReads, String token) {
        // Reads need no login (unless loginForReads or a token); every other method (the WebDAV writes) does.
        // client_max_body_size 0: no upload limit.
        String location = token != null
                ? "location / { if ($http_authorization != \"Bearer " + token + "\") { return 401; } try_files $uri =404; }"
                : htpasswd == null ? "location / { try_files $uri =404; }" : loginForReads ? """
                location / {
                            dav_methods PUT DELETE MKCOL COPY MOVE;
                            create_full_put_path on;
                            dav_access user:rw group:r all:r;
                            client_max_body_size 0;
                            auth_basic "forgeline test repository";
                            auth_basic_user_file %s;
                        }""".formatted(htpasswd) : """
                location / {
                            dav_methods PUT DELETE MKCOL COPY MOVE;
                            create_full_put_path on;
                            dav_access user:rw group:r all:r;
                            client_max_body_size 0;
                            limit_except GET HEAD {
                                auth_basic "forgeline test repository";
                                auth_basic_user_file %s;
                            }
                        }""".formatted(htpasswd);
        return """
                server_name localhost;
                        root %s;
                        autoindex off;
                        %s""".formatted(root, location);
    }
}
