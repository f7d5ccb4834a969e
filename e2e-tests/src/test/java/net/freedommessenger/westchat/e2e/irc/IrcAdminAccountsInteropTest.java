package net.freedommessenger.westchat.e2e.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.freedommessenger.westchat.api.WestchatCommunity;
import net.freedommessenger.westchat.e2e.servers.IrcClient;
import net.freedommessenger.westchat.e2e.servers.LoopbackPorts;
import net.freedommessenger.westchat.e2e.servers.RunningServers;
import net.freedommessenger.westchat.irc.IrcAdminAccounts;
import net.freedommessenger.westchat.irc.IrcSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The admins' NickServ accounts on a real Ergo from the rendered config: the operator registers
 * them with the passwords of their account Secrets, an admin logs in with NickServ IDENTIFY as the
 * docs say, and a later run leaves an account alone, also when its password was changed.
 */
class IrcAdminAccountsInteropTest {

  static final Duration WAIT = Duration.ofSeconds(15);

  @RegisterExtension
  final RunningServers servers = new RunningServers();

  @Test
  void eachAdminGetsAnAccountWithTheInitialPasswordAndAChangedPasswordStays() throws Exception {
    WestchatCommunity community = IrcInteropTest.sample("minimal.yaml");
    RenderedIrc irc = RenderedIrc.start(servers, community);
    String operatorPassword = irc.passwords().get("westchat");
    String alicePassword = irc.passwords().get("alice");
    try (IrcSession session = IrcSession.connectAs(LoopbackPorts.HOST, irc.ergo().port(), "westchat", operatorPassword)) {
      session.oper("westchat", operatorPassword);
      assertEquals(List.of("alice"), IrcAdminAccounts.ensure(session, Map.of("alice", alicePassword)));
    }

    // the nick is reserved for the account: an admin connects under another nick, or logs in while connecting
    try (IrcClient alice = new IrcClient(irc.ergo().port(), "alice-away")) {
      alice.send("PRIVMSG NickServ :IDENTIFY alice " + alicePassword);
      IrcInteropTest.noticeFrom("NickServ", alice, "You're now logged in as alice");
      alice.send("PRIVMSG NickServ :PASSWD " + alicePassword + " a-password-of-her-own " + "a-password-of-her-own");
      IrcInteropTest.noticeFrom("NickServ", alice, "Password changed");
    }

    try (IrcSession again = IrcSession.connectAs(LoopbackPorts.HOST, irc.ergo().port(), "westchat", operatorPassword)) {
      again.oper("westchat", operatorPassword);
      assertEquals(List.of(), IrcAdminAccounts.ensure(again, Map.of("alice", alicePassword)), "the account exists");
    }
    try (IrcClient alice = IrcClient.overTls(irc.tlsPort(), "alice:a-password-of-her-own", "alice", irc.certificate().trustManager(),
        "irc." + community.getSpec().domain)) {
      alice.send("PRIVMSG NickServ :INFO");
      IrcInteropTest.noticeFrom("NickServ", alice, "Account: alice");
    }
  }
}
