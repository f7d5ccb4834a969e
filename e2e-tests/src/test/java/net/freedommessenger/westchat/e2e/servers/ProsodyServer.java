package net.freedommessenger.westchat.e2e.servers;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.freedommessenger.westchat.e2e.testenv.TestEnvironment;

/**
 * Prosody 0.12 (Debian's package) in the foreground, from a config directory that holds
 * {@value #CONFIG_FILE} and whatever that file names (TLS key and certificate).
 *
 * <p>The caller writes the config (a template of the smoke tests, or the operator's rendering for a
 * loopback site): {@code interfaces} and {@code local_interfaces} set to 127.0.0.1,
 * {@code c2s_ports} and {@code component_ports} set to the ports it passes here (from
 * {@link LoopbackPorts}), {@code s2s_ports} empty or a port of its own, {@code data_path} inside
 * the directory and {@code log} to the console. The launcher runs
 * {@code prosody -F --config <dir>/prosody.cfg.lua}, whose console output goes to
 * {@code <dir>/prosody.log}, and counts Prosody as started when the client port answers an XMPP
 * stream header with a stream of its own and the component port accepts.
 *
 * <p>Prosody refuses to run as root ("Refusing to run as root" from mod_posix, then it hangs
 * half-started): when the tests run as root, the directory is chowned to {@code nobody} and
 * prosody and prosodyctl run as that user through setpriv (see {@link Unprivileged}), with
 * {@code HOME} set to the directory. Nothing under /etc/prosody or /var/lib/prosody is read or
 * written.
 */
public final class ProsodyServer extends ServerProcess {

  public static final String CONFIG_FILE = "prosody.cfg.lua";

  private final Path directory;
  private final int clientPort;
  private final int componentPort;

  private ProsodyServer(Started started, Path directory, int clientPort, int componentPort) {
    super("prosody", started);
    this.directory = directory;
    this.clientPort = clientPort;
    this.componentPort = componentPort;
  }

  /**
   * Starts Prosody; {@code componentPort} is 0 when the config opens no component port.
   * Fails with Prosody's log when it exits or does not answer within a minute.
   */
  public static ProsodyServer start(Path configDirectory, int clientPort, int componentPort) {
    return start(configDirectory, clientPort, componentPort, Map.of());
  }

  /**
   * Starts Prosody with variables added to its environment, as a pod gives them (for example a
   * secret the config reads as {@code ENV_<NAME>}).
   */
  public static ProsodyServer start(Path configDirectory, int clientPort, int componentPort, Map<String, String> environment) {
    Path config = configDirectory.resolve(CONFIG_FILE);
    if (!Files.isRegularFile(config)) {
      throw new IllegalArgumentException("no " + CONFIG_FILE + " in " + configDirectory);
    }
    Unprivileged.handOver(configDirectory);
    Map<String, String> fullEnvironment = new HashMap<>(environment);
    fullEnvironment.put("HOME", configDirectory.toString());
    Started started = launch(new Launch("prosody", List.of(TestEnvironment.debianBinary("prosody").toString(),
        "-F", "--config", config.toString()),
        configDirectory, configDirectory.resolve("prosody.log"), fullEnvironment), true);
    ProsodyServer server = new ProsodyServer(started, configDirectory, clientPort, componentPort);
    server.awaitReady(Duration.ofMinutes(1),
        "an XMPP stream on " + LoopbackPorts.HOST + ":" + clientPort
            + (componentPort > 0 ? " and the component port " + componentPort : ""),
        server::answers);
    return server;
  }

  public int clientPort() {
    return clientPort;
  }

  public int componentPort() {
    return componentPort;
  }

  /**
   * Runs {@code prosodyctl --config <dir>/prosody.cfg.lua ARGS...} as the same user as Prosody
   * (for example {@code register user host password}) and returns its output.
   */
  public String prosodyctl(String... arguments) {
    List<String> command = new ArrayList<>(List.of(TestEnvironment.debianBinary("prosodyctl").toString(),
        "--config", directory.resolve(CONFIG_FILE).toString()));
    command.addAll(List.of(arguments));
    return run("prosodyctl", command, directory, Map.of("HOME", directory.toString()), true, Duration.ofSeconds(60));
  }

  /**
   * Runs a command in the config directory as the user Prosody runs as, before Prosody starts (as
   * an init container does in the pod), with {@code prosodyctl} on the PATH; returns its output
   * and fails on a non-zero exit.
   */
  public static String runBeforeStart(Path configDirectory, List<String> command) {
    Unprivileged.handOver(configDirectory);
    return run(command.get(0), command, configDirectory,
        Map.of("HOME", configDirectory.toString(), "PATH", TestEnvironment.debianBinary("prosodyctl").getParent() + ":/bin"),
        true, Duration.ofSeconds(60));
  }

  /**
   * Opens a client stream and reads Prosody's answer: a stream header of its own (with features,
   * or with a host-unknown error as the probe names no host of the config).
   */
  @Override
  protected boolean answers() throws Exception {
    if (componentPort > 0 && !LoopbackPorts.accepts(componentPort)) {
      return false;
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(LoopbackPorts.address(), clientPort), 1000);
      socket.setSoTimeout(3000);
      OutputStream out = socket.getOutputStream();
      out.write(("<?xml version='1.0'?><stream:stream to='probe.invalid' version='1.0'"
          + " xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>").getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        answer.write(buffer, 0, n);
        String text = answer.toString(StandardCharsets.UTF_8);
        if (text.contains("<stream:stream") && (text.contains("</stream:features>") || text.contains("</stream:error>"))) {
          return true;
        }
      }
      return false;
    }
  }
}
