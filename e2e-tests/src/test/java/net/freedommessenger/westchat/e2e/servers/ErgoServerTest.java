package net.freedommessenger.westchat.e2e.servers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Ergo on loopback: NickServ registers an account and a client joins a channel. */
class ErgoServerTest {

  @RegisterExtension
  final RunningServers servers = new RunningServers();

  @Test
  void registersAnAccountWithNickServAndJoinsAChannel() throws Exception {
    Path dir = servers.directory("ergo");
    int port = LoopbackPorts.take();
    Files.writeString(dir.resolve("ircd.motd"), "Westchat server smoke test\n");
    ConfigTemplate.write("ircd.yaml", dir.resolve(ErgoServer.CONFIG_FILE), Map.of(
        "networkName", "Westchat", "serverName", "irc.westchat.test", "port", port, "dir", dir));
    ErgoServer ergo = servers.add(ErgoServer.start(dir, port));

    try (IrcClient alice = new IrcClient(ergo.port(), "alice")) {
      alice.send("NS REGISTER correct-horse-battery");
      alice.await(line -> line.contains("NickServ") && line.contains("Account created"), Duration.ofSeconds(10));
      alice.send("JOIN #westchat");
      alice.await(line -> IrcClient.numeric("JOIN").test(line) && line.startsWith(":alice!") && line.endsWith("#westchat"),
          Duration.ofSeconds(10));
      alice.await(IrcClient.numeric("366"), Duration.ofSeconds(10));
      alice.send("WHOIS alice");
      String account = alice.await(IrcClient.numeric("330"), Duration.ofSeconds(10));
      assertTrue(account.contains(" alice alice "), "WHOIS names the account: " + account);
    }
  }
}
