package net.freedommessenger.westchat.e2e.bridges;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.cli.CommunityFile;
import net.freedommessenger.westchat.e2e.apiserver.ApiServer;
import net.freedommessenger.westchat.e2e.irc.RenderedIrc;
import net.freedommessenger.westchat.e2e.servers.BiboumiServer;
import net.freedommessenger.westchat.e2e.servers.ErgoServer;
import net.freedommessenger.westchat.e2e.servers.IrcClient;
import net.freedommessenger.westchat.e2e.servers.LoopbackAddresses;
import net.freedommessenger.westchat.e2e.servers.RunningServers;
import net.freedommessenger.westchat.e2e.xmpp.RenderedXmpp;
import net.freedommessenger.westchat.model.CommunityHosts;
import net.freedommessenger.westchat.model.bridges.BiboumiConfig;
import net.freedommessenger.westchat.model.bridges.BiboumiSite;
import net.freedommessenger.westchat.model.ergo.ErgoSite;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * XMPP and IRC through Biboumi, each started from what the operator renders: Prosody with the
 * component irc.&lt;domain&gt;, Ergo, and Biboumi with the rendered biboumi.cfg and the component
 * secret in BIBOUMI_PASSWORD, fixed to Ergo. An XMPP user joins #lobby@irc.&lt;domain&gt; and talks
 * with an IRC user in #lobby, both ways.
 */
class XmppIrcInteropTest {

  @RegisterExtension
  final RunningServers servers = new RunningServers();

  @Test
  void anXmppUserAndAnIrcUserTalkInLobbyThroughBiboumi() throws Exception {
    WestchatCommunity community = CommunityFile.parse(Files.readString(ApiServer.repoRoot().resolve("samples/minimal.yaml")));
    // Biboumi's fixed server is reached on the standard port, as the Ergo Service offers it in the cluster
    String ergoAddress = LoopbackAddresses.take(1, ErgoSite.PLAIN_PORT).get(0);
    RenderedIrc irc = RenderedIrc.start(servers, community, ergoAddress + ":" + ErgoSite.PLAIN_PORT);
    ErgoServer ergo = irc.ergo();
    RenderedXmpp xmpp = RenderedXmpp.prepare(servers, community).start(servers);

    Path biboumiDir = servers.directory("biboumi");
    BiboumiSite site = new BiboumiSite(xmpp.site().componentPort(), ergoAddress, biboumiDir.resolve("biboumi.sqlite").toString(),
        biboumiDir.toString());
    String cfg = BiboumiConfig.render(community.getSpec(), site);
    assertTrue(!cfg.contains(xmpp.componentSecret()), "no secret in the rendered file");
    Files.writeString(biboumiDir.resolve(BiboumiServer.CONFIG_FILE), cfg);
    servers.add(BiboumiServer.start(biboumiDir, xmpp.prosody(), Map.of(BiboumiConfig.PASSWORD_VARIABLE, xmpp.componentSecret())));

    try (IrcClient bob = new IrcClient(ergo.port(), "bob")) {
      bob.send("JOIN #lobby");
      bob.await(IrcClient.numeric("366"), Duration.ofSeconds(10));
      XMPPTCPConnection alice = xmpp.login("alice", xmpp.password("alice"));
      alice.setReplyTimeout(30_000);
      try {
        var room = JidCreate.entityBareFrom("#lobby@" + new CommunityHosts(community.getSpec().domain).ircHost());
        MultiUserChat lobby = MultiUserChatManager.getInstanceFor(alice).getMultiUserChat(room);
        BlockingQueue<Message> received = new ArrayBlockingQueue<>(50);
        lobby.addMessageListener(received::add);
        long joinStart = System.nanoTime();
        lobby.join(Resourcepart.from("alice"));
        bob.await(line -> line.contains(" JOIN ") && line.startsWith(":alice"), Duration.ofSeconds(20));
        long joined = System.nanoTime();

        lobby.sendMessage("hello from xmpp");
        bob.await(line -> line.contains("PRIVMSG #lobby :hello from xmpp"), Duration.ofSeconds(20));
        long xmppToIrc = System.nanoTime();

        bob.send("PRIVMSG #lobby :hello from irc");
        assertEquals("hello from irc", nextBody(received, "hello from irc"));
        long ircToXmpp = System.nanoTime();
        System.out.printf("XMPP-IRC through Biboumi: join %d ms, XMPP->IRC %d ms, IRC->XMPP %d ms%n",
            (joined - joinStart) / 1_000_000, (xmppToIrc - joined) / 1_000_000, (ircToXmpp - xmppToIrc) / 1_000_000);
      } finally {
        alice.disconnect();
      }
    }
  }

  /** Skips the room's history and subject; Biboumi echoes the user's own messages too. */
  static String nextBody(BlockingQueue<Message> messages, String expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      Message message = messages.poll(1, TimeUnit.SECONDS);
      if (message != null && expected.equals(message.getBody())) {
        return message.getBody();
      }
    }
    throw new AssertionError("no message \"" + expected + "\" within 20 s");
  }
}
