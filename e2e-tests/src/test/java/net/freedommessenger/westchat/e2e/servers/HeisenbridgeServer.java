package net.freedommessenger.westchat.e2e.servers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.freedommessenger.westchat.e2e.testenv.TestEnvironment;

/**
 * Heisenbridge from the test environment's virtualenv, an appservice of a running
 * {@link SynapseServer}, from a config directory that holds its registration,
 * {@value #REGISTRATION_FILE} (Heisenbridge has no other config).
 *
 * <p>The registration must list {@code url: http://127.0.0.1:<port>}; {@link #generateRegistration}
 * has Heisenbridge write one like that, and Synapse must have loaded it at its start
 * ({@code app_service_config_files}). The launcher runs
 * {@code heisenbridge -v -c <dir>/registration.yaml -l 127.0.0.1 -p <port> <synapse url>}, output
 * to {@code <dir>/heisenbridge.log}, and counts it as started when it prints that the bridge is
 * running (after it registered and logged in as its sender user with the registration's
 * {@code as_token} and read its state from Synapse; it exits when Synapse refuses the token) and
 * its port accepts.
 *
 * <p>Heisenbridge does not refuse root and lives in the virtualenv under the installing user's
 * home, so it runs as the test's user; {@code -l 127.0.0.1} keeps it on loopback, and identd
 * (port 113) stays off.
 */
public final class HeisenbridgeServer extends ServerProcess {

  public static final String REGISTRATION_FILE = "registration.yaml";

  private final int port;

  private HeisenbridgeServer(Started started, int port) {
    super("heisenbridge", started);
    this.port = port;
  }

  /**
   * Has Heisenbridge generate a registration (random tokens, its exclusive user namespace) in
   * {@code <dir>/registration.yaml} with the URL http://127.0.0.1:port.
   */
  public static Path generateRegistration(Path configDirectory, int port) {
    Path registration = configDirectory.resolve(REGISTRATION_FILE);
    run("heisenbridge --generate", List.of(TestEnvironment.binary("heisenbridge").toString(),
        "-c", registration.toString(), "--generate", "-l", LoopbackPorts.HOST, "-p", Integer.toString(port)),
        configDirectory, Map.of(), false, Duration.ofMinutes(1));
    return registration;
  }

  /**
   * Starts Heisenbridge after checking that Synapse answers; fails with Synapse's log if it does
   * not, and with Heisenbridge's when Heisenbridge exits or does not come up within a minute.
   */
  public static HeisenbridgeServer start(Path configDirectory, int port, SynapseServer homeserver) {
    return start(configDirectory, port, homeserver, null);
  }

  /** As {@link #start(Path, int, SynapseServer)}, with the bridge's owner set ({@code -o}), as the operator's pod runs it. */
  public static HeisenbridgeServer start(Path configDirectory, int port, SynapseServer homeserver, String owner) {
    homeserver.requireRunning("heisenbridge");
    Path registration = configDirectory.resolve(REGISTRATION_FILE);
    if (!Files.isRegularFile(registration)) {
      throw new IllegalArgumentException("no " + REGISTRATION_FILE + " in " + configDirectory);
    }
    List<String> command = new java.util.ArrayList<>(List.of(TestEnvironment.binary("heisenbridge").toString(),
        "-v", "-c", registration.toString(), "-l", LoopbackPorts.HOST, "-p", Integer.toString(port)));
    if (owner != null) {
      command.addAll(List.of("-o", owner));
    }
    command.add(homeserver.baseUrl());
    Started started = launch(new Launch("heisenbridge", command,
        configDirectory, configDirectory.resolve("heisenbridge.log"), Map.of("PYTHONUNBUFFERED", "1")), false);
    HeisenbridgeServer server = new HeisenbridgeServer(started, port);
    server.awaitReady(Duration.ofMinutes(1), "\"" + READY + "\" and port " + port + " accepting", server::answers);
    return server;
  }

  public int port() {
    return port;
  }

  @Override
  protected boolean answers() {
    return logContains(READY) && LoopbackPorts.accepts(port);
  }

  /** What Heisenbridge prints once it has logged in, loaded its state from Synapse and listens. */
  static final String READY = "bridge is now running";
}
