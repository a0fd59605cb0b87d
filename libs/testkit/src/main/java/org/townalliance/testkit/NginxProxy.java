package org.townalliance.testkit;

import org.townalliance.devstack.Ports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A real nginx (Debian's package) in front of platform instances, configured as ingress-nginx proxies by default:
 * HTTP/1.1 with kept-alive upstream connections, round robin over the instances, {@code X-Forwarded-For} appended
 * ({@code $proxy_add_x_forwarded_for}: what a client wrote there itself stays on the left), {@code X-Forwarded-Proto},
 * {@code -Host}, {@code -Port}, {@code X-Real-IP}, no response buffering (server-sent events pass at once), the
 * controller's default 60 s read timeout, and the next instance tried when one refuses the connection.
 */
public final class NginxProxy {

    private final int port;
    private final Path directory;

    private NginxProxy(int port, Path directory) {
        this.port = port;
        this.directory = directory;
    }

    /** Listens on 127.0.0.1 only: the tests reach it as remote clients from other loopback addresses (127.0.0.2, …). */
    public static NginxProxy start(List<Integer> upstreamPorts) {
        try {
            var directory = Files.createTempDirectory("alliance-nginx");
            var port = Ports.free();
            Files.writeString(directory.resolve("nginx.conf"), configuration(port, upstreamPorts, directory));
            LocalProcess.start("nginx", List.of(binary(), "-p", directory.toString(), "-c", directory.resolve("nginx.conf").toString(),
                    "-g", "daemon off;"), directory, port);
            return new NginxProxy(port, directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    /** nginx's access log: one line per request with the upstream that answered it. */
    public List<String> accessLog() {
        try {
            return Files.readAllLines(directory.resolve("access.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The access log's lines after the first {@code skipped}, as written so far. */
    public List<String> accessLogSince(int skipped) {
        var lines = accessLog();
        return lines.subList(Math.min(skipped, lines.size()), lines.size());
    }

    private static String binary() {
        return Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
    }

    private static String configuration(int port, List<Integer> upstreamPorts, Path directory) {
        var servers = upstreamPorts.stream().map(p -> "    server 127.0.0.1:" + p + " max_fails=0;").collect(Collectors.joining("\n"));
        // As root (CI), workers would switch to nobody, who cannot write this directory's temp files.
        var user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
        return user + """
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 1024; }
                http {
                  # As the ingress is configured (docs/operations.md): a resident's one-time token never reaches the log.
                  map $request $loggable_request {
                    "~^(?<lr_method>\\S+) (?<lr_path>/rate/[^/?]+/|/track/[^/?]+/|/public/towns/[^/?]+/(?:ratings|reports)/)[^/? ]+(?<lr_rest>.*)$" "$lr_method $lr_path***$lr_rest";
                    default $request;
                  }
                  log_format upstream '$remote_addr "$loggable_request" $status upstream=$upstream_addr';
                  access_log %1$s/access.log upstream;
                  client_body_temp_path %1$s/body;
                  proxy_temp_path %1$s/proxy;
                  fastcgi_temp_path %1$s/fastcgi;
                  uwsgi_temp_path %1$s/uwsgi;
                  scgi_temp_path %1$s/scgi;
                  client_max_body_size 64m; # as the chart's ingress annotation
                  upstream platform {
                %2$s
                    keepalive 32;
                  }
                  server {
                    listen 127.0.0.1:%3$d;
                    location / {
                      proxy_pass http://platform;
                      proxy_http_version 1.1;
                      proxy_set_header Connection "";
                      proxy_set_header Host $http_host;
                      proxy_set_header X-Real-IP $remote_addr;
                      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                      proxy_set_header X-Forwarded-Proto $scheme;
                      proxy_set_header X-Forwarded-Host $host;
                      proxy_set_header X-Forwarded-Port $server_port;
                      proxy_buffering off;
                      proxy_read_timeout 60s;
                      proxy_connect_timeout 5s;
                      proxy_next_upstream error timeout;
                    }
                  }
                }
                """.formatted(directory, servers, port);
    }
}
