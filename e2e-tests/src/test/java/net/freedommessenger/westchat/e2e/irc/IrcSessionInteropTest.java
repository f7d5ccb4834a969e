package net.freedommessenger.westchat.e2e.irc;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.e2e.servers.IrcClient;
import net.freedommessenger.westchat.e2e.servers.LoopbackPorts;
import net.freedommessenger.westchat.e2e.servers.RunningServers;
import net.freedommessenger.westchat.irc.IrcSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The operator's own IRC session against real Ergo from the rendered config. */
class IrcSessionInteropTest {

  @RegisterExtension
  final RunningServers servers = new RunningServers();

  @Test
  void theOperatorAccountBecomesOperAndReadsAServiceAnswerToTheEnd() throws Exception {
    WestchatCommunity community = IrcInteropTest.sample("minimal.yaml");
    RenderedIrc irc = RenderedIrc.start(servers, community);
    try (IrcSession session = IrcSession.connect(LoopbackPorts.HOST, irc.ergo().port(), "westchat")) {
      session.oper("westchat", irc.passwords().get("westchat"));
      List<String> registered = session.service("NickServ", "SAREGISTER westchat " + irc.passwords().get("westchat"));
      System.out.println("SAREGISTER: " + registered);
      assertTrue(registered.stream().anyMatch(l -> l.contains("Successfully registered account westchat")), registered.toString());
      List<String> identified = session.identify("westchat", irc.passwords().get("westchat"));
      assertTrue(identified.stream().anyMatch(l -> l.contains("now logged in as westchat")), identified.toString());
      List<String> help = session.service("ChanServ", "HELP PURGE");
      System.out.println("HELP PURGE: " + help);
      assertTrue(help.size() > 1, "a many-line answer is read to its end: " + help);
      System.out.println("PURGE LIST: " + session.service("ChanServ", "PURGE LIST"));
    }
    try (IrcSession stranger = IrcSession.connect(LoopbackPorts.HOST, irc.ergo().port(), "mallory")) {
      IrcSession.IrcError refused = assertThrows(IrcSession.IrcError.class,
          () -> stranger.oper("westchat", "not-the-password"));
      assertTrue(refused.getMessage().contains("refused"), refused.getMessage());
      assertTrue(!refused.getMessage().contains("not-the-password"), "no password in errors");
    }
  }
}
