package dev.forgeline.release.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx in front of a {@link DockerRegistry}, as a registry's access policy in front of its storage: it passes
 * everything through, except that the repository {@code forbidden/...} answers 403 ({@code DENIED}) and
 * {@code missing/...} 404 ({@code NAME_UNKNOWN}), with the distribution spec's error bodies. distribution's htpasswd
 * auth lets every login do everything, so these two answers come from here.
 */
public final class RegistryFront implements AutoCloseable {
    private final Process process;
    private final int port;

    private RegistryFront(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static RegistryFront start(DockerRegistry registry, Path workDir) throws IOException, InterruptedException {
        Path nginx = NginxMavenRepository.nginx();
        Files.createDirectories(workDir);
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path work = workDir.toAbsolutePath();
        Files.writeString(work.resolve("nginx.conf"), """
                daemon off;
                master_process off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log info;
                events { worker_connections 64; }
                http {
                    access_log %1$s/access.log;
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    server {
                        listen 127.0.0.1:%2$d;
                        client_max_body_size 0;
                        location /v2/forbidden/ {
                            default_type application/json;
                            return 403 '{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}';
                        }
                        location /v2/missing/ {
                            default_type application/json;
                            return 404 '{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry"}]}';
                        }
                        location / {
                            proxy_pass http://%3$s;
                            proxy_set_header Host $http_host;
                            proxy_request_buffering off;
                        }
                    }
                }
                """.formatted(work, port, registry.host()));
        Process process = new ProcessBuilder(nginx.toString(), "-p", work + "/", "-c", work.resolve("nginx.conf").toString(),
                "-e", work.resolve("error.log").toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("nginx.out").toFile()).start();
        process.getOutputStream().close();
        RegistryFront front = new RegistryFront(process, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("nginx exited: " + Files.readString(work.resolve("nginx.out")));
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://" + front.host() + "/v2/").toURL()
                        .openConnection();
                c.setConnectTimeout(500);
                if (c.getResponseCode() == 401) {
                    return front;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        front.close();
        throw new IOException("nginx in front of the registry did not answer");
    }

    /** {@code 127.0.0.1:PORT}. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
