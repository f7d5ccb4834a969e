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
import net.freedommessenger.westchat.e2e.testenv.TestEnvironment;

/**
 * Synapse from the test environment's virtualenv, started from a config directory that holds
 * {@value #CONFIG_FILE} and whatever that file names (signing key, appservice registrations).
 *
 * <p>The caller writes the config, with one HTTP listener bound to 127.0.0.1 on the port it passes
 * here (take one from {@link LoopbackPorts}), a {@code psycopg2} database on the given
 * {@link PostgresServer}, and every path (media store, pid file, signing key) inside the
 * directory. The launcher only runs {@code synapse_homeserver --config-path <dir>/homeserver.yaml}
 * with the directory as working directory, and counts Synapse as started when
 * {@code GET /health} answers 200.
 *
 * <p>Synapse does not refuse root, and the virtualenv lives under the installing user's home
 * (/root/.cache when the tests run as root, which {@code nobody} cannot enter), so it runs as the
 * test's user; only its port and its database make it loopback-only.
 */
public final class SynapseServer extends ServerProcess {

  public static final String CONFIG_FILE = "homeserver.yaml";

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final int port;

  private SynapseServer(Started started, int port) {
    super("synapse", started);
    this.port = port;
  }

  /**
   * Starts Synapse after checking that its database answers; fails with PostgreSQL's log if it
   * does not, and with Synapse's log if Synapse exits or does not answer within 3 minutes.
   */
  public static SynapseServer start(Path configDirectory, int port, PostgresServer database) {
    return start(configDirectory, port, database, Map.of());
  }

  /**
   * As {@link #start(Path, int, PostgresServer)}, with extra environment variables, such as the
   * PG* variables through which a config rendered by the operator reaches its database.
   */
  public static SynapseServer start(Path configDirectory, int port, PostgresServer database, Map<String, String> environment) {
    return start(configDirectory, port, database, environment, null);
  }

  /**
   * As {@link #start(Path, int, PostgresServer, Map)}, with the host names of the test's
   * {@link PrivateHosts} instead of the machine's (none when {@code hosts} is null): the names other
   * homeservers of the test go by, for federation on loopback.
   */
  public static SynapseServer start(Path configDirectory, int port, PostgresServer database, Map<String, String> environment,
      PrivateHosts hosts) {
    database.requireRunning("synapse");
    Path config = configDirectory.resolve(CONFIG_FILE);
    if (!Files.isRegularFile(config)) {
      throw new IllegalArgumentException("no " + CONFIG_FILE + " in " + configDirectory);
    }
    List<String> command = List.of(TestEnvironment.binary("synapse_homeserver").toString(), "--config-path", config.toString());
    Started started = launch(new Launch("synapse", hosts == null ? command : hosts.wrap(command),
        configDirectory, configDirectory.resolve("synapse.log"),
        withUnbufferedOutput(environment)), false);
    SynapseServer server = new SynapseServer(started, port);
    server.awaitReady(Duration.ofMinutes(3), "GET " + server.baseUrl() + "/health answers 200", server::answers);
    return server;
  }

  private static Map<String, String> withUnbufferedOutput(Map<String, String> environment) {
    Map<String, String> all = new java.util.HashMap<>(environment);
    all.put("PYTHONUNBUFFERED", "1");
    return all;
  }

  public int port() {
    return port;
  }

  /** http://127.0.0.1:port, without a trailing slash. */
  public String baseUrl() {
    return "http://" + LoopbackPorts.HOST + ":" + port;
  }

  @Override
  protected boolean answers() throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/health"))
        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200;
  }
}
