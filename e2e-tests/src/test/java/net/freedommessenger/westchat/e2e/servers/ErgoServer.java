package net.freedommessenger.westchat.e2e.servers;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.freedommessenger.westchat.e2e.testenv.TestEnvironment;

/**
 * Ergo (built by the test environment's install script) from a config directory that holds
 * {@value #CONFIG_FILE}.
 *
 * <p>The caller writes the config: one plain listener {@code "127.0.0.1:<port>"} on the port it
 * passes here (from {@link LoopbackPorts}), the datastore and MOTD inside the directory, and
 * logging to stderr. The launcher runs {@code ergo run --conf <dir>/ircd.yaml} with the directory
 * as working directory (Ergo creates its database there on first start), output to
 * {@code <dir>/ergo.log}, and counts Ergo as started when a client that sends NICK and USER gets
 * the 001 welcome.
 *
 * <p>Ergo does not refuse root, and its binary lives under the installing user's home
 * (/root/.cache when the tests run as root, which {@code nobody} cannot enter), so it runs as the
 * test's user; its listener makes it loopback-only.
 */
public final class ErgoServer extends ServerProcess {

  public static final String CONFIG_FILE = "ircd.yaml";

  private final int port;

  private ErgoServer(Started started, int port) {
    super("ergo", started);
    this.port = port;
  }

  /** Starts Ergo; fails with its log when it exits or does not welcome a client within a minute. */
  public static ErgoServer start(Path configDirectory, int port) {
    Path config = configDirectory.resolve(CONFIG_FILE);
    if (!Files.isRegularFile(config)) {
      throw new IllegalArgumentException("no " + CONFIG_FILE + " in " + configDirectory);
    }
    Started started = launch(new Launch("ergo", List.of(TestEnvironment.binary("ergo").toString(),
        "run", "--conf", config.toString()),
        configDirectory, configDirectory.resolve("ergo.log"), Map.of()), false);
    ErgoServer server = new ErgoServer(started, port);
    server.awaitReady(Duration.ofMinutes(1), "an IRC welcome (001) on " + LoopbackPorts.HOST + ":" + port, server::answers);
    return server;
  }

  public int port() {
    return port;
  }

  /** Registers a throw-away client connection and waits for the welcome numeric. */
  @Override
  protected boolean answers() throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(LoopbackPorts.address(), port), 1000);
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write("NICK probe\r\nUSER probe 0 * :start probe\r\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] words = line.split(" ");
        if (words.length > 1 && words[1].equals("001")) {
          out.write("QUIT :probe done\r\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
          return true;
        }
        if (line.startsWith("PING ")) {
          out.write(("PONG " + line.substring(5) + "\r\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      }
      return false;
    }
  }
}
