package net.freedommessenger.westchat.e2e.moderation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.cli.CommunityFile;
import net.freedommessenger.westchat.e2e.apiserver.ApiServer;
import net.freedommessenger.westchat.e2e.irc.RenderedIrc;
import net.freedommessenger.westchat.e2e.servers.IrcClient;
import net.freedommessenger.westchat.e2e.servers.RunningServers;
import net.freedommessenger.westchat.e2e.xmpp.RenderedXmpp;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.commands.AdHocCommandManager;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Admin rights follow spec.admins on Prosody and Ergo, from the configs the operator renders: a
 * new admin gains them, and one removed loses them while the account stays. (Synapse, where the
 * operator sets the flag through the admin API, is in ModerationThroughTheOperatorTest.)
 */
class AdminRightsInteropTest {

  static final Duration WAIT = Duration.ofSeconds(10);
  static final String ADMIN_COMMAND = "http://jabber.org/protocol/admin#add-user";

  @RegisterExtension
  final RunningServers servers = new RunningServers();

  static WestchatCommunity withAdmins(String admins) throws Exception {
    String yaml = Files.readString(ApiServer.repoRoot().resolve("samples/minimal.yaml"))
        .replace("  admins:\n    - name: alice\n", "  admins: " + admins + "\n");
    return CommunityFile.parse(yaml);
  }

  @Test
  void onProsodyAnAdminAddedGainsTheAdminCommandsAndLosesThemWhenRemovedWhileTheAccountStays() throws Exception {
    RenderedXmpp xmpp = RenderedXmpp.prepare(servers, withAdmins("[{name: alice}, {name: dave}]")).start(servers);
    String davePassword = xmpp.password("dave");
    assertTrue(adminCommands(xmpp, davePassword).contains(ADMIN_COMMAND), "dave is a Prosody admin");

    RenderedXmpp after = xmpp.restartAs(servers, withAdmins("[{name: alice}]"));
    Set<String> commands = adminCommands(after, davePassword);
    assertFalse(commands.contains(ADMIN_COMMAND), "dave is no admin any more: " + commands);
  }

  static Set<String> adminCommands(RenderedXmpp xmpp, String davePassword) throws Exception {
    XMPPTCPConnection dave = xmpp.login("dave", davePassword);
    try {
      DiscoverItems commands = AdHocCommandManager.getAddHocCommandsManager(dave).discoverCommands(JidCreate.from(xmpp.domain()));
      return commands.getItems().stream().map(DiscoverItems.Item::getNode).collect(Collectors.toSet());
    } finally {
      dave.disconnect();
    }
  }

  @Test
  void onErgoAnAdminAddedBecomesAnOperAndNoLongerIsOnceRemoved() throws Exception {
    RenderedIrc irc = RenderedIrc.start(servers, withAdmins("[{name: alice}, {name: dave}]"));
    try (IrcClient dave = new IrcClient(irc.ergo().port(), "dave")) {
      dave.send("OPER dave " + irc.passwords().get("dave"));
      dave.await(IrcClient.numeric("381"), WAIT);
    }
    irc.rewriteConfig(withAdmins("[{name: alice}]"));
    try (IrcClient alice = new IrcClient(irc.ergo().port(), "alice")) {
      alice.send("OPER alice " + irc.passwords().get("alice"));
      alice.await(IrcClient.numeric("381"), WAIT);
      alice.send("REHASH");
      alice.await(line -> line.contains("Rehash complete"), WAIT);
    }
    try (IrcClient dave = new IrcClient(irc.ergo().port(), "dave")) {
      dave.send("OPER dave " + irc.passwords().get("dave"));
      dave.await(line -> IrcClient.numeric("464").test(line) || IrcClient.numeric("491").test(line), WAIT);
    }
  }
}
