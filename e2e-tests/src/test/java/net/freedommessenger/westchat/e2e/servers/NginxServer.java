package net.freedommessenger.westchat.e2e.servers;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * nginx (Debian's package) from a config directory that holds {@value #CONFIG_FILE}, as the
 * Matrix delegation pod runs it. The caller's config listens on 127.0.0.1 and a port from
 * {@link LoopbackPorts}, answers GET /healthz, and keeps its pid and temp files in /tmp or the
 * directory. The launcher runs {@code nginx -c <dir>/nginx.conf -g 'daemon off;'} in the
 * foreground; nginx's master refuses nothing as root and its workers drop to the default user.
 */
public final class NginxServer extends ServerProcess {

  public static final String CONFIG_FILE = "nginx.conf";

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  private final int port;

  private NginxServer(Started started, int port) {
    super("nginx", started);
    this.port = port;
  }

  public static NginxServer start(Path configDirectory, int port) {
    Path config = configDirectory.resolve(CONFIG_FILE);
    if (!Files.isRegularFile(config)) {
      throw new IllegalArgumentException("no " + CONFIG_FILE + " in " + configDirectory);
    }
    Started started = launch(new Launch("nginx", List.of("/usr/sbin/nginx", "-p", configDirectory.toString(),
        "-c", config.toString(), "-g", "daemon off;"),
        configDirectory, configDirectory.resolve("nginx.log"), Map.of()), false);
    NginxServer server = new NginxServer(started, port);
    server.awaitReady(Duration.ofSeconds(30), "GET /healthz on " + server.baseUrl(), server::answers);
    return server;
  }

  public String baseUrl() {
    return "http://" + LoopbackPorts.HOST + ":" + port;
  }

  public HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(5)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  protected boolean answers() throws Exception {
    return get("/healthz").statusCode() == 200;
  }
}
