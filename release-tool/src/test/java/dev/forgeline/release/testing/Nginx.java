package dev.forgeline.release.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;

/**
 * nginx as the tests run it: one process in the foreground (no daemon; master_process off, so no workers to switch
 * users and nothing left behind when it is killed) with a generated config, its pid file, logs and temp paths in a
 * directory of its own, one {@code server} listening on a free loopback port.
 */
final class Nginx {
    private Nginx() {}

    /**
     * Starts nginx in {@code workDir} with one server whose directives (after its {@code listen}) {@code server} gives
     * for the port; returns once {@code ready} says it answers.
     */
    static LoopbackProcess start(Path workDir, IntFunction<String> server, Duration timeout, LoopbackProcess.Probe ready)
            throws IOException, InterruptedException {
        Path nginx = NginxMavenRepository.nginx();
        Path work = Files.createDirectories(workDir).toAbsolutePath();
        Path conf = work.resolve("nginx.conf");
        return LoopbackProcess.start("nginx", port -> {
            Files.writeString(conf, config(work, port, server.apply(port)));
            return List.of(nginx.toString(), "-p", work + "/", "-c", conf.toString(), "-e",
                    work.resolve("error.log").toString());
        }, work.resolve("nginx.out"), () -> log(work), timeout, ready);
    }

    /** nginx's console output and error log, for failure messages. */
    static String log(Path workDir) {
        StringBuilder text = new StringBuilder();
        for (String name : List.of("nginx.out", "error.log")) {
            try {
                Path file = workDir.resolve(name);
                if (Files.isRegularFile(file)) {
                    text.append(Files.readString(file));
                }
            } catch (IOException e) {
                text.append("(cannot read ").append(name).append(")");
            }
        }
        return text.toString();
    }

    private static String config(Path work, int port, String server) {
        return """
                daemon off;
                master_process off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log info;
                events { worker_connections 64; }
                http {
                    # combined, and the Expect header: a client waiting for "100 Continue" is visible.
                    log_format forgeline '$remote_addr - $remote_user [$time_local] "$request" $status '
                                         '$body_bytes_sent "$http_referer" "$http_user_agent" expect="$http_expect"';
                    access_log %1$s/access.log forgeline;
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    default_type application/octet-stream;
                    sendfile on;
                    server {
                        listen 127.0.0.1:%2$d;
                        %3$s
                    }
                }
                """.formatted(work, port, server);
    }
}
