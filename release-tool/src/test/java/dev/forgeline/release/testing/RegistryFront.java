package dev.forgeline.release.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real nginx in front of a {@link DockerRegistry}, as a registry's access policy in front of its storage: it passes
 * everything through, except that the repository {@code forbidden/...} answers 403 ({@code DENIED}) and
 * {@code missing/...} 404 ({@code NAME_UNKNOWN}), with the distribution spec's error bodies. distribution's htpasswd
 * auth lets every login do everything, so these two answers come from here.
 */
public final class RegistryFront implements AutoCloseable {
    private final LoopbackProcess process;
    private final int port;

    private RegistryFront(LoopbackProcess process) {
        this.process = process;
        this.port = process.port();
    }

    public static RegistryFront start(DockerRegistry registry, Path workDir) throws IOException, InterruptedException {
        LoopbackProcess process = Nginx.start(workDir, port -> """
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
                            proxy_pass http://%s;
                            proxy_set_header Host $http_host;
                            proxy_request_buffering off;
                        }""".formatted(registry.host()), Duration.ofSeconds(20),
                // 401: the registry behind it answers, asking for a login
                port -> LoopbackProcess.httpStatus(port, "/v2/") == 401);
        return new RegistryFront(process);
    }

    /** {@code 127.0.0.1:PORT}. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
