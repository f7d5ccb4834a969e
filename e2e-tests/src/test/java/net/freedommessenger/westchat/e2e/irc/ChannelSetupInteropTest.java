package net.freedommessenger.westchat.e2e.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.e2e.servers.IrcClient;
import net.freedommessenger.westchat.e2e.servers.LoopbackPorts;
import net.freedommessenger.westchat.e2e.servers.RunningServers;
import net.freedommessenger.westchat.irc.ChannelSetup;
import net.freedommessenger.westchat.irc.IrcSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A community room on a real Ergo from the rendered config: the operator registers the channel
 * with ChanServ and sets its topic, also when a user opened the channel first, and a second run
 * changes nothing.
 */
class ChannelSetupInteropTest {

  static final Duration WAIT = Duration.ofSeconds(15);

  @RegisterExtension
  final RunningServers servers = new RunningServers();

  @Test
  void theChannelIsRegisteredToTheOperatorWithItsTopicAndUsersSeeIt() throws Exception {
    WestchatCommunity community = IrcInteropTest.sample("minimal.yaml");
    RenderedIrc irc = RenderedIrc.start(servers, community);
    String password = irc.passwords().get("westchat");
    try (IrcClient early = new IrcClient(irc.ergo().port(), "early")) {
      // a user opens #technik before the operator gets to it, and holds channel operator status there
      early.send("JOIN #technik");
      early.await(IrcClient.numeric("366"), WAIT);

      long started = System.nanoTime();
      try (IrcSession session = IrcSession.connectAs(LoopbackPorts.HOST, irc.ergo().port(), "westchat", password)) {
        session.oper("westchat", password);
        ChannelSetup setup = ChannelSetup.loggedIn(session, "westchat", password);
        assertEquals(List.of("registered #lobby with ChanServ", "set the topic of #lobby"), setup.ensure("#lobby", "Hallo!"));
        assertEquals(List.of("registered #technik with ChanServ"), setup.ensure("#technik", null));
        assertEquals(List.of(), setup.ensure("#lobby", "Hallo!"), "a second run changes nothing");
        assertEquals(List.of("set the topic of #lobby"), setup.ensure("#lobby", "Neues Thema"));
      }
      System.out.printf("channel setup of 4 runs over one session: %d ms%n", (System.nanoTime() - started) / 1_000_000);
    }

    try (IrcClient user = new IrcClient(irc.ergo().port(), "visitor")) {
      user.send("JOIN #lobby");
      String topic = user.await(IrcClient.numeric("332"), WAIT);
      assertTrue(topic.endsWith(":Neues Thema"), topic);
      user.send("PRIVMSG ChanServ :INFO #lobby");
      String founder = user.await(l -> l.contains("NOTICE") && l.toLowerCase().contains("founder"), WAIT);
      assertTrue(founder.contains("westchat"), founder);
    }
    try (IrcSession again = IrcSession.connectAs(LoopbackPorts.HOST, irc.ergo().port(), "westchat", password)) {
      assertTrue(again.loggedIn(), "SASL logs in to the account made in the first session");
      again.oper("westchat", password);
      assertEquals(List.of(), ChannelSetup.loggedIn(again, "westchat", password).ensure("#technik", null),
          "a new session finds the account and the registration in place");
    }
  }
}
