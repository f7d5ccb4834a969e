package net.freedommessenger.westchat.e2e.servers;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * Prosody with Biboumi as its component: clients log in over STARTTLS with a certificate made in
 * the test, meet in a MUC room, and Biboumi answers service discovery through Prosody.
 */
class ProsodyServerTest {

  static final String DOMAIN = "westchat.test";
  static final String GATEWAY = "irc." + DOMAIN;

  @RegisterExtension
  final RunningServers servers = new RunningServers();

  @Test
  void clientsLogInOverStartTlsAndMeetInARoomAndBiboumiAnswers() throws Exception {
    Path prosodyDir = servers.directory("prosody");
    int clientPort = LoopbackPorts.take();
    int componentPort = LoopbackPorts.take();
    String componentSecret = SynapseOnPostgres.secret();
    TestCertificate certificate = TestCertificate.selfSigned(prosodyDir, DOMAIN, "conference." + DOMAIN, GATEWAY);
    certificate.writePem(prosodyDir.resolve("certs/tls.crt"), prosodyDir.resolve("certs/tls.key"));
    Map<String, Object> values = new HashMap<>(Map.of(
        "dir", prosodyDir, "domain", DOMAIN, "admin", "alice@" + DOMAIN, "gatewayHost", GATEWAY,
        "componentSecret", componentSecret, "clientPort", clientPort, "componentPort", componentPort));
    ConfigTemplate.write("prosody.cfg.lua", prosodyDir.resolve(ProsodyServer.CONFIG_FILE), values);
    ProsodyServer prosody = servers.add(ProsodyServer.start(prosodyDir, clientPort, componentPort));

    Path biboumiDir = servers.directory("biboumi");
    values.put("dir", biboumiDir);
    ConfigTemplate.write("biboumi.cfg", biboumiDir.resolve(BiboumiServer.CONFIG_FILE), values);
    servers.add(BiboumiServer.start(biboumiDir, prosody));

    prosody.prosodyctl("register", "alice", DOMAIN, "alice-password");
    prosody.prosodyctl("register", "bob", DOMAIN, "bob-password");

    XMPPTCPConnection alice = connect(prosody, certificate, "alice", "alice-password");
    XMPPTCPConnection bob = connect(prosody, certificate, "bob", "bob-password");
    try {
      assertTrue(alice.isSecureConnection(), "STARTTLS was negotiated");
      assertTrue(alice.isAuthenticated());

      var room = JidCreate.entityBareFrom("smoke@conference." + DOMAIN);
      MultiUserChat aliceInRoom = MultiUserChatManager.getInstanceFor(alice).getMultiUserChat(room);
      aliceInRoom.create(Resourcepart.from("alice")).makeInstant();
      MultiUserChat bobInRoom = MultiUserChatManager.getInstanceFor(bob).getMultiUserChat(room);
      BlockingQueue<Message> bobReceived = new ArrayBlockingQueue<>(10);
      bobInRoom.addMessageListener(bobReceived::add);
      bobInRoom.join(Resourcepart.from("bob"));
      assertTrue(bobInRoom.isJoined());
      // the occupants' presences arrive apart from the join itself
      await().atMost(Duration.ofSeconds(10)).until(() -> bobInRoom.getOccupantsCount() == 2);

      aliceInRoom.sendMessage("hello from the smoke test");
      // the room's subject comes first, as a message without a body
      Message received = bobReceived.poll(10, TimeUnit.SECONDS);
      while (received != null && received.getBody() == null) {
        received = bobReceived.poll(10, TimeUnit.SECONDS);
      }
      assertTrue(received != null, "bob got alice's room message");
      assertEquals("hello from the smoke test", received.getBody());
      assertEquals("alice", received.getFrom().getResourceOrEmpty().toString());

      DiscoverInfo gateway = ServiceDiscoveryManager.getInstanceFor(alice).discoverInfo(JidCreate.from(GATEWAY));
      String identities = gateway.getIdentities().stream()
          .map(identity -> identity.getCategory() + "/" + identity.getType() + " " + identity.getName())
          .collect(Collectors.joining(", "));
      assertTrue(gateway.getIdentities().stream().anyMatch(identity -> identity.getType().equals("irc")),
          "Biboumi answers disco#info as an IRC gateway: " + identities);
    } finally {
      bob.disconnect();
      alice.disconnect();
    }
  }

  private static XMPPTCPConnection connect(ProsodyServer prosody, TestCertificate certificate, String user, String password)
      throws Exception {
    XMPPTCPConnection connection = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
        .setXmppDomain(DOMAIN)
        .setHostAddress(LoopbackPorts.address())
        .setPort(prosody.clientPort())
        .setSecurityMode(SecurityMode.required)
        .setCustomX509TrustManager(certificate.trustManager())
        .setUsernameAndPassword(user, password)
        .setResource("smoke")
        .setConnectTimeout(10_000)
        .build());
    connection.setReplyTimeout(10_000);
    connection.connect().login();
    return connection;
  }
}
