package net.freedommessenger.westchat.e2e.servers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A server that cannot start, or whose needed server is gone, fails the test with the right log. */
class ServerStartFailureTest {

  @RegisterExtension
  final RunningServers servers = new RunningServers();

  @Test
  void aServerThatExitsAtStartFailsWithItsLog() {
    Path dir = servers.directory("ergo");
    int port = LoopbackPorts.take();
    // the datastore's folder does not exist, so Ergo cannot create its database and exits
    ConfigTemplate.write("ircd.yaml", dir.resolve(ErgoServer.CONFIG_FILE), Map.of(
        "networkName", "Westchat", "serverName", "irc.westchat.test", "port", port, "dir", dir.resolve("missing")));
    ServerStartException failure = assertThrows(ServerStartException.class, () -> ErgoServer.start(dir, port));
    assertTrue(failure.getMessage().startsWith("ergo exited with code"), failure.getMessage());
    assertTrue(failure.getMessage().contains("Could not load server"), "the message holds Ergo's log: " + failure.getMessage());
    assertFalse(LoopbackPorts.accepts(port));
  }

  @Test
  void aServerWhoseNeededServerStoppedFailsWithThatServersLog() {
    Path prosodyDir = servers.directory("prosody");
    int clientPort = LoopbackPorts.take();
    int componentPort = LoopbackPorts.take();
    Map<String, Object> values = Map.of("dir", prosodyDir, "domain", "westchat.test", "admin", "admin@westchat.test",
        "gatewayHost", "irc.westchat.test", "componentSecret", "secret", "clientPort", clientPort,
        "componentPort", componentPort);
    TestCertificate.selfSigned(prosodyDir, "westchat.test")
        .writePem(prosodyDir.resolve("certs/tls.crt"), prosodyDir.resolve("certs/tls.key"));
    ConfigTemplate.write("prosody.cfg.lua", prosodyDir.resolve(ProsodyServer.CONFIG_FILE), values);
    ProsodyServer prosody = servers.add(ProsodyServer.start(prosodyDir, clientPort, componentPort));
    prosody.close();

    Path biboumiDir = servers.directory("biboumi");
    ConfigTemplate.write("biboumi.cfg", biboumiDir.resolve(BiboumiServer.CONFIG_FILE), values);
    ServerStartException failure = assertThrows(ServerStartException.class, () -> BiboumiServer.start(biboumiDir, prosody));
    assertTrue(failure.getMessage().startsWith("biboumi needs prosody, which is not running"), failure.getMessage());
    assertTrue(failure.getMessage().contains("Shutting down"), "the message holds Prosody's log: " + failure.getMessage());
  }
}
