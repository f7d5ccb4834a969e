package net.freedommessenger.westchat.e2e.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.freedommessenger.westchat.e2e.testenv.TestEnvironment;

/**
 * An authoritative DNS server on 127.0.0.1 (Twisted Names, from the test virtualenv, where it
 * comes with Synapse) serving the BIND zone files of a directory. It lets servers that look up
 * other servers in DNS, such as Prosody's SRV lookups for federation, find test servers on
 * loopback ports without touching /etc/hosts.
 *
 * <p>The caller writes one {@code *.zone} file per domain into the directory. The launcher runs
 * {@code twistd -n dns --interface 127.0.0.1 --port PORT --bindzone FILE...} with the log in
 * {@code <dir>/dns.log}, and counts it as started when the log says it serves UDP on the port.
 * It runs as the test's user: the virtualenv may sit under a home that {@code nobody} cannot reach.
 */
public final class DnsServer extends ServerProcess {

  private final int port;

  private DnsServer(Started started, int port) {
    super("dns", started);
    this.port = port;
  }

  public static DnsServer start(Path zoneDirectory, int port) {
    List<String> command = new ArrayList<>(List.of(twistd().toString(), "--nodaemon", "--pidfile=", "dns",
        "--interface", LoopbackPorts.HOST, "--port", String.valueOf(port)));
    try (Stream<Path> files = Files.list(zoneDirectory)) {
      for (Path zone : files.filter(f -> f.toString().endsWith(".zone")).sorted().toList()) {
        command.add("--bindzone");
        command.add(zone.toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!command.contains("--bindzone")) {
      throw new IllegalArgumentException("no *.zone file in " + zoneDirectory);
    }
    Started started = launch(new Launch("dns", command, zoneDirectory, zoneDirectory.resolve("dns.log"),
        Map.of("PYTHONUNBUFFERED", "1")), false);
    DnsServer server = new DnsServer(started, port);
    server.awaitReady(Duration.ofSeconds(30), "its log says it serves UDP on port " + port, server::answers);
    return server;
  }

  /** Where a resolver sends its queries, written as address@port (libunbound's forwarder syntax). */
  public String forwarder() {
    return LoopbackPorts.HOST + "@" + port;
  }

  @Override
  protected boolean answers() {
    return isRunning() && logContains("DNSDatagramProtocol starting on " + port);
  }

  private static Path twistd() {
    return TestEnvironment.require("twistd (Twisted, in the test virtualenv)",
        TestEnvironment.directory().resolve("venv").resolve("bin").resolve("twistd"));
  }
}
