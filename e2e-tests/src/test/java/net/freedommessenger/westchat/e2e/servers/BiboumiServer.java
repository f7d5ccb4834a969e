package net.freedommessenger.westchat.e2e.servers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.freedommessenger.westchat.e2e.testenv.TestEnvironment;

/**
 * Biboumi 9 (Debian's package), the XMPP-to-IRC gateway, as an external component of a running
 * {@link ProsodyServer}, from a config directory that holds {@value #CONFIG_FILE}.
 *
 * <p>The caller writes the config: {@code hostname} = the Prosody component's name,
 * {@code password} = its {@code component_secret}, {@code xmpp_server_ip=127.0.0.1},
 * {@code port} = Prosody's component port, {@code identd_port=0} (no identd on port 113),
 * {@code db_name} and {@code policy_directory} inside the directory, and no {@code log_file} so
 * that Biboumi logs to standard output ({@code <dir>/biboumi.log}). The launcher runs
 * {@code biboumi <dir>/biboumi.cfg} and counts it as started when its log says "Authenticated with
 * the XMPP server", that is when Prosody accepted the component handshake.
 *
 * <p>Biboumi listens on no port of its own (with identd off). It would run as root, but like
 * Prosody it runs as {@code nobody} when the tests run as root (see {@link Unprivileged}): it is a
 * system program that needs nothing but its directory.
 */
public final class BiboumiServer extends ServerProcess {

  public static final String CONFIG_FILE = "biboumi.cfg";

  static final String AUTHENTICATED = "Authenticated with the XMPP server";

  private BiboumiServer(Started started) {
    super("biboumi", started);
  }

  /**
   * Starts Biboumi after checking that Prosody answers; fails with Prosody's log if it does not,
   * and with Biboumi's when Biboumi exits or is not let in within a minute.
   */
  public static BiboumiServer start(Path configDirectory, ProsodyServer prosody) {
    return start(configDirectory, prosody, Map.of());
  }

  /**
   * As {@link #start(Path, ProsodyServer)}, with extra environment variables; Biboumi lets
   * BIBOUMI_&lt;OPTION&gt; override an option of its file, as the operator's pod does for the password.
   */
  public static BiboumiServer start(Path configDirectory, ProsodyServer prosody, Map<String, String> environment) {
    prosody.requireRunning("biboumi");
    Path config = configDirectory.resolve(CONFIG_FILE);
    if (!Files.isRegularFile(config)) {
      throw new IllegalArgumentException("no " + CONFIG_FILE + " in " + configDirectory);
    }
    Unprivileged.handOver(configDirectory);
    Started started = launch(new Launch("biboumi", List.of(TestEnvironment.debianBinary("biboumi").toString(), config.toString()),
        configDirectory, configDirectory.resolve("biboumi.log"), withHome(environment, configDirectory)), true);
    BiboumiServer server = new BiboumiServer(started);
    server.awaitReady(Duration.ofMinutes(1), "its log says \"" + AUTHENTICATED + "\"", server::answers);
    return server;
  }

  private static Map<String, String> withHome(Map<String, String> environment, Path home) {
    Map<String, String> all = new java.util.HashMap<>(environment);
    all.put("HOME", home.toString());
    return all;
  }

  /** Whether Biboumi's component connection was accepted (it does not log a lost one as such, so also check it runs). */
  @Override
  protected boolean answers() {
    return isRunning() && logContains(AUTHENTICATED);
  }
}
