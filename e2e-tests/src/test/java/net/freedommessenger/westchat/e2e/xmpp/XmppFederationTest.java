package net.freedommessenger.westchat.e2e.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.cli.CommunityFile;
import net.freedommessenger.westchat.e2e.servers.DnsServer;
import net.freedommessenger.westchat.e2e.servers.LoopbackPorts;
import net.freedommessenger.westchat.e2e.servers.RunningServers;
import net.freedommessenger.westchat.model.CommunityHosts;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Two communities' Prosodys on loopback, federating as in production: each finds the other
 * through an SRV record (served by a test DNS server on 127.0.0.1, which each Prosody's resolver
 * asks instead of the system's), and proves its name with a certificate the other trusts
 * (s2s_secure_auth). Nothing in /etc/hosts is touched.
 */
class XmppFederationTest {

  static final String WEST = "westchat.example.org";
  static final String NEIGHBOURS = "nachbarn.example.org";
  static final long WAIT_SECONDS = 20;

  @RegisterExtension
  final RunningServers servers = new RunningServers();

  /** A community with one admin, alice on westchat and bert on nachbarn, and the spec lines given. */
  static WestchatCommunity community(String name, String domain, String admin, String specYaml) throws Exception {
    return CommunityFile.parse("apiVersion: westchat.freedom-messenger.net/v1alpha1\nkind: WestchatCommunity\n"
        + "metadata: {name: " + name + "}\n"
        + "spec:\n  domain: " + domain + "\n  admins: [{name: " + admin + "}]\n"
        + specYaml.lines().map(l -> "  " + l + "\n").collect(Collectors.joining()));
  }

  record Pair(RenderedXmpp west, RenderedXmpp neighbours) {}

  /** Both communities prepared, known to the test DNS, trusting each other's certificate, then started. */
  Pair start(String westSpec, String neighboursSpec) throws Exception {
    Path shared = servers.directory("federation");
    Path trusted = shared.resolve("trusted.pem");
    Path zones = servers.directory("dns");
    int dnsPort = LoopbackPorts.take();
    String forwarder = LoopbackPorts.HOST + "@" + dnsPort;
    RenderedXmpp west = RenderedXmpp.prepare(servers, community("westchat", WEST, "alice", westSpec), trusted, forwarder);
    RenderedXmpp neighbours = RenderedXmpp.prepare(servers, community("nachbarn", NEIGHBOURS, "bert", neighboursSpec),
        trusted, forwarder);
    Files.writeString(trusted, Files.readString(west.certificateFile()) + Files.readString(neighbours.certificateFile()));
    writeZone(zones, west);
    writeZone(zones, neighbours);
    DnsServer dns = servers.add(DnsServer.start(zones, dnsPort));
    assertEquals(forwarder, dns.forwarder());
    return new Pair(west.start(servers), neighbours.start(servers));
  }

  /**
   * The records a community publishes: its domain and group chat service on 127.0.0.1, and SRV
   * records that name the server-to-server port, which differs for each Prosody on loopback.
   */
  static void writeZone(Path directory, RenderedXmpp xmpp) throws IOException {
    String domain = xmpp.domain();
    String conference = new CommunityHosts(domain).conferenceHost();
    int port = xmpp.site().serverPort();
    Files.writeString(directory.resolve(domain + ".zone"), String.join("\n",
        "$ORIGIN " + domain + ".",
        "$TTL 60",
        "@ IN SOA ns." + domain + ". hostmaster." + domain + ". 1 60 60 60 60",
        "@ IN A " + LoopbackPorts.HOST,
        "_xmpp-server._tcp IN SRV 0 0 " + port + " " + domain + ".",
        "_xmpp-server._tcp.conference IN SRV 0 0 " + port + " " + domain + ".",
        "conference IN A " + LoopbackPorts.HOST,
        ""));
    assertTrue(conference.startsWith("conference."));
  }

  /** Every message a client receives, chats and errors alike. */
  static BlockingQueue<Message> inbox(XMPPTCPConnection connection) {
    BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    connection.addAsyncStanzaListener(stanza -> messages.add((Message) stanza), stanza -> stanza instanceof Message);
    return messages;
  }

  static void send(XMPPTCPConnection from, String to, String body) throws Exception {
    from.sendStanza(from.getStanzaFactory().buildMessageStanza()
        .to(JidCreate.entityBareFrom(to)).ofType(Message.Type.chat).setBody(body).build());
  }

  static Message next(BlockingQueue<Message> inbox, Message.Type type) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (System.nanoTime() < deadline) {
      Message message = inbox.poll(1, TimeUnit.SECONDS);
      if (message != null && message.getType() == type && (type == Message.Type.error || message.getBody() != null)) {
        return message;
      }
    }
    return null;
  }

  static Message nextChat(BlockingQueue<Message> inbox) throws InterruptedException {
    return next(inbox, Message.Type.chat);
  }

  static StanzaError.Condition errorCondition(Message error) {
    assertNotNull(error, "the sender gets an error back");
    return error.getError().getCondition();
  }

  @Test
  void messagesCrossBetweenTwoFederatingCommunities() throws Exception {
    // westchat federates with everyone; nachbarn only with the servers it lists, westchat among them
    Pair pair = start("", "federation: {allow: [" + WEST + "]}");
    XMPPTCPConnection alice = pair.west().login("alice", pair.west().password("alice"));
    XMPPTCPConnection bert = pair.neighbours().login("bert", pair.neighbours().password("bert"));
    try {
      BlockingQueue<Message> aliceInbox = inbox(alice);
      BlockingQueue<Message> bertInbox = inbox(bert);
      send(alice, "bert@" + NEIGHBOURS, "Hallo Nachbar!");
      Message atBert = nextChat(bertInbox);
      assertNotNull(atBert, "bert got alice's message: " + bertInbox);
      assertEquals("Hallo Nachbar!", atBert.getBody());
      assertEquals("alice@" + WEST, atBert.getFrom().asBareJid().toString());

      send(bert, "alice@" + WEST, "Hallo zurück!");
      Message atAlice = nextChat(aliceInbox);
      assertNotNull(atAlice, "alice got bert's answer");
      assertEquals("Hallo zurück!", atAlice.getBody());
    } finally {
      bert.disconnect();
      alice.disconnect();
    }
  }

  @Test
  void noMessageCrossesToACommunityWithFederationOff() throws Exception {
    Pair pair = start("", "federation: {enabled: false}");
    XMPPTCPConnection alice = pair.west().login("alice", pair.west().password("alice"));
    XMPPTCPConnection bert = pair.neighbours().login("bert", pair.neighbours().password("bert"));
    try {
      BlockingQueue<Message> aliceInbox = inbox(alice);
      BlockingQueue<Message> bertInbox = inbox(bert);
      send(alice, "bert@" + NEIGHBOURS, "Hört mich jemand?");
      assertEquals(StanzaError.Condition.remote_server_not_found, errorCondition(next(aliceInbox, Message.Type.error)),
          "nachbarn opens no server-to-server port");
      send(bert, "alice@" + WEST, "Und mich?");
      assertEquals(StanzaError.Condition.not_allowed, errorCondition(next(bertInbox, Message.Type.error)),
          "nachbarn refuses at once: it has no server-to-server module");
      assertNull(aliceInbox.poll(1, TimeUnit.SECONDS), "nothing reached alice");
      assertNull(bertInbox.poll(1, TimeUnit.SECONDS), "nothing reached bert");
    } finally {
      bert.disconnect();
      alice.disconnect();
    }
  }

  @Test
  void anAllowListKeepsOtherServersOutBothWays() throws Exception {
    // westchat only federates with a third server; nachbarn federates with everyone
    Pair pair = start("federation: {allow: [friends.example.org]}", "");
    XMPPTCPConnection alice = pair.west().login("alice", pair.west().password("alice"));
    XMPPTCPConnection bert = pair.neighbours().login("bert", pair.neighbours().password("bert"));
    try {
      BlockingQueue<Message> aliceInbox = inbox(alice);
      BlockingQueue<Message> bertInbox = inbox(bert);
      send(alice, "bert@" + NEIGHBOURS, "Darf ich?");
      assertEquals(StanzaError.Condition.not_allowed, errorCondition(next(aliceInbox, Message.Type.error)),
          "westchat does not send to a server not on its list");

      send(bert, "alice@" + WEST, "Lass mich rein!");
      Message refused = next(bertInbox, Message.Type.error);
      assertNotNull(refused, "westchat closed nachbarn's connection once nachbarn had proved its name");
      assertNull(aliceInbox.poll(1, TimeUnit.SECONDS), "nothing reached alice");
      assertNull(bertInbox.poll(1, TimeUnit.SECONDS), "nothing reached bert");
      assertTrue(pair.west().prosody().logContains("not in federation_allow"), "westchat's log says why");
    } finally {
      bert.disconnect();
      alice.disconnect();
    }
  }
}
